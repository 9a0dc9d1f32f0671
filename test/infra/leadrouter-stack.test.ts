import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, routeKey } from '../../functions/http/routes';
import { LeadRouterStack, type LeadRouterStackProps } from '../../lib/leadrouter-stack';
import { testApp } from './support';

function synth(props: LeadRouterStackProps = {}) {
  const app = testApp();
  const stack = new LeadRouterStack(app, 'LeadRouter', {
    env: { account: '111111111111', region: 'eu-west-1' },
    ...props,
  });
  return { app, stack, template: Template.fromStack(stack) };
}

let synthesized: ReturnType<typeof synth> | undefined;
/** The stack with default settings, synthesized once for the file's read-only assertions. */
const defaults = () => (synthesized ??= synth());
// Synthesis takes a while on a busy machine: in a hook, under the hook timeout.
beforeAll(() => {
  defaults();
});

/** The IAM policy documents attached to the role of one function, by construct id. */
function policyOf(template: Template, functionId: string, construct = 'Api'): string {
  const policies = template.findResources('AWS::IAM::Policy');
  const entry = Object.entries(policies).find(([logicalId]) => logicalId.startsWith(`${construct}${functionId}Role`));
  return JSON.stringify(entry?.[1].Properties.PolicyDocument.Statement ?? []);
}

