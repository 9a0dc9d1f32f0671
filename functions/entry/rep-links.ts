import { systemClock } from '../core/ports';
import { linkSignerFromSecret } from '../adapters/aws/secret-link-key';
import { createDocumentClient } from '../adapters/dynamodb/document-client';
import { DynamoAssignmentStore } from '../adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../adapters/dynamodb/dynamo-config-store';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { DynamoLeadTransitions } from '../adapters/dynamodb/dynamo-lead-transitions';
import { createHttpFunction } from '../http/lambda-http';
import { repHandlers } from '../http/handlers/rep-handlers';
import { requireEnv, tablesFromEnv } from './env';
import { logger, loggerMiddleware } from './logging';
import { metricsMiddleware, metricsPort } from './metrics';

const documents = createDocumentClient();
const tables = tablesFromEnv('leads', 'config', 'state');
const signer = await linkSignerFromSecret(requireEnv('LINK_KEY_SECRET_ARN'));

export const handler = createHttpFunction(
  repHandlers({
    signer,
    leads: new DynamoLeadStore(documents, tables.leads),
    config: new DynamoConfigStore(documents, tables),
    loads: new DynamoAssignmentStore(documents, tables),
    transitions: new DynamoLeadTransitions(documents, tables),
    clock: systemClock,
    metrics: metricsPort,
  }),
  {
    middlewares: [loggerMiddleware(), metricsMiddleware()],
    onServerError: (error, request) => logger.error('request failed', { ...request, error: error as Error }),
  },
);
