import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsLeadQueue } from '../adapters/aws/sqs-assigner-queue';
import { SqsEnrichmentQueue } from '../adapters/aws/sqs-enrichment-queue';
import { CachedSourceDirectory } from '../adapters/caching/cached-source-directory';
import { createDocumentClient } from '../adapters/dynamodb/document-client';
import { DynamoLeadIntake } from '../adapters/dynamodb/dynamo-lead-intake';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { DynamoSourceDirectory } from '../adapters/dynamodb/dynamo-source-directory';
import { TABLES } from '../adapters/dynamodb/table-definitions';
import { systemClock } from '../core/shared/ports';
import { ingestHandlers } from '../http/handlers/ingest-handlers';
import { createHttpFunction } from '../http/lambda-http';
import { requireEnv, tablesFromEnv } from './env';
import { logger, loggerMiddleware } from './logging';

const documents = createDocumentClient();
const sqs = new SQSClient({});
const sources = new DynamoSourceDirectory(documents, requireEnv(TABLES.config.envVar));
const tables = tablesFromEnv('leads', 'idempotency');

export const handler = createHttpFunction(
  ingestHandlers({
    sources: new CachedSourceDirectory(sources, systemClock),
    intake: new DynamoLeadIntake(documents, tables),
    leads: new DynamoLeadStore(documents, tables.leads),
    queue: new SqsLeadQueue(sqs, requireEnv('INGEST_QUEUE_URL')),
    enrichment: new SqsEnrichmentQueue(sqs, requireEnv('ENRICHMENT_QUEUE_URL')),
    clock: systemClock,
  }),
  {
    middlewares: [loggerMiddleware()],
    onServerError: (error, request) => logger.error('request failed', { ...request, error: error as Error }),
  },
);