describe('LeadRouterStack', () => {
  it('serves every route of the route table, and no local-only route', () => {
    const { template } = defaults();
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey,
    );
    expect(routeKeys.sort()).toEqual(
      ROUTES.filter((r) => r.fn !== 'local')
        .map(routeKey)
        .sort(),
    );
  });

  it('puts the Lambda authorizer on every admin route and on no public route', () => {
    const { template } = defaults();
    const authorizers = template.findResources('AWS::ApiGatewayV2::Authorizer');
    expect(Object.values(authorizers).map((a) => a.Properties)).toEqual([
      expect.objectContaining({
        AuthorizerType: 'REQUEST',
        AuthorizerPayloadFormatVersion: '2.0',
        EnableSimpleResponses: true,
        IdentitySource: ['$request.header.Authorization'],
        AuthorizerResultTtlInSeconds: 30,
      }),
    ]);
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
    const adminKeys = ROUTES.filter((r) => r.auth === 'admin' && r.fn !== 'local')
      .map(routeKey)
      .sort();
    expect(
      routes
        .filter((r) => r.AuthorizationType === 'CUSTOM')
        .map((r) => r.RouteKey)
        .sort(),
    ).toEqual(adminKeys);
    for (const route of routes.filter((r) => r.AuthorizationType !== 'CUSTOM'))
      expect(route.AuthorizerId).toBeUndefined();
  });

  it('lets the authorizer read config items and nothing else', () => {
    const authorizer = policyOf(defaults().template, 'Authorizer');
    expect(authorizer).toContain('dynamodb:GetItem');
    for (const action of [
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'sqs:',
      'sns:',
    ]) {
      expect(authorizer).not.toContain(action);
    }
  });

  it('has an enricher that consumes the enrichment queue, updates leads and queues them for the assigner', () => {
    const { template } = defaults();
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).map((m) => m.Properties);
    // The ingest, enrichment and webhook queues, and the leads table's stream.
    expect(mappings).toHaveLength(4);
    expect(mappings.every((m) => m.FunctionResponseTypes?.includes('ReportBatchItemFailures'))).toBe(true);
    const enricher = policyOf(template, 'Enricher');
    expect(enricher).toContain('dynamodb:UpdateItem');
    expect(enricher).toContain('sqs:SendMessage');
    expect(enricher).not.toContain('dynamodb:PutItem');
  });

  it('feeds events and the stats from the leads table stream, off the hot path, with bisection, partial batches and a dead-letter queue', () => {
    const { template } = defaults();
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    const leadChanges = policyOf(template, 'LeadChanges', 'Events');
    expect(leadChanges).toContain('dynamodb:UpdateItem');
    expect(leadChanges).toContain('dynamodb:GetRecords');
    expect(leadChanges).not.toContain('dynamodb:PutItem');
    expect(policyOf(template, 'Admin')).toContain('dynamodb:Query');
  });

  it('has an assigner that consumes the ingest queue with partial batch responses', () => {
    defaults().template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('logs API access, and throttles a route without its own limits at the smallest family’s', () => {
    defaults().template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue() },
      DefaultRouteSettings: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
    });
  });

  it('logs each request by its route key, never by a path that carries webhook keys or link tokens', () => {
    const [stage] = Object.values(synth().template.findResources('AWS::ApiGatewayV2::Stage'));
    const format = JSON.parse(stage!.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({ routeKey: '$context.routeKey', status: '$context.status' });
    const variables = Object.values(format).join(' ');
    for (const leaky of ['$context.path', '$context.resourcePath', '$context.http.path', 'rawQueryString']) {
      expect(variables).not.toContain(leaky);
    }
  });

  it('outputs the tables and queues npm run admin -- redrive works on', () => {
    const outputs = Object.keys(synth().template.findOutputs('*'));
    for (const name of [
      'LeadsTableName',
      'ConfigTableName',
      'StateTableName',
      'IngestQueueUrl',
      'IngestDeadLetterQueueArn',
      'EnrichmentQueueUrl',
      'EnrichmentDeadLetterQueueArn',
    ]) {
      expect(outputs).toContain(name);
    }
  });

  it('outputs the API base URL', () => {
    const outputs = defaults().template.findOutputs('*');
    expect(Object.keys(outputs).some((name) => name.includes('ApiUrl'))).toBe(true);
  });

  it('puts the API endpoint in links and webhook URLs, or the custom domain when it has one', {
    timeout: 90_000,
  }, () => {
    const baseUrls = (template: Template) =>
      Object.values(template.findResources('AWS::Lambda::Function'))
        .map((fn) => fn.Properties.Environment?.Variables?.PUBLIC_BASE_URL)
        .filter((url) => url !== undefined);
    const plain = defaults().template;
    // Admin, assigner, rep links, and webhook delivery (Slack messages' accept links).
    expect(baseUrls(plain)).toHaveLength(4);
    expect(JSON.stringify(baseUrls(plain))).toContain('"ApiEndpoint"');
    plain.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);

    const certificateArn = 'arn:aws:acm:eu-west-1:111111111111:certificate/abc';
    const { template, app, stack } = synth({ customDomain: { domainName: 'go.acme.test', certificateArn } });
    expect(baseUrls(template)).toEqual(Array(4).fill('https://go.acme.test'));
    const webhookBase = Object.values(template.findResources('AWS::Lambda::Function')).flatMap(
      (fn) => fn.Properties.Environment?.Variables?.WEBHOOK_BASE_URL ?? [],
    );
    expect(webhookBase).toEqual(['https://go.acme.test']);
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'go.acme.test',
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: certificateArn })],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', {
      Stage: Match.anyValue(),
      ApiId: Match.anyValue(),
    });
    const outputs = template.findOutputs('*');
    expect(Object.entries(outputs).find(([name]) => name.includes('ApiUrl'))?.[1].Value).toBe('https://go.acme.test/');
    expect(Object.keys(outputs).some((name) => name.includes('CustomDomainTarget'))).toBe(true);
    expect(new AwsSolutionsChecks(app).validateScope(stack).violations).toEqual([]);
  });

  it('grants each function only what it uses', () => {
    const { template } = defaults();
    const ingest = policyOf(template, 'Ingest');
    expect(ingest).toContain('dynamodb:PutItem');
    expect(ingest).toContain('sqs:SendMessage');
    expect(ingest).toContain('IdempotencyTable');
    for (const action of [
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:Scan',
      'sns:Publish',
    ]) {
      expect(ingest).not.toContain(action);
    }
    const assigner = policyOf(template, 'Assigner');
    expect(assigner).toContain('sns:Publish');
    expect(assigner).not.toContain('dynamodb:DeleteItem');
    expect(assigner).not.toContain('dynamodb:Scan');
    const admin = policyOf(template, 'Admin');
    expect(admin).toContain('sqs:SendMessage'); // held leads and notices go through the queue
    expect(admin).not.toContain('sns:Publish');
    const repLinks = policyOf(template, 'RepLinks');
    expect(repLinks).toContain('dynamodb:Query'); // queues are listed through indexes ...
    expect(repLinks).toContain('sqs:SendMessage'); // ... and a taken lead's notice rides the queue
    // PutItem only on the config table: a rep's own availability change, with its audit entry.
    expect(repLinks).toContain('dynamodb:PutItem');
    for (const action of ['dynamodb:Scan', 'dynamodb:DeleteItem', 'sns:Publish']) {
      expect(repLinks).not.toContain(action);
    }
    const sweeper = policyOf(template, 'Sweeper');
    expect(sweeper).toContain('sqs:SendMessage');
    expect(sweeper).toContain('dynamodb:UpdateItem'); // counts requeues of stranded leads, marks them failed
    for (const action of ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'sns:Publish']) {
      expect(sweeper).not.toContain(action);
    }
  });

  it('lets only the admin function write lookup tables, and the assigner read them', () => {
    const { template } = synth();
    const statements = (functionId: string) =>
      (JSON.parse(policyOf(template, functionId)) as { Action: string | string[]; Resource: unknown }[]).filter((s) =>
        JSON.stringify(s.Resource).includes('LookupsTable'),
      );
    const actions = (functionId: string) => statements(functionId).flatMap((s) => [s.Action].flat());
    expect(actions('Admin')).toEqual(expect.arrayContaining(['dynamodb:BatchWriteItem', 'dynamodb:UpdateItem']));
    expect(actions('Assigner').sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem']);
    for (const fn of ['Ingest', 'Sweeper', 'RepLinks']) expect(actions(fn)).toEqual([]);
  });

  it('lets the assigner query the stats aggregates, and only query them', () => {
    const { template } = synth();
    const statements = (
      JSON.parse(policyOf(template, 'Assigner')) as { Action: string | string[]; Resource: unknown }[]
    ).filter((s) => JSON.stringify(s.Resource).includes('StatsTable'));
    expect(statements.flatMap((s) => [s.Action].flat())).toEqual(['dynamodb:Query']);
  });

  it('runs the sweeper every minute', () => {
    defaults().template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
    });
  });

  it("passes cdk-nag's AwsSolutions pack, every acknowledgment with its reason", { timeout: 90_000 }, () => {
    const { app, stack } = synth();
    const report = new AwsSolutionsChecks(app).validateScope(stack);
    expect(
      report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`),
    ).toEqual([]);
    const acknowledgments = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id, reason })));
    expect(acknowledgments.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledgments) {
      expect(reason.length, `reason for ${id}`).toBeGreaterThan(20);
    }
  });
});
