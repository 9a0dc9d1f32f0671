import { ingestHandlers } from '../http/handlers/ingest-handlers';
import { createHttpFunction } from '../http/lambda-http';
import { wireIngest } from '../wiring/ingest';
import { awsBase } from './aws';
import { tablesFromEnv } from './env';
import { httpOptions } from './http-options';
import { sourceSecretsFromKms } from './source-secrets';
import { sqsSender } from './sqs';

const deps = wireIngest({
  ...awsBase,
  tables: tablesFromEnv('leads', 'config', 'idempotency'),
  assignerSender: sqsSender('INGEST_QUEUE_URL'),
  enrichmentSender: sqsSender('ENRICHMENT_QUEUE_URL'),
  sourceSecrets: sourceSecretsFromKms(),
});

export const handler = createHttpFunction(ingestHandlers(deps), httpOptions());
