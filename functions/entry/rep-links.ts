import { linkSignerFromSecret } from '../adapters/aws/secret-link-key';
import { repHandlers } from '../http/handlers/rep-handlers';
import { createHttpFunction } from '../http/lambda-http';
import { wireRepLinks } from '../wiring/rep-links';
import { awsBase, publicBaseUrl } from './aws';
import { requireEnv, tablesFromEnv } from './env';
import { httpOptions } from './http-options';
import { metricsMiddleware, metricsPort } from './metrics';
import { sqsSender } from './sqs';

const deps = wireRepLinks({
  ...awsBase,
  metrics: metricsPort,
  tables: tablesFromEnv('leads', 'config', 'state'),
  assignerSender: sqsSender('INGEST_QUEUE_URL'),
  signer: await linkSignerFromSecret(requireEnv('LINK_KEY_SECRET_ARN')),
  publicBaseUrl,
});

export const handler = createHttpFunction(repHandlers(deps), httpOptions({ middlewares: [metricsMiddleware()] }));
