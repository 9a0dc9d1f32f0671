import type { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_ITEM_ACCESS } from '../../functions/adapters/dynamodb/config-access';
import { OLDEST_HELD_LEAD_AGE_METRIC } from '../../functions/entry/alarm-metrics';
import { ROUTES, routeKey } from '../../functions/http/routes';
import { FUNCTION_ENTRIES } from '../../lib/bundling';
import { LeadRouterStack, type LeadRouterStackProps } from '../../lib/leadrouter-stack';
import { DEFAULT_THROTTLES, routeFamily } from '../../lib/route-throttles';
import { testApp } from './support';

function synth(props: LeadRouterStackProps = {}) {
  const stack = new LeadRouterStack(testApp(), 'LeadRouter', {
    env: { account: '111111111111', region: 'eu-west-1' },
    ...props,
  });
  return { stack, template: Template.fromStack(stack) };
}

let synthesized: ReturnType<typeof synth>;
/** The stack with an alarm email and otherwise default settings, synthesized once for the file. */
const withEmail = () => synthesized;
// Synthesis takes a while on a busy machine: in a hook, under the hook timeout.
beforeAll(() => {
  synthesized = synth({ alarmEmail: 'ops@example.com' });
});

const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

type Statement = { Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };
/** The statements of one function's role, by the function's construct id. */
function statementsOf(template: Template, functionId: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  const entry = Object.entries(policies).find(
    ([id]) => id.startsWith(`Api${functionId}Role`) || id.startsWith(`Events${functionId}Role`),
  );
  return entry?.[1].Properties.PolicyDocument.Statement ?? [];
}
const actionsOf = (statement: Statement) => [statement.Action].flat();

describe('the AWS edge: throttles', () => {
  it('gives every route its own bucket with its family’s limits, so a webhook flood cannot use up the admin’s', () => {
    const { template, stack } = withEmail();
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0]!;
    const deployed = ROUTES.filter((r) => r.fn !== 'local');
    expect(Object.keys(stage.Properties.RouteSettings).sort()).toEqual(deployed.map(routeKey).sort());
    for (const route of deployed) {
      const { rate, burst } = DEFAULT_THROTTLES[routeFamily(route)];
      expect(stage.Properties.RouteSettings[routeKey(route)], routeKey(route)).toEqual({
        ThrottlingRateLimit: rate,
        ThrottlingBurstLimit: burst,
      });
    }
    expect(routeFamily({ auth: 'none', path: '/hooks/{sourceKey}' })).toBe('webhooks');
    expect(routeFamily({ auth: 'admin', path: '/admin/reps' })).toBe('admin');
    expect(routeFamily({ auth: 'token', path: '/l/{token}' })).toBe('repLinks');
    expect(routeFamily({ auth: 'none', path: '/openapi.json' })).toBe('docs');
    // Route settings name routes, so the stage waits for them.
    const routeIds = Object.keys(template.findResources('AWS::ApiGatewayV2::Route'));
    const stageId = logicalId(stack, stack.api.stage);
    expect(template.toJSON().Resources[stageId].DependsOn).toEqual(expect.arrayContaining(routeIds));
  });

  it('takes other limits per family, and keeps the rest at their defaults', { timeout: 90_000 }, () => {
    const { template } = synth({ throttles: { webhooks: { rate: 200, burst: 400 }, admin: { burst: 30 } } });
    const settings = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0]!.Properties.RouteSettings;
    expect(settings['POST /hooks/{sourceKey}']).toEqual({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 });
    expect(settings['GET /admin/reps']).toEqual({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 30 });
    expect(settings['POST /l/{token}']).toEqual({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 });
    expect(() => synth({ throttles: { webhooks: { rate: 0 } } })).toThrow(/webhooks rate limit must be/);
  });
});

