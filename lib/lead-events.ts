import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LEAD_EVENT_SOURCE } from '../functions/adapters/aws/eventbridge-bus';
import { CONFIG_ITEM_ACCESS } from '../functions/adapters/dynamodb/config-access';
import { TABLES } from '../functions/adapters/dynamodb/table-definitions';
import { FUNCTION_ENTRIES } from './bundling';
import { LeadRouterFunction } from './leadrouter-function';
import { type StatefulResources, WEBHOOK_DELIVERY_TIMEOUT_SECONDS } from './stateful-resources';

export interface LeadEventsProps {
  readonly data: StatefulResources;
  /** Where links point (Slack messages carry the new owner's accept link). */
  readonly publicBaseUrl: string;
  readonly tracing?: boolean;
  readonly sourceMapStackTraces?: boolean;
}

/**
 * Lead events out: the leads table's change stream read by `LeadChanges`, which puts each
 * lead's events on the bus; a rule sends them to the webhook queue, whose `WebhookDelivery`
 * function signs and posts them to subscriptions and schedules retries on the same queue.
 * Delivery is ours, not API destinations': those cannot sign by the Standard Webhooks scheme,
 * retry for at most 24 hours, and would need a connection per subscription (docs/events.md).
 */
export class LeadEvents extends Construct {
  readonly leadChanges: LeadRouterFunction;
  readonly webhookDelivery: LeadRouterFunction;
  /** Stream batches that failed every retry (their records, by sequence number, to replay by hand). */
  readonly leadChangesDeadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: LeadEventsProps) {
    super(scope, id);
    const { data } = props;
    const observe = { tracing: props.tracing ?? false, sourceMapStackTraces: props.sourceMapStackTraces ?? false };

    this.leadChangesDeadLetterQueue = new Queue(this, 'LeadChangesDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.leadChangesDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "It is the stream event source's on-failure destination, a dead-letter queue that SQS does not see as one",
    });
    this.leadChanges = new LeadRouterFunction(this, 'LeadChanges', {
      ...observe,
      entry: FUNCTION_ENTRIES.leadChanges,
      description:
        "leadrouter lead changes: the leads table's change stream into lead events on the bus, the stats aggregates and per-pool metrics",
      memorySize: 256,
      timeout: Duration.seconds(60),
    }).bindTable(data.tables.stats, TABLES.stats, ['UpdateItem']);
    this.leadChanges.function.addEnvironment('EVENT_BUS_NAME', data.eventBus.eventBusName);
    data.eventBus.grantPutEventsTo(this.leadChanges.role);
    this.leadChanges.function.addEventSource(
      new DynamoEventSource(data.tables.leads, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        // The function names the first record that failed, so the records before it are not
        // folded into the stats twice; a failing batch is also split to find the record at
        // fault. Events carry stable ids, so any published again are dropped by receivers.
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        maxRecordAge: Duration.days(1),
        onFailure: new SqsDlq(this.leadChangesDeadLetterQueue),
      }),
    );

    this.webhookDelivery = new LeadRouterFunction(this, 'WebhookDelivery', {
      ...observe,
      entry: FUNCTION_ENTRIES.webhooks,
      description: 'leadrouter webhooks: signs and posts lead events to subscriptions, retries for a day and more',
      memorySize: 256,
      timeout: Duration.seconds(WEBHOOK_DELIVERY_TIMEOUT_SECONDS),
    })
      // The lead, for subscriptions that want its contact or a Slack message.
      .bindTable(data.tables.leads, TABLES.leads, ['GetItem'])
      .bindTable(data.tables.config, TABLES.config, ['GetItem', 'Query', 'PutItem'], {
        leadingKeys: CONFIG_ITEM_ACCESS.webhooks,
      })
      .bindQueueSender(data.webhookQueue, 'WEBHOOK_QUEUE_URL')
      // Slack messages carry the new owner's accept link.
      .bindSecretReader(data.linkSigningKey, 'LINK_KEY_SECRET_ARN');
    this.webhookDelivery.function.addEnvironment('PUBLIC_BASE_URL', props.publicBaseUrl);
    this.webhookDelivery.function.addEventSource(
      new SqsEventSource(data.webhookQueue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 5 }),
    );

    new Rule(this, 'LeadEventsToWebhooks', {
      description: 'leadrouter: every lead event to the webhook delivery queue',
      eventBus: data.eventBus,
      eventPattern: { source: [LEAD_EVENT_SOURCE] },
      targets: [new SqsQueue(data.webhookQueue)],
    });

    const stack = Stack.of(this).stackName;
    // Attach your own rules (a Lambda, Step Functions, an API destination) to this bus.
    new CfnOutput(this, 'EventBusName', { value: data.eventBus.eventBusName, exportName: `${stack}-EventBusName` });
    new CfnOutput(this, 'EventBusArn', { value: data.eventBus.eventBusArn, exportName: `${stack}-EventBusArn` });
  }
}
