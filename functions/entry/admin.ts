import { linkSignerFromSecret } from '../adapters/aws/secret-link-key';
import { adminHandlers } from '../http/handlers/admin-handlers';
import { createHttpFunction } from '../http/lambda-http';
import { wireAdmin, wireAdminKeyCheck } from '../wiring/admin';
import { awsBase, publicBaseUrl } from './aws';
import { requireEnv, tablesFromEnv } from './env';
import { httpOptions } from './http-options';
import { metricsMiddleware, metricsPort } from './metrics';
import { sourceSecretsFromKms } from './source-secrets';
import { sqsSender } from './sqs';

const tables = tablesFromEnv('leads', 'config', 'state', 'lookups', 'stats');
const deps = wireAdmin({
  ...awsBase,
  metrics: metricsPort,
  tables,
  assignerSender: sqsSender('INGEST_QUEUE_URL'),
  // Retries an admin asks for go to the webhook delivery function's queue.
  webhookSender: sqsSender('WEBHOOK_QUEUE_URL'),
  signer: await linkSignerFromSecret(requireEnv('LINK_KEY_SECRET_ARN')),
  publicBaseUrl,
  sourceSecrets: sourceSecretsFromKms(),
});

export const handler = createHttpFunction(
  adminHandlers(deps),
  httpOptions({
    // API Gateway's Lambda authorizer (functions/entry/authorizer.ts) checked the key already.
    trustGatewayAuthorizer: true,
    // ... but a change is made only with a key that is still stored (API Gateway caches the authorizer's answer).
    verifyAdminKeyForChanges: wireAdminKeyCheck({ documents: awsBase.documents, tables }),
    ...(process.env.WEBHOOK_BASE_URL ? { publicBaseUrl: process.env.WEBHOOK_BASE_URL } : {}),
    middlewares: [metricsMiddleware()],
  }),
);
