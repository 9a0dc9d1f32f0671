import { join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  ApiMapping,
  DomainName,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { writeConsole } from '../console/build';
import { CONFIG_ITEM_ACCESS } from '../functions/adapters/dynamodb/config-access';
import { TABLES } from '../functions/adapters/dynamodb/table-definitions';
import { type FunctionGroup, ROUTES } from '../functions/http/routes';
import { ApiDistribution } from './api-distribution';
import { FUNCTION_ENTRIES } from './bundling';
import { LeadRouterFunction } from './leadrouter-function';
import { DEFAULT_THROTTLES, type RouteFamily, type Throttle, throttleRoutes } from './route-throttles';
import type { StatefulResources } from './stateful-resources';

export interface ApiProps {
  readonly data: StatefulResources;
  readonly assignerTimeoutSeconds: number;
  /** API Gateway throttling per route family (lib/route-throttles.ts); the defaults when absent. */
  readonly throttles?: Readonly<Record<RouteFamily, Throttle>>;
  /** Most assigner instances at once: a pool's commits are serial anyway, more only add conflicts. */
  readonly assignerMaxConcurrency?: number;
  /** X-Ray active tracing on every function (default off). */
  readonly tracing?: boolean;
  /** `--enable-source-maps` on every function (default off: it slows cold starts). */
  readonly sourceMapStackTraces?: boolean;
  /** The enrichment function's timeout; the enrichment queue's visibility is six times it. */
  readonly enricherTimeoutSeconds?: number;
  /** How long API Gateway caches the authorizer's answer for one Authorization header. */
  readonly authorizerCacheSeconds?: number;
  /**
   * Serve the API on your own domain too, and put it in every link and webhook URL: shorter
   * links keep SMS notices in one part with the lead's name whole. The certificate (ACM, in
   * the stack's region) must cover the name; point a CNAME at the `CustomDomainTarget` output.
   */
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string };
  /**
   * Put CloudFront with this web ACL in front of the API (`-c waf=true`): links and webhook
   * URLs point at the distribution, and the functions refuse requests that went around it.
   */
  readonly webAclArn?: string;
}

