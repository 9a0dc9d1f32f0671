import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { QueueTimers } from '../adapters/assigner-queue/queue-timers';
import { linkSignerFromSecret } from '../adapters/aws/secret-link-key';
import { SnsNotifier } from '../adapters/aws/sns-notifier';
import { SnsRepChannels } from '../adapters/aws/sns-rep-channels';
import { SqsLeadQueue } from '../adapters/aws/sqs-assigner-queue';
import { CachedRuleSetReader } from '../adapters/caching/cached-rule-set-reader';
import { CachedSourceDirectory } from '../adapters/caching/cached-source-directory';
import { createDocumentClient } from '../adapters/dynamodb/document-client';
import { DynamoAssignmentStore } from '../adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../adapters/dynamodb/dynamo-config-store';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { DynamoReminderLedger } from '../adapters/dynamodb/dynamo-reminder-ledger';
import { DynamoRuleSetReader } from '../adapters/dynamodb/dynamo-rule-set-reader';
import { createLeadAssigner } from '../core/assignment/assigner';
import { handleLeadTimer } from '../core/assignment/lead-timers';
import { createQueueReminders } from '../core/pull-queues/queue-reminders';
import { systemClock } from '../core/shared/ports';
import { linkIssuer, queueLinkIssuer } from '../http/link-urls';
import { createAssignerFunction } from '../sqs/assigner-function';
import { requireEnv, tablesFromEnv } from './env';
import { logger, loggerMiddleware } from './logging';
import { metricsMiddleware, metricsPort } from './metrics';

const documents = createDocumentClient();
const tables = tablesFromEnv('leads', 'config', 'state');
const config = new DynamoConfigStore(documents, tables);
const sns = new SNSClient({});
const topicArn = requireEnv('NOTIFICATIONS_TOPIC_ARN');
const notifier = new SnsNotifier(sns, topicArn);
const timers = new QueueTimers(new SqsLeadQueue(new SQSClient({}), requireEnv('INGEST_QUEUE_URL')), systemClock);
const signer = await linkSignerFromSecret(requireEnv('LINK_KEY_SECRET_ARN'));
const publicBaseUrl = requireEnv('PUBLIC_BASE_URL');

const assigner = createLeadAssigner({
  sources: new CachedSourceDirectory(config, systemClock),
  store: new DynamoAssignmentStore(documents, tables),
  notifier,
  clock: systemClock,
  metrics: metricsPort,
  links: linkIssuer(signer, publicBaseUrl),
  sticky: new DynamoLeadStore(documents, tables.leads),
  timers,
  // Rule changes reach a warm assigner within 30 seconds.
  rules: new CachedRuleSetReader(new DynamoRuleSetReader(documents, tables.config), systemClock, 30_000),
  reminders: createQueueReminders({
    ledger: new DynamoReminderLedger(documents, tables.state),
    notifier,
    links: queueLinkIssuer(signer, publicBaseUrl),
    metrics: metricsPort,
  }),
});

export const handler = createAssignerFunction(assigner, {
  notifier,
  onTimer: (timer) =>
    handleLeadTimer(
      {
        leads: new DynamoLeadStore(documents, tables.leads),
        pools: config,
        assigner,
        timers,
        clock: systemClock,
        metrics: metricsPort,
      },
      timer,
    ),
  channels: new SnsRepChannels(sns, topicArn, documents, tables.state, config),
  middlewares: [loggerMiddleware(), metricsMiddleware()],
  onRecordFailed: (record, error) =>
    logger.warn('queue message not handled yet', { messageId: record.messageId, error: error as Error }),
});
