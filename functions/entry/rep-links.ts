import { SQSClient } from '@aws-sdk/client-sqs';
import { QueueTimers } from '../adapters/assigner-queue/queue-timers';
import { QueuedNotifier } from '../adapters/assigner-queue/queued-notifier';
import { linkSignerFromSecret } from '../adapters/aws/secret-link-key';
import { SqsLeadQueue } from '../adapters/aws/sqs-assigner-queue';
import { createDocumentClient } from '../adapters/dynamodb/document-client';
import { DynamoAssignmentStore } from '../adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../adapters/dynamodb/dynamo-config-store';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { DynamoLeadTransitions } from '../adapters/dynamodb/dynamo-lead-transitions';
import { DynamoQueuedLeads } from '../adapters/dynamodb/dynamo-queued-leads';
import { DynamoReminderLedger } from '../adapters/dynamodb/dynamo-reminder-ledger';
import { createQueueReminders } from '../core/pull-queues/queue-reminders';
import { systemClock } from '../core/shared/ports';
import { repHandlers } from '../http/handlers/rep-handlers';
import { createHttpFunction } from '../http/lambda-http';
import { linkIssuer, queueLinkIssuer } from '../http/link-urls';
import { requireEnv, tablesFromEnv } from './env';
import { logger, loggerMiddleware } from './logging';
import { metricsMiddleware, metricsPort } from './metrics';

const documents = createDocumentClient();
const tables = tablesFromEnv('leads', 'config', 'state');
const signer = await linkSignerFromSecret(requireEnv('LINK_KEY_SECRET_ARN'));
const publicBaseUrl = requireEnv('PUBLIC_BASE_URL');
// Notices and SLA timers of taken leads ride the ingest queue: only the assigner talks to SNS.
const queue = new SqsLeadQueue(new SQSClient({}), requireEnv('INGEST_QUEUE_URL'));
const notifier = new QueuedNotifier(queue);
const store = new DynamoAssignmentStore(documents, tables);

export const handler = createHttpFunction(
  repHandlers({
    signer,
    leads: new DynamoLeadStore(documents, tables.leads),
    queued: new DynamoQueuedLeads(documents, tables.leads),
    config: new DynamoConfigStore(documents, tables),
    loads: store,
    store,
    transitions: new DynamoLeadTransitions(documents, tables),
    notifier,
    links: linkIssuer(signer, publicBaseUrl),
    timers: new QueueTimers(queue, systemClock),
    reminders: createQueueReminders({
      ledger: new DynamoReminderLedger(documents, tables.state),
      notifier,
      links: queueLinkIssuer(signer, publicBaseUrl),
      metrics: metricsPort,
    }),
    clock: systemClock,
    metrics: metricsPort,
  }),
  {
    middlewares: [loggerMiddleware(), metricsMiddleware()],
    onServerError: (error, request) => logger.error('request failed', { ...request, error: error as Error }),
  },
);
