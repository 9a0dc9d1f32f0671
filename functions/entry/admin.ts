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
import { DynamoRuleSetReader } from '../adapters/dynamodb/dynamo-rule-set-reader';
import { anyoneEligible, requeueHeldLeads } from '../core/assignment/held-leads';
import { createQueueReminders } from '../core/pull-queues/queue-reminders';
import { noMetrics, systemClock } from '../core/shared/ports';
import { adminHandlers } from '../http/handlers/admin-handlers';
import { createHttpFunction } from '../http/lambda-http';
import { linkIssuer, queueLinkIssuer } from '../http/link-urls';
import { requireEnv, tablesFromEnv } from './env';
import { logger, loggerMiddleware } from './logging';

const documents = createDocumentClient();
const tables = tablesFromEnv('leads', 'config', 'state');
const config = new DynamoConfigStore(documents, tables);
const leads = new DynamoLeadStore(documents, tables.leads);
const queue = new SqsLeadQueue(new SQSClient({}), requireEnv('INGEST_QUEUE_URL'));
const store = new DynamoAssignmentStore(documents, tables);
const signer = await linkSignerFromSecret(requireEnv('LINK_KEY_SECRET_ARN'));
const publicBaseUrl = requireEnv('PUBLIC_BASE_URL');
const notifier = new QueuedNotifier(queue);

export const handler = createHttpFunction(
  adminHandlers({
    config,
    clock: systemClock,
    leads,
    sources: config,
    store,
    loads: store,
    transitions: new DynamoLeadTransitions(documents, tables),
    notifier,
    queue,
    requeueHeld: (poolIds) =>
      requeueHeldLeads({ config, leads, queue, mayTakeLeads: anyoneEligible((id) => store.loadPool(id)) }, poolIds),
    syncChannels: (repId) => queue.enqueueChannelSync(repId),
    links: linkIssuer(signer, publicBaseUrl),
    timers: new QueueTimers(queue, systemClock),
    rules: new DynamoRuleSetReader(documents, tables.config),
    sticky: leads,
    signer,
    queuedLeads: new DynamoQueuedLeads(documents, tables.leads),
    reminders: createQueueReminders({
      ledger: new DynamoReminderLedger(documents, tables.state),
      notifier,
      links: queueLinkIssuer(signer, publicBaseUrl),
      metrics: noMetrics,
    }),
  }),
  {
    // API Gateway's Lambda authorizer (functions/entry/authorizer.ts) checked the key already.
    trustGatewayAuthorizer: true,
    ...(process.env.WEBHOOK_BASE_URL ? { publicBaseUrl: process.env.WEBHOOK_BASE_URL } : {}),
    middlewares: [loggerMiddleware()],
    onServerError: (error, request) => logger.error('request failed', { ...request, error: error as Error }),
  },
);
