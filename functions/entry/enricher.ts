import { LinkedInLeadsClient } from '../adapters/linkedin/linkedin-leads-client';
import { MetaGraphClient } from '../adapters/meta/meta-graph-client';
import { createEnrichmentFunction } from '../sqs/enrichment-function';
import { wireEnricher } from '../wiring/enricher';
import { awsBase } from './aws';
import { tablesFromEnv } from './env';
import { logger, loggerMiddleware } from './logging';
import { metricsMiddleware } from './metrics';
import { sourceSecretsFromKms } from './source-secrets';
import { sqsSender } from './sqs';

const { deps, consumer } = wireEnricher(
  {
    ...awsBase,
    tables: tablesFromEnv('leads', 'config'),
    assignerSender: sqsSender('INGEST_QUEUE_URL'),
    sourceSecrets: sourceSecretsFromKms(),
  },
  new MetaGraphClient(),
  new LinkedInLeadsClient(),
);

export const handler = createEnrichmentFunction(deps, {
  ...consumer,
  middlewares: [loggerMiddleware(), metricsMiddleware()],
  onRecordFailed: (record, error) =>
    logger.warn('Platform lead details not fetched yet; the job will be retried', {
      messageId: record.messageId,
      error: error as Error,
    }),
});
