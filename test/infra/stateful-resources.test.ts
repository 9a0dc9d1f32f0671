import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLES } from '../../functions/adapters/dynamodb/table-definitions';
import { StatefulResources } from '../../lib/stateful-resources';
import { testStack } from './support';

let template: Template | undefined;
/** The stateful resources, synthesized once for the file (every test only reads the template). */
function synth() {
  if (template) return template;
  const stack = testStack();
  new StatefulResources(stack, 'Data', { assignerTimeoutSeconds: 30 });
  template = Template.fromStack(stack);
  return template;
}

describe('StatefulResources', () => {
  it('builds each table from the shared definitions: on demand, point-in-time recovery, retained', () => {
    const template = synth();
    const tables = template.findResources('AWS::DynamoDB::GlobalTable');
    expect(Object.keys(tables)).toHaveLength(Object.keys(TABLES).length);
    for (const table of Object.values(tables)) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.Properties.Replicas[0].PointInTimeRecoverySpecification).toEqual({
        PointInTimeRecoveryEnabled: true,
      });
    }
    const leads = Object.values(tables).find((t) => t.Properties.KeySchema[0].AttributeName === 'id')!;
    expect(leads.Properties.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName)).toEqual(
      TABLES.leads.globalIndexes.map((i) => i.indexName),
    );
  });

  it('gives the leads table a sparse score index for pull queues, keyed on attributes only queued leads carry', () => {
    const template = synth();
    const leads = Object.values(template.findResources('AWS::DynamoDB::GlobalTable')).find(
      (t) => t.Properties.KeySchema[0].AttributeName === 'id',
    )!;
    const index = leads.Properties.GlobalSecondaryIndexes.find(
      (i: { IndexName: string }) => i.IndexName === 'byQueueScore',
    );
    expect(index).toEqual({
      IndexName: 'byQueueScore',
      KeySchema: [
        { AttributeName: 'queuePoolId', KeyType: 'HASH' },
        { AttributeName: 'queueRank', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['createdAt'] },
    });
  });

  it('encrypts the ingest queue, redrives to a dead-letter queue after 5 receives and alarms on it', () => {
    const template = synth();
    // The ingest, enrichment and webhook queues, each with its dead-letter queue.
    template.resourceCountIs('AWS::SQS::Queue', 6);
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 180,
      RedrivePolicy: { maxReceiveCount: 5 },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    // Both queues refuse plain-HTTP access.
    const policies = template.findResources('AWS::SQS::QueuePolicy');
    expect(JSON.stringify(policies)).toContain('aws:SecureTransport');
  });

  it('keeps idempotency claims in a table whose items DynamoDB expires (TTL on expiresAt)', () => {
    const template = synth();
    const tables = Object.values(template.findResources('AWS::DynamoDB::GlobalTable'));
    const withTtl = tables.filter((t) => t.Properties.TimeToLiveSpecification?.Enabled);
    // The idempotency claims, and the config table's webhook delivery records.
    expect(withTtl).toHaveLength(2);
    const idempotency = withTtl.find((t) => t.Properties.KeySchema.length === 1)!;
    expect(idempotency.Properties.TimeToLiveSpecification.AttributeName).toBe(TABLES.idempotency.timeToLiveAttribute);
  });

  it('retries Meta enrichment through its own queue: 8 receives, then a dead-letter queue with an alarm', () => {
    const template = synth();
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 180,
      RedrivePolicy: { maxReceiveCount: 8 },
    });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.map((a) => a.Properties.AlarmDescription)).toContainEqual(expect.stringContaining('Graph API'));
  });

  it('encrypts the rep notification topic', () => {
    synth().hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:eu-west-1:111111111111:alias/aws/sns']],
      },
    });
  });
});

describe('the lead events bus', () => {
  it('streams the leads table with both images, so events are derived without extra writes', () => {
    const leads = Object.values(synth().findResources('AWS::DynamoDB::GlobalTable')).find(
      (t) => t.Properties.KeySchema[0].AttributeName === 'id',
    )!;

    expect(leads.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  it('archives lead events for the days asked (30 by default)', () => {
    synth().hasResourceProperties('AWS::Events::Archive', {
      EventPattern: { source: ['leadrouter'] },
      RetentionDays: 30,
    });
    const stack = testStack();
    new StatefulResources(stack, 'Data', { assignerTimeoutSeconds: 30, eventArchiveDays: 90 });
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Archive', { RetentionDays: 90 });
  });
});
