import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_HEADER } from '../../functions/http/origin-guard';
import { stackPropsFromContext } from '../../lib/context-settings';
import { LeadRouterStack, type LeadRouterStackProps } from '../../lib/leadrouter-stack';
import { testApp } from './support';

function synth(region: string | undefined, props: LeadRouterStackProps = { webFirewall: {} }) {
  const app = testApp();
  const stack = new LeadRouterStack(app, 'LeadRouter', {
    ...(region ? { env: { account: '111111111111', region } } : {}),
    ...props,
  });
  return { app, stack, template: Template.fromStack(stack) };
}

const nagViolations = (app: ReturnType<typeof testApp>, stack: import('aws-cdk-lib').Stack) =>
  new AwsSolutionsChecks(app)
    .validateScope(stack)
    .violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);

let apart: ReturnType<typeof synth>;
/** The firewall with the API in eu-west-1: the web ACL in a stack of its own in us-east-1. */
const inEurope = () => apart;
// Synthesis takes a while on a busy machine: in a hook, under the hook timeout.
beforeAll(() => {
  apart = synth('eu-west-1');
});

describe('the optional web firewall (-c waf=true)', () => {
  it('puts the web ACL in us-east-1, with the managed rule groups and a per-IP limit on webhooks', () => {
    const { stack } = inEurope();
    const firewall = stack.firewallStack!;
    expect(firewall.region).toBe('us-east-1');
    const acl = Template.fromStack(firewall).findResources('AWS::WAFv2::WebACL');
    const [props] = Object.values(acl).map((a) => a.Properties);
    expect(props.Scope).toBe('CLOUDFRONT');
    expect(props.DefaultAction).toEqual({ Allow: {} });
    const rules = props.Rules as { Name: string; Priority: number; Statement: Record<string, any>; Action?: any }[];
    expect(rules.map((r) => r.Name)).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'WebhookRateLimit',
    ]);
    expect(rules[1]!.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
    const rate = rules[3]!;
    expect(rate.Statement.RateBasedStatement).toMatchObject({
      Limit: 500,
      EvaluationWindowSec: 300,
      AggregateKeyType: 'IP',
      ScopeDownStatement: {
        ByteMatchStatement: {
          FieldToMatch: { UriPath: {} },
          PositionalConstraint: 'STARTS_WITH',
          SearchString: '/hooks/',
        },
      },
    });
    expect(rate.Action).toEqual({
      Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'rateLimited' } },
    });
    expect(JSON.parse(props.CustomResponseBodies.rateLimited.Content)).toMatchObject({
      error: { code: 'rate_limited' },
    });
  });

  it('serves the API through CloudFront with the web ACL, links and webhook URLs included', () => {
    const { template } = inEurope();
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution')).map(
      (d) => d.Properties.DistributionConfig,
    );
    expect(JSON.stringify(distribution.WebACLId)).toContain('WebFirewall');
    expect(distribution.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'https-only' });
    expect(distribution.DefaultCacheBehavior.AllowedMethods).toHaveLength(7);
    expect(distribution.Origins[0].OriginCustomHeaders).toEqual([
      { HeaderName: ORIGIN_HEADER, HeaderValue: expect.objectContaining({ 'Fn::Join': expect.anything() }) },
    ]);
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).map(
      (f) => f.Properties.Environment?.Variables ?? {},
    );
    // The HTTP functions refuse requests without CloudFront's header; links point at CloudFront.
    expect(functions.filter((env) => env.ORIGIN_SECRET)).toHaveLength(4);
    const baseUrls = functions.flatMap((env) => [env.PUBLIC_BASE_URL, env.WEBHOOK_BASE_URL].filter(Boolean));
    // Links from admin, assigner, rep links and webhook delivery; the admin's webhook URLs.
    expect(baseUrls).toHaveLength(5);
    for (const url of baseUrls) expect(JSON.stringify(url)).toContain('DomainName');
    const outputs = template.findOutputs('*');
    const apiUrl = Object.entries(outputs).find(([name]) => name.includes('ApiUrl'))![1].Value;
    expect(JSON.stringify(apiUrl)).toContain('Distribution');
  });

  it("passes cdk-nag's AwsSolutions pack in both stacks", () => {
    const { app, stack } = inEurope();
    expect(nagViolations(app, stack)).toEqual([]);
    expect(nagViolations(app, stack.firewallStack!)).toEqual([]);
  });

  it('keeps the web ACL in the stack when it deploys to us-east-1, or has no region yet (offline synth)', {
    timeout: 90_000,
  }, () => {
    const virginia = synth('us-east-1');
    expect(virginia.stack.firewallStack).toBeUndefined();
    virginia.template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    expect(nagViolations(virginia.app, virginia.stack)).toEqual([]);
    const agnostic = synth(undefined);
    agnostic.template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    Annotations.fromStack(agnostic.stack).hasWarning('*', Match.stringLikeRegexp('deploys only to us-east-1'));
  });

  it('is off by default: no web ACL, no distribution, the API at its own address', () => {
    const { template } = synth('eu-west-1', {});
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functions.filter((f) => f.Properties.Environment?.Variables?.ORIGIN_SECRET)).toEqual([]);
  });
});

describe('the -c settings', () => {
  const context = (values: Record<string, string>) => (name: string) => values[name];

  it('turn on the firewall, subscribe an email, tune the alarms and throttle the route families', () => {
    expect(
      stackPropsFromContext(
        context({
          waf: 'true',
          wafWebhookLimit: '1000',
          alarmEmail: 'ops@example.com',
          heldLeadAlarmMinutes: '720',
          queueAgeAlarmMinutes: '30',
          webhooksRate: '100',
          webhooksBurst: '300',
          repLinksBurst: '80',
        }),
      ),
    ).toMatchObject({
      webFirewall: { webhookRequestsPer5Minutes: 1000 },
      alarmEmail: 'ops@example.com',
      heldLeadAlarmMinutes: 720,
      queueAgeAlarmMinutes: 30,
      throttles: { webhooks: { rate: 100, burst: 300 }, repLinks: { burst: 80 } },
    });
    expect(stackPropsFromContext(context({}))).not.toHaveProperty('webFirewall');
  });

  it('refuse what would deploy something else than asked', () => {
    const refused = (values: Record<string, string>) => () => stackPropsFromContext(context(values));
    expect(refused({ alarmEmail: 'ops' })).toThrow(/alarmEmail must be an email address/);
    expect(refused({ heldLeadAlarmMinutes: 'an hour' })).toThrow(/whole number of minutes/);
    expect(refused({ waf: 'true', wafWebhookLimit: '5' })).toThrow(/at least 10/);
    expect(refused({ waf: 'true', domainName: 'go.acme.test', certificateArn: 'arn:aws:acm:x' })).toThrow(
      /cannot go together/,
    );
    expect(refused({ domainName: 'go.acme.test' })).toThrow(/needs both/);
    expect(refused({ eventArchiveDays: 'a month' })).toThrow(/eventArchiveDays must be a whole number of days/);
  });

  it('keep lead events in the archive for the days asked, forever with 0', () => {
    expect(stackPropsFromContext(context({ eventArchiveDays: '90' }))).toMatchObject({ eventArchiveDays: 90 });
    expect(stackPropsFromContext(context({ eventArchiveDays: '0' }))).toMatchObject({ eventArchiveDays: 0 });
    expect(stackPropsFromContext(context({}))).not.toHaveProperty('eventArchiveDays');
  });
});
