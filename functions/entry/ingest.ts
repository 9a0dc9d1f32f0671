import { SQSClient } from '@aws-sdk/client-sqs';
import { systemClock } from '../core/ports';
import { createDocumentClient } from '../adapters/dynamodb/document-client';
import { DynamoSourceDirectory } from '../adapters/dynamodb/dynamo-source-directory';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { CachedSourceDirectory } from '../adapters/cached-source-directory';
import { SqsLeadQueue } from '../adapters/aws/sqs-lead-queue';
import { TABLES } from '../adapters/dynamodb/table-definitions';
import { createHttpFunction } from '../http/lambda-http';
import { ingestHandlers } from '../http/handlers/ingest-handlers';
import { requireEnv } from './env';
import { logger, loggerMiddleware } from './logging';

const documents = createDocumentClient();
const sources = new DynamoSourceDirectory(documents, requireEnv(TABLES.config.envVar));

export const handler = createHttpFunction(
  ingestHandlers({
    sources: new CachedSourceDirectory(sources, systemClock),
    leads: new DynamoLeadStore(documents, requireEnv(TABLES.leads.envVar)),
    queue: new SqsLeadQueue(new SQSClient({}), requireEnv('INGEST_QUEUE_URL')),
    clock: systemClock,
  }),
  {
    middlewares: [loggerMiddleware()],
    onServerError: (error, request) => logger.error('request failed', { ...request, error: error as Error }),
  },
);
