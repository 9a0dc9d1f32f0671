import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import {
  type Attribute,
  AttributeType,
  Billing,
  type GlobalSecondaryIndexPropsV2,
  ProjectionType,
  StreamViewType,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { Archive, EventBus } from 'aws-cdk-lib/aws-events';
import { Alias, Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LEAD_EVENT_SOURCE } from '../functions/adapters/aws/eventbridge-bus';
import {
  type IndexDefinition,
  type KeyAttribute,
  TABLES,
  type TableDefinition,
  type TableKey,
} from '../functions/adapters/dynamodb/table-definitions';
import {
  ASSIGNER_MAX_RECEIVES,
  ENRICHER_TIMEOUT_SECONDS,
  ENRICHMENT_MAX_RECEIVES,
  visibilityTimeoutSeconds,
} from '../functions/adapters/messaging/delivery-limits';

export interface StatefulResourcesProps {
  /** Seconds a received lead stays invisible to other assigners while one works on it. */
  assignerTimeoutSeconds: number;
  /** The enrichment function's timeout (Meta Graph API calls); 30 s when absent. */
  enricherTimeoutSeconds?: number;
  /** Days the lead events archive keeps events for replay (`-c eventArchiveDays=…`); 0 keeps them forever. */
  eventArchiveDays?: number;
}

/** The webhook delivery function's timeout: a receiver gets 10 s, and a batch sends in parallel. */
export const WEBHOOK_DELIVERY_TIMEOUT_SECONDS = 30;

/**
 * Everything that holds data: the tables (built from the shared table definitions), the
 * ingest queue with its dead-letter queue and alarm, and the rep notification topic.
 * Tables are retained when the stack is deleted.
 */
export class StatefulResources extends Construct {
  readonly tables: Readonly<Record<TableKey, TableV2>>;
  readonly ingestQueue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;
  /** Meta leads waiting for their Graph API details, with retries and a dead-letter queue. */
  readonly enrichmentQueue: Queue;
  readonly enrichmentDeadLetterQueue: Queue;
  readonly enrichmentDeadLetterAlarm: Alarm;
  readonly notificationsTopic: Topic;
  /** Lead events (`source: leadrouter`), for the webhook rule and any rule of your own; archived for replay. */
  readonly eventBus: EventBus;
  /** Lead events and their delivery retries on their way to webhook subscriptions. */
  readonly webhookQueue: Queue;
  readonly webhookDeadLetterQueue: Queue;
  readonly linkSigningKey: Secret;
  /** Wraps the data keys that seal sources' secrets in the config table. */
  readonly sourceSecretsKey: Key;

  constructor(scope: Construct, id: string, props: StatefulResourcesProps) {
    super(scope, id);

    this.tables = {
      leads: tableFrom(this, 'LeadsTable', TABLES.leads),
      config: tableFrom(this, 'ConfigTable', TABLES.config),
      state: tableFrom(this, 'StateTable', TABLES.state),
      idempotency: tableFrom(this, 'IdempotencyTable', TABLES.idempotency),
      lookups: tableFrom(this, 'LookupsTable', TABLES.lookups),
      stats: tableFrom(this, 'StatsTable', TABLES.stats),
    };

    this.deadLetterQueue = new Queue(this, 'IngestDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.ingestQueue = new Queue(this, 'IngestQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's advice for Lambda consumers: six times the function timeout.
      visibilityTimeout: Duration.seconds(visibilityTimeoutSeconds(props.assignerTimeoutSeconds)),
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: ASSIGNER_MAX_RECEIVES },
    });
    this.deadLetterAlarm = new Alarm(this, 'IngestDeadLetterAlarm', {
      alarmDescription: 'Leads failed routing five times and wait in the dead-letter queue; see docs/operations.md',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    // A Graph API outage must not lose a Meta lead: the job is retried (the lead waits,
    // stored, as `received`) and after 8 receives it waits in a dead-letter queue, alarmed.
    this.enrichmentDeadLetterQueue = new Queue(this, 'EnrichmentDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.enrichmentQueue = new Queue(this, 'EnrichmentQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(
        visibilityTimeoutSeconds(props.enricherTimeoutSeconds ?? ENRICHER_TIMEOUT_SECONDS),
      ),
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: this.enrichmentDeadLetterQueue, maxReceiveCount: ENRICHMENT_MAX_RECEIVES },
    });
    this.enrichmentDeadLetterAlarm = new Alarm(this, 'EnrichmentDeadLetterAlarm', {
      alarmDescription:
        'Meta leads whose details could not be fetched from the Graph API wait in the dead-letter queue; see docs/operations.md',
      metric: this.enrichmentDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.notificationsTopic = new Topic(this, 'RepNotifications', {
      displayName: 'leadrouter',
      enforceSSL: true,
      // The AWS managed key: encrypted at rest at no key cost, and SMS and email deliveries work.
      masterKey: Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
    });

    this.eventBus = new EventBus(this, 'LeadEvents', { description: 'leadrouter: lead events' });
    new Archive(this, 'LeadEventsArchive', {
      sourceEventBus: this.eventBus,
      description: 'leadrouter: lead events, for replay',
      eventPattern: { source: [LEAD_EVENT_SOURCE] },
      retention: Duration.days(props.eventArchiveDays ?? 30),
    });
    // A receiver's failure is a retry the function schedules itself; the dead-letter queue
    // holds only messages the function could not handle at all (e.g. DynamoDB unreachable).
    this.webhookDeadLetterQueue = new Queue(this, 'WebhookDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.webhookQueue = new Queue(this, 'WebhookQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(visibilityTimeoutSeconds(WEBHOOK_DELIVERY_TIMEOUT_SECONDS)),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.webhookDeadLetterQueue, maxReceiveCount: 5 },
    });

    this.linkSigningKey = new Secret(this, 'LinkSigningKey', {
      description: 'leadrouter: HMAC key that signs rep claim and accept links',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    // Retained with the tables: without it, the sealed secrets in a retained config table are lost.
    this.sourceSecretsKey = new Key(this, 'SourceSecretsKey', {
      description: "leadrouter: wraps the data keys that seal sources' secrets in the config table",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    Validations.of(this.linkSigningKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the link key invalidates every outstanding rep link; docs/operations.md describes a manual rotation',
    });
  }
}

function attribute(key: KeyAttribute): Attribute {
  return { name: key.name, type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER };
}

function globalIndex(index: IndexDefinition): GlobalSecondaryIndexPropsV2 {
  return {
    indexName: index.indexName,
    partitionKey: attribute(index.partitionKey),
    ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
    ...(index.include?.length
      ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.include] }
      : { projectionType: ProjectionType.KEYS_ONLY }),
  };
}

function tableFrom(scope: Construct, id: string, definition: TableDefinition): TableV2 {
  return new TableV2(scope, id, {
    partitionKey: attribute(definition.partitionKey),
    ...(definition.sortKey ? { sortKey: attribute(definition.sortKey) } : {}),
    billing: Billing.onDemand(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
    globalSecondaryIndexes: definition.globalIndexes.map(globalIndex),
    ...(definition.timeToLiveAttribute ? { timeToLiveAttribute: definition.timeToLiveAttribute } : {}),
    ...(definition.stream ? { dynamoStream: StreamViewType[definition.stream] } : {}),
  });
}
