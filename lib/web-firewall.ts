// The optional web application firewall (`-c waf=true`). AWS WAF cannot protect an API
// Gateway HTTP API directly (it attaches to REST APIs, CloudFront, load balancers and a few
// others), so the web ACL protects a CloudFront distribution in front of the API
// (api-distribution.ts). A web ACL for CloudFront must live in us-east-1.
import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface WebFirewallProps {
  /** Webhook requests one IP address may make in 5 minutes before it gets 429s (default 500). */
  readonly webhookRequestsPer5Minutes?: number;
}

/** The response the rate rule sends, in the API's own error format. */
const RATE_LIMITED_BODY = JSON.stringify({
  error: {
    code: 'rate_limited',
    message: 'Too many requests from this address; retry in a few minutes',
    details: null,
  },
});

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  metricName,
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
});

/**
 * A web ACL for CloudFront: AWS's IP reputation list, its common rule set and its known bad
 * inputs, then a per-IP rate limit on the webhook paths. The common set's body-size rule
 * only counts: it blocks bodies over 8 KB, and a rule set or a Meta delivery may be larger
 * (the functions enforce their own bounds).
 */
export class WebFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: WebFirewallProps = {}) {
    super(scope, id);
    const managed = (priority: number, name: string, overrides: string[] = []): CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ...(overrides.length
            ? { ruleActionOverrides: overrides.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
            : {}),
        },
      },
      visibilityConfig: visibility(name),
    });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      description: 'leadrouter: managed rule groups, and a per-IP rate limit on webhooks',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('leadrouter'),
      customResponseBodies: { rateLimited: { contentType: 'APPLICATION_JSON', content: RATE_LIMITED_BODY } },
      rules: [
        managed(0, 'AWSManagedRulesAmazonIpReputationList'),
        managed(1, 'AWSManagedRulesCommonRuleSet', ['SizeRestrictions_BODY']),
        managed(2, 'AWSManagedRulesKnownBadInputsRuleSet'),
        {
          name: 'WebhookRateLimit',
          priority: 3,
          action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'rateLimited' } } },
          statement: {
            rateBasedStatement: {
              limit: props.webhookRequestsPer5Minutes ?? 500,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  searchString: '/hooks/',
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
          visibilityConfig: visibility('WebhookRateLimit'),
        },
      ],
    });
  }

  /** The ARN CloudFront names the web ACL by. */
  get webAclArn(): string {
    return this.webAcl.attrArn;
  }
}

/** A stack of its own in us-east-1 for the web ACL, when the API lives in another region. */
export class WebFirewallStack extends Stack {
  readonly firewall: WebFirewall;

  constructor(scope: Construct, id: string, props: StackProps & WebFirewallProps) {
    super(scope, id, props);
    this.firewall = new WebFirewall(this, 'WebFirewall', props);
  }
}
