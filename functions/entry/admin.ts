import { SQSClient } from '@aws-sdk/client-sqs';
import { anyoneEligible, requeueHeldLeads } from '../core/held-leads';
import { systemClock } from '../core/ports';
import { linkSignerFromSecret } from '../adapters/aws/secret-link-key';
import { SqsLeadQueue } from '../adapters/aws/sqs-lead-queue';
import { QueueTimers } from '../adapters/queue-timers';
import { linkIssuer } from '../core/link-issuer';
import { createDocumentClient } from '../adapters/dynamodb/document-client';
import { DynamoAssignmentStore } from '../adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../adapters/dynamodb/dynamo-config-store';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { DynamoLeadTransitions } from '../adapters/dynamodb/dynamo-lead-transitions';
import { DynamoRuleSetReader } from '../adapters/dynamodb/dynamo-rule-set-reader';
import { QueuedNotifier } from '../adapters/queued-notifier';
import { createHttpFunction } from '../http/lambda-http';
import { adminHandlers } from '../http/handlers/admin-handlers';
import { requireEnv, tablesFromEnv } from './env';
import { logger, loggerMiddleware } from './logging';

const documents = createDocumentClient();
const tables = tablesFromEnv('leads', 'config', 'state');
const config = new DynamoConfigStore(documents, tables);
const leads = new DynamoLeadStore(documents, tables.leads);
const queue = new SqsLeadQueue(new SQSClient({}), requireEnv('INGEST_QUEUE_URL'));
const store = new DynamoAssignmentStore(documents, tables);
const signer = await linkSignerFromSecret(requireEnv('LINK_KEY_SECRET_ARN'));

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
    requeueHeld: (poolIds) => requeueHeldLeads({ config, leads, queue, mayTakeLeads: anyoneEligible((id) => store.loadPool(id)) }, poolIds),
    syncChannels: (repId) => queue.enqueueChannelSync(repId),
    links: linkIssuer(signer, requireEnv('PUBLIC_BASE_URL')),
    timers: new QueueTimers(queue, systemClock),
    rules: new DynamoRuleSetReader(documents, tables.config),
    sticky: leads,
  }),
  {
    // API Gateway's Lambda authorizer (functions/entry/authorizer.ts) checked the key already.
    trustGatewayAuthorizer: true,
    ...(process.env.WEBHOOK_BASE_URL ? { publicBaseUrl: process.env.WEBHOOK_BASE_URL } : {}),
    middlewares: [loggerMiddleware()],
    onServerError: (error, request) => logger.error('request failed', { ...request, error: error as Error }),
  },
);