/**
 * One JSON line per request in the access log. It names the route (`POST /hooks/{sourceKey}`),
 * never the path, which carries webhook keys and rep-link tokens, nor the query string (Meta's
 * verify token); for admin routes, the id of the API key the authorizer accepted.
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  adminKeyId: '$context.authorizer.keyId',
} as const;

/** The functions and the HTTP API, routed from the route table. */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  /** Where links point: the API's endpoint, the custom domain, or CloudFront's. */
  readonly publicBaseUrl: string;
  readonly functions: Readonly<
    Record<Exclude<keyof typeof FUNCTION_ENTRIES, 'leadChanges' | 'webhooks'>, LeadRouterFunction>
  >;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    if (props.customDomain && props.webAclArn)
      throw new Error(
        'A custom domain and the web ACL together need the domain on CloudFront (a certificate in us-east-1); see docs/operations.md',
      );
    const { tables, sourceSecretsKey } = props.data;
    // Each role reaches only the config items its function uses (the item kind is the partition key).
    const onlyItems = (fn: keyof typeof CONFIG_ITEM_ACCESS) => ({ leadingKeys: CONFIG_ITEM_ACCESS[fn] });
    const SOURCE_SECRETS_KEY = 'SOURCE_SECRETS_KEY_ARN';
    const observe = { tracing: props.tracing ?? false, sourceMapStackTraces: props.sourceMapStackTraces ?? false };

    const ingest = new LeadRouterFunction(this, 'Ingest', {
      ...observe,
      entry: FUNCTION_ENTRIES.ingest,
      description: 'leadrouter webhook: validates a lead, stores it and queues it for routing',
    })
      // GetItem on leads: a repeated delivery reads its original, to queue it again if it waits.
      .bindTable(tables.leads, TABLES.leads, ['PutItem', 'GetItem'])
      .bindTable(tables.idempotency, TABLES.idempotency, ['PutItem'])
      .bindTable(tables.config, TABLES.config, ['GetItem'], onlyItems('ingest'))
      // Opens sources' secrets to check signatures and Google keys.
      .bindKey(sourceSecretsKey, SOURCE_SECRETS_KEY, 'open')
      .bindQueueSender(props.data.ingestQueue, 'INGEST_QUEUE_URL')
      .bindQueueSender(props.data.enrichmentQueue, 'ENRICHMENT_QUEUE_URL');

    const admin = new LeadRouterFunction(this, 'Admin', {
      ...observe,
      entry: FUNCTION_ENTRIES.admin,
      description: 'leadrouter admin API: reps, pools, sources and leads',
      // A 100,000-row table upload parses, diffs and writes in one request: CPU grows with
      // memory, and API Gateway waits at most 30 s. Admin calls are rare, so the cost is small.
      memorySize: 1024,
      timeout: Duration.seconds(29),
    })
      .bindTable(tables.leads, TABLES.leads, ['GetItem', 'BatchGetItem', 'Query', 'UpdateItem'])
      .bindTable(
        tables.config,
        TABLES.config,
        ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'DeleteItem'],
        onlyItems('admin'),
      )
      // Seals the secrets of sources it saves, and opens them to rotate a signing secret.
      .bindKey(sourceSecretsKey, SOURCE_SECRETS_KEY, 'seal')
      .bindTable(tables.state, TABLES.state, [
        'GetItem',
        'BatchGetItem',
        'PutItem',
        'UpdateItem',
        'DeleteItem',
        'ConditionCheckItem',
      ])
      // Lookup tables: uploads write parts in batches and switch the head with one conditional update.
      .bindTable(tables.lookups, TABLES.lookups, ['GetItem', 'BatchGetItem', 'Query', 'UpdateItem', 'BatchWriteItem'])
      // The stats aggregates: read only (the lead-change consumer writes them).
      .bindTable(tables.stats, TABLES.stats, ['Query'])
      .bindQueueSender(props.data.ingestQueue, 'INGEST_QUEUE_URL')
      // Webhook deliveries an admin retries.
      .bindQueueSender(props.data.webhookQueue, 'WEBHOOK_QUEUE_URL')
      .bindSecretReader(props.data.linkSigningKey, 'LINK_KEY_SECRET_ARN');

    const assigner = new LeadRouterFunction(this, 'Assigner', {
      ...observe,
      entry: FUNCTION_ENTRIES.assigner,
      description: 'leadrouter assigner: routes queued leads to reps and notifies them',
      timeout: Duration.seconds(props.assignerTimeoutSeconds),
    })
      // Query and BatchGetItem on leads: the sticky-owner lookup by email and phone.
      .bindTable(tables.leads, TABLES.leads, ['GetItem', 'BatchGetItem', 'Query', 'UpdateItem'])
      .bindTable(tables.config, TABLES.config, ['GetItem', 'BatchGetItem'], onlyItems('assigner'))
      .bindTable(tables.state, TABLES.state, ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem'])
      // Territory and named-account rows: a table's head and the parts a lead's keys hash to.
      .bindTable(tables.lookups, TABLES.lookups, ['GetItem', 'BatchGetItem'])
      // Performance pools' outcome rates, read once per pool per recompute interval.
      .bindTable(tables.stats, TABLES.stats, ['Query'])
      .bindTopicPublisher(props.data.notificationsTopic, 'NOTIFICATIONS_TOPIC_ARN')
      // Timers (offer windows, accept deadlines) are delayed messages on the same queue.
      .bindQueueSender(props.data.ingestQueue, 'INGEST_QUEUE_URL')
      .bindSecretReader(props.data.linkSigningKey, 'LINK_KEY_SECRET_ARN');
    // Reps' email and SMS subscriptions follow their records (see SnsRepChannels).
    assigner.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['sns:Subscribe', 'sns:Unsubscribe'],
        resources: [props.data.notificationsTopic.topicArn],
      }),
    );
    assigner.function.addEventSource(
      new SqsEventSource(props.data.ingestQueue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: props.assignerMaxConcurrency ?? 5,
      }),
    );
    const sweeper = new LeadRouterFunction(this, 'Sweeper', {
      ...observe,
      entry: FUNCTION_ENTRIES.sweeper,
      description: 'leadrouter sweeper: puts held and stranded leads back on the queue every minute',
      memorySize: 256,
      timeout: Duration.seconds(60),
    })
      // UpdateItem: counts its requeues of a stranded lead, and marks one failed after the last.
      .bindTable(tables.leads, TABLES.leads, ['BatchGetItem', 'Query', 'UpdateItem'])
      .bindTable(tables.config, TABLES.config, ['GetItem', 'BatchGetItem', 'Query'], onlyItems('sweeper'))
      // Reads pool snapshots to skip pools where nobody could take a lead yet.
      .bindTable(tables.state, TABLES.state, ['GetItem', 'BatchGetItem'])
      .bindQueueSender(props.data.ingestQueue, 'INGEST_QUEUE_URL')
      // Meta leads stranded before their details were fetched go back to enrichment.
      .bindQueueSender(props.data.enrichmentQueue, 'ENRICHMENT_QUEUE_URL');
    new Rule(this, 'SweepEveryMinute', {
      description: 'Retries held leads: reps come back from away and working hours begin without an API call',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(sweeper.function, { retryAttempts: 0 })],
    });
    const repLinks = new LeadRouterFunction(this, 'RepLinks', {
      ...observe,
      entry: FUNCTION_ENTRIES.repLinks,
      description: 'leadrouter rep links: the claim and accept pages and pull queues behind signed links',
      memorySize: 256,
    })
      // Queues are listed through the lead indexes (Query) and previews read leads field by field (BatchGetItem).
      .bindTable(tables.leads, TABLES.leads, ['GetItem', 'BatchGetItem', 'Query', 'UpdateItem'])
      // Reminding a pool's reps after a release reads the pool's reps at once; a rep's own
      // availability change saves the rep with its audit entry and lists the pools it touches.
      .bindTable(tables.config, TABLES.config, ['GetItem', 'BatchGetItem', 'Query', 'PutItem'], onlyItems('repLinks'))
      // Rep counters, the pool snapshot for reminders, and the reminder throttle items.
      .bindTable(tables.state, TABLES.state, ['GetItem', 'BatchGetItem', 'UpdateItem'])
      // A taken lead's notice and SLA timer ride the ingest queue, like the admin's.
      .bindQueueSender(props.data.ingestQueue, 'INGEST_QUEUE_URL')
      .bindSecretReader(props.data.linkSigningKey, 'LINK_KEY_SECRET_ARN');

    const enricher = new LeadRouterFunction(this, 'Enricher', {
      ...observe,
      entry: FUNCTION_ENTRIES.enricher,
      description:
        'leadrouter enrichment: fetches Meta lead details from the Graph API, then queues the lead for routing',
      timeout: Duration.seconds(props.enricherTimeoutSeconds ?? 30),
      memorySize: 256,
    })
      .bindTable(tables.config, TABLES.config, ['GetItem'], onlyItems('enricher'))
      // Opens a Meta source's access token and app secret for the Graph API.
      .bindKey(sourceSecretsKey, SOURCE_SECRETS_KEY, 'open')
      .bindTable(tables.leads, TABLES.leads, ['UpdateItem'])
      .bindQueueSender(props.data.ingestQueue, 'INGEST_QUEUE_URL');
    enricher.function.addEventSource(
      new SqsEventSource(props.data.enrichmentQueue, {
        batchSize: 5,
        reportBatchItemFailures: true,
        maxConcurrency: 2,
      }),
    );

    // Checks admin API keys for API Gateway; reads one config item per key, nothing else.
    const authorizer = new LeadRouterFunction(this, 'Authorizer', {
      ...observe,
      entry: FUNCTION_ENTRIES.authorizer,
      description: 'leadrouter admin API authorizer: checks the hashed admin API key',
      memorySize: 256,
      timeout: Duration.seconds(5),
    }).bindTable(tables.config, TABLES.config, ['GetItem'], onlyItems('authorizer'));
    const adminAuthorizer = new HttpLambdaAuthorizer('AdminApiKey', authorizer.function, {
      authorizerName: 'admin-api-key',
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: Duration.seconds(props.authorizerCacheSeconds ?? 30),
    });

    // Serves the OpenAPI document and the admin console's files; touches no table, queue or secret.
    const docs = new LeadRouterFunction(this, 'Docs', {
      ...observe,
      entry: FUNCTION_ENTRIES.docs,
      description: 'leadrouter docs: the OpenAPI document of the API and the admin console',
      memorySize: 256,
      afterBundling: (outputDir) => {
        const files = writeConsole(join(outputDir, 'console'));
        console.error(`console: ${files.length} files beside the docs function`);
      },
    });
    this.functions = { ingest, admin, assigner, sweeper, repLinks, enricher, authorizer, docs };

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'leadrouter: webhooks for lead sources and the admin API',
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      // A backstop for a route without its own settings; every route has them (below).
      throttle: { rateLimit: DEFAULT_THROTTLES.docs.rate, burstLimit: DEFAULT_THROTTLES.docs.burst },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const integrations: Record<FunctionGroup, HttpLambdaIntegration> = {
      ingest: new HttpLambdaIntegration('IngestIntegration', ingest.function),
      admin: new HttpLambdaIntegration('AdminIntegration', admin.function),
      rep: new HttpLambdaIntegration('RepLinksIntegration', repLinks.function),
      docs: new HttpLambdaIntegration('DocsIntegration', docs.function),
    };
    // Links in notices and webhook URLs point at this API: at its custom domain when it has one.
    let publicBaseUrl = this.httpApi.apiEndpoint;
    if (props.customDomain) {
      const domain = new DomainName(this, 'CustomDomain', {
        domainName: props.customDomain.domainName,
        certificate: Certificate.fromCertificateArn(this, 'CustomDomainCertificate', props.customDomain.certificateArn),
      });
      new ApiMapping(this, 'CustomDomainMapping', { api: this.httpApi, domainName: domain, stage: this.stage });
      publicBaseUrl = `https://${props.customDomain.domainName}`;
      // Sources' webhookUrl: the custom domain, whichever address the admin called.
      admin.function.addEnvironment('WEBHOOK_BASE_URL', publicBaseUrl);
      new CfnOutput(this, 'CustomDomainTarget', {
        value: domain.regionalDomainName,
        description: `Point a CNAME (or an alias record) for ${props.customDomain.domainName} at this name`,
      });
    }
    if (props.webAclArn) {
      const edge = new ApiDistribution(this, 'Edge', { httpApi: this.httpApi, webAclArn: props.webAclArn });
      publicBaseUrl = edge.url;
      admin.function.addEnvironment('WEBHOOK_BASE_URL', publicBaseUrl);
      for (const fn of [ingest, admin, repLinks, docs])
        fn.function.addEnvironment('ORIGIN_SECRET', edge.originSecret.secretValue.unsafeUnwrap());
    }
    for (const fn of [admin, assigner, repLinks]) fn.function.addEnvironment('PUBLIC_BASE_URL', publicBaseUrl);
    this.publicBaseUrl = publicBaseUrl;
    const deployedRoutes = ROUTES.filter((route) => route.fn !== 'local');
    for (const route of deployedRoutes) {
      const [added] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrations[route.fn],
        ...(route.auth === 'admin' ? { authorizer: adminAuthorizer } : {}),
      });
      // The stage's route settings name the route, so it must exist first.
      if (added) this.stage.node.addDependency(added);
      if (route.auth !== 'admin' && added) {
        Validations.of(added).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'Public by design: webhooks are admitted by the unguessable source key in the path (and signatures where the source has them); rep link pages by their signed token; health, the OpenAPI document and the console’s static files reveal nothing (the console signs in with an admin key). Every admin route has the Lambda authorizer.',
        });
      }
    }

    throttleRoutes(this.stage, deployedRoutes, props.throttles ?? DEFAULT_THROTTLES);

    new CfnOutput(this, 'ApiUrl', {
      value: props.customDomain || props.webAclArn ? `${publicBaseUrl}/` : this.stage.url,
      description: 'Base URL of the leadrouter API',
    });
  }
}
