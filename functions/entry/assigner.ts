import { SNSClient } from '@aws-sdk/client-sns';
import { createLeadAssigner } from '../core/assign-leads';
import { systemClock } from '../core/ports';
import { createDocumentClient } from '../adapters/dynamodb/document-client';
import { DynamoAssignmentStore } from '../adapters/dynamodb/dynamo-assignment-store';
import { DynamoSourceDirectory } from '../adapters/dynamodb/dynamo-source-directory';
import { CachedRuleSetReader } from '../adapters/cached-rule-set-reader';
import { CachedSourceDirectory } from '../adapters/cached-source-directory';
import { DynamoRuleSetReader } from '../adapters/dynamodb/dynamo-rule-set-reader';
import { SnsNotifier } from '../adapters/aws/sns-notifier';
import { TABLES } from '../adapters/dynamodb/table-definitions';
import { createAssignerFunction } from '../queue/assigner-function';
import { requireEnv } from './env';
import { logger, loggerMiddleware } from './logging';
import { metricsMiddleware, metricsPort } from './metrics';

const documents = createDocumentClient();
const tables = {
  leads: requireEnv(TABLES.leads.envVar),
  config: requireEnv(TABLES.config.envVar),
  state: requireEnv(TABLES.state.envVar),
};

const assigner = createLeadAssigner({
  sources: new CachedSourceDirectory(new DynamoSourceDirectory(documents, tables.config), systemClock),
  store: new DynamoAssignmentStore(documents, tables),
  notifier: new SnsNotifier(new SNSClient({}), requireEnv('NOTIFICATIONS_TOPIC_ARN')),
  clock: systemClock,
  metrics: metricsPort,
  // Rule changes reach a warm assigner within 30 seconds.
  rules: new CachedRuleSetReader(new DynamoRuleSetReader(documents, tables.config), systemClock, 30_000),
});

export const handler = createAssignerFunction(assigner, {
  middlewares: [loggerMiddleware(), metricsMiddleware()],
  onRecordFailed: (record, error) => logger.warn('lead not assigned yet', { messageId: record.messageId, error: error as Error }),
});