describe('the AWS edge: alarms', () => {
  it('sends every alarm, and its end, to the alarm topic, which mails the address given', { timeout: 90_000 }, () => {
    const { template, stack } = withEmail();
    const topicId = logicalId(stack, stack.alarms.topic);
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    // Two per function, API 5xx, two for notifications, the queue age, held leads, two dead-letter
    // queues; the insight dashboard's speed to lead p90 and held leads.
    expect(alarms).toHaveLength(Object.keys(FUNCTION_ENTRIES).length * 2 + 9);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
    }
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: topicId },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
    synth().template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('watches function errors and throttles, API 5xx, failed notices, the ingest queue and the dead letters', () => {
    const { template, stack } = withEmail();
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const on = (namespace: string, metric: string) =>
      alarms.filter((a) => a.Namespace === namespace && a.MetricName === metric);
    expect(on('AWS/Lambda', 'Errors')).toHaveLength(Object.keys(FUNCTION_ENTRIES).length);
    expect(on('AWS/Lambda', 'Throttles')).toHaveLength(Object.keys(FUNCTION_ENTRIES).length);
    expect(on('AWS/ApiGateway', '5xx')).toEqual([
      expect.objectContaining({ Threshold: 1, Statistic: 'Sum', Period: 300 }),
    ]);
    expect(on('AWS/SNS', 'NumberOfNotificationsFailed')).toEqual([
      expect.objectContaining({
        Dimensions: [
          {
            Name: 'TopicName',
            Value: { 'Fn::GetAtt': [logicalId(stack, stack.data.notificationsTopic), 'TopicName'] },
          },
        ],
      }),
    ]);
    expect(on('AWS/SQS', 'ApproximateAgeOfOldestMessage')).toEqual([
      expect.objectContaining({
        Threshold: 20 * 60,
        Statistic: 'Maximum',
        Dimensions: [
          { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack, stack.data.ingestQueue), 'QueueName'] } },
        ],
      }),
    ]);
    expect(on('AWS/SQS', 'ApproximateNumberOfMessagesVisible')).toHaveLength(2);
  });

  it('alarms on a lead held too long, from the metric the sweeper publishes', { timeout: 90_000 }, () => {
    const held = (template: Template) =>
      Object.values(template.findResources('AWS::CloudWatch::Alarm'))
        .map((a) => a.Properties)
        .filter((a) => a.MetricName === OLDEST_HELD_LEAD_AGE_METRIC);
    expect(held(withEmail().template)).toEqual([
      expect.objectContaining({
        Namespace: 'LeadRouter',
        Dimensions: [{ Name: 'service', Value: 'leadrouter' }],
        Statistic: 'Maximum',
        Threshold: 60 * 60,
        TreatMissingData: 'notBreaching',
      }),
    ]);
    const tuned = synth({ heldLeadAlarmMinutes: 720, queueAgeAlarmMinutes: 30 }).template;
    expect(held(tuned)).toEqual([expect.objectContaining({ Threshold: 720 * 60 })]);
    tuned.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 30 * 60,
    });
  });
});

describe('the AWS edge: source secrets and config item access', () => {
  it('keeps a rotating KMS key for source secrets, usable only by ingest, enrichment and the admin API', () => {
    const { template, stack } = withEmail();
    template.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
    });
    const keyArn = { 'Fn::GetAtt': [logicalId(stack, stack.data.sourceSecretsKey), 'Arn'] };
    const kmsActions = (fn: string) =>
      statementsOf(template, fn)
        .filter((s) => JSON.stringify(s.Resource) === JSON.stringify(keyArn))
        .flatMap(actionsOf)
        .sort();
    expect(kmsActions('Ingest')).toEqual(['kms:Decrypt']);
    expect(kmsActions('Enricher')).toEqual(['kms:Decrypt']);
    expect(kmsActions('Admin')).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    for (const fn of ['Authorizer', 'Assigner', 'Sweeper', 'RepLinks', 'Docs']) {
      expect(kmsActions(fn), fn).toEqual([]);
      expect(JSON.stringify(statementsOf(template, fn)), fn).not.toContain('kms:');
    }
    const keyEnv = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties.Environment?.Variables?.SOURCE_SECRETS_KEY_ARN,
    );
    expect(keyEnv).toHaveLength(3);
  });

  it('limits each role to the config items its function uses, the authorizer to admin keys', () => {
    const { template, stack } = withEmail();
    const configArn = JSON.stringify({ 'Fn::GetAtt': [logicalId(stack, stack.data.tables.config), 'Arn'] });
    const ids: Record<keyof typeof CONFIG_ITEM_ACCESS, string> = {
      ingest: 'Ingest',
      enricher: 'Enricher',
      authorizer: 'Authorizer',
      assigner: 'Assigner',
      sweeper: 'Sweeper',
      repLinks: 'RepLinks',
      admin: 'Admin',
      webhooks: 'WebhookDelivery',
    };
    for (const [fn, id] of Object.entries(ids)) {
      const onConfig = statementsOf(template, id).filter((s) => JSON.stringify(s.Resource).includes(configArn));
      expect(onConfig.length, fn).toBeGreaterThan(0);
      for (const statement of onConfig)
        expect(statement.Condition, fn).toEqual({
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [...CONFIG_ITEM_ACCESS[fn as keyof typeof ids]] },
        });
    }
    expect(CONFIG_ITEM_ACCESS.authorizer).toEqual(['apiKey']);
    expect(JSON.stringify(statementsOf(template, 'Docs'))).not.toContain(configArn);
  });
});
