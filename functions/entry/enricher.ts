import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsLeadQueue } from '../adapters/aws/sqs-assigner-queue';
import { CachedSourceDirectory } from '../adapters/caching/cached-source-directory';
import { createDocumentClient } from '../adapters/dynamodb/document-client';
import { DynamoLeadEnrichmentStore } from '../adapters/dynamodb/dynamo-lead-intake';
import { DynamoSourceDirectory } from '../adapters/dynamodb/dynamo-source-directory';
import { TABLES } from '../adapters/dynamodb/table-definitions';
import { MetaGraphClient } from '../adapters/meta/meta-graph-client';
import { systemClock } from '../core/shared/ports';
import { createEnrichmentFunction } from '../sqs/enrichment-function';
import { requireEnv } from './env';
import { logger, loggerMiddleware } from './logging';
import { metricsMiddleware } from './metrics';

const documents = createDocumentClient();

export const handler = createEnrichmentFunction(
  {
    sources: new CachedSourceDirectory(
      new DynamoSourceDirectory(documents, requireEnv(TABLES.config.envVar)),
      systemClock,
    ),
    graph: new MetaGraphClient(),
    leads: new DynamoLeadEnrichmentStore(documents, requireEnv(TABLES.leads.envVar)),
    queue: new SqsLeadQueue(new SQSClient({}), requireEnv('INGEST_QUEUE_URL')),
    clock: systemClock,
  },
  {
    middlewares: [loggerMiddleware(), metricsMiddleware()],
    onRecordFailed: (record, error) =>
      logger.warn('Meta lead details not fetched yet; the job will be retried', {
        messageId: record.messageId,
        error: error as Error,
      }),
  },
);
