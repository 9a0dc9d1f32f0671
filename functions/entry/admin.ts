import { SQSClient } from '@aws-sdk/client-sqs';
import { createAdminAuthenticator } from '../core/admin-keys';
import { requeueHeldLeads } from '../core/held-leads';
import { systemClock } from '../core/ports';
import { SqsLeadQueue } from '../adapters/aws/sqs-lead-queue';
import { createDocumentClient } from '../adapters/dynamodb/document-client';
import { DynamoAssignmentStore } from '../adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../adapters/dynamodb/dynamo-config-store';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { DynamoLeadTransitions } from '../adapters/dynamodb/dynamo-lead-transitions';
import { TABLES } from '../adapters/dynamodb/table-definitions';
import { QueuedNotifier } from '../adapters/queued-notifier';
import { createHttpFunction } from '../http/lambda-http';
import { adminHandlers } from '../http/handlers/admin-handlers';
import { requireEnv } from './env';
import { logger, loggerMiddleware } from './logging';

const documents = createDocumentClient();
const tables = {
  leads: requireEnv(TABLES.leads.envVar),
  config: requireEnv(TABLES.config.envVar),
  state: requireEnv(TABLES.state.envVar),
};
const config = new DynamoConfigStore(documents, tables);
const leads = new DynamoLeadStore(documents, tables.leads);
const queue = new SqsLeadQueue(new SQSClient({}), requireEnv('INGEST_QUEUE_URL'));
const store = new DynamoAssignmentStore(documents, tables);

export const handler = createHttpFunction(
  adminHandlers({
    config,
    clock: systemClock,
    leads,
    sources: config,
    store,
    loads: store,
    transitions: new DynamoLeadTransitions(documents, tables),
    notifier: new QueuedNotifier(queue),
    queue,
    requeueHeld: (poolIds) => requeueHeldLeads({ config, leads, queue }, poolIds),
  }),
  {
    authenticateAdmin: createAdminAuthenticator({ config, clock: systemClock }),
    ...(process.env.PUBLIC_BASE_URL ? { publicBaseUrl: process.env.PUBLIC_BASE_URL } : {}),
    middlewares: [loggerMiddleware()],
    onServerError: (error, request) => logger.error('request failed', { ...request, error: error as Error }),
  },
);
