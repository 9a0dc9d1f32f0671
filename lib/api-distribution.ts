import { Fn, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  OriginRequestPolicy,
  PriceClass,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_HEADER } from '../functions/http/origin-guard';

export interface ApiDistributionProps {
  readonly httpApi: HttpApi;
  /** The CloudFront-scoped web ACL that filters every request. */
  readonly webAclArn: string;
}

/**
 * CloudFront in front of the HTTP API, so the web ACL sees every request: nothing cached,
 * every method, every header but Host passed on. The API's own address stays reachable (an
 * HTTP API cannot be made private to CloudFront), so CloudFront adds a secret header and the
 * functions answer 403 to requests that lack it: going around the firewall gets nothing.
 */
export class ApiDistribution extends Construct {
  readonly distribution: Distribution;
  /** The header value; the HTTP functions get it in their environment to check. */
  readonly originSecret: Secret;

  constructor(scope: Construct, id: string, props: ApiDistributionProps) {
    super(scope, id);
    this.originSecret = new Secret(this, 'OriginSecret', {
      description: 'leadrouter: the header value CloudFront adds, proving a request passed the web ACL',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(this.originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Shared only by CloudFront and the functions, both set from it at deploy; rotate by changing the value and redeploying',
    });
    // https://{id}.execute-api.{region}.{suffix} → its host name.
    const apiHost = Fn.select(2, Fn.split('/', props.httpApi.apiEndpoint));
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'leadrouter: the API behind the web ACL',
      webAclId: props.webAclArn,
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: new HttpOrigin(apiHost, {
          customHeaders: { [ORIGIN_HEADER]: this.originSecret.secretValue.unsafeUnwrap() },
        }),
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        // Redirecting would turn a webhook POST into a GET; plain HTTP is refused instead.
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        compress: false,
      },
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Leads, reps and admins may be anywhere; the web ACL filters by reputation and rate instead',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          "The API's access log records every request CloudFront forwards, and the web ACL's metrics and sampled requests show what it blocked",
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          "The distribution's default *.cloudfront.net certificate cannot set a minimum TLS version; senders and browsers negotiate TLS 1.2 or later",
      },
    );
  }

  /** The public base URL: every link and webhook URL points here. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
