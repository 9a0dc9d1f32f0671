import { systemClock } from '../core/ports';
import { createDocumentClient } from '../adapters/dynamodb/document-client';
import { DynamoConfigStore } from '../adapters/dynamodb/dynamo-config-store';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { TABLES } from '../adapters/dynamodb/table-definitions';
import { createHttpFunction } from '../http/lambda-http';
import { adminHandlers } from '../http/handlers/admin-handlers';
import { requireEnv } from './env';
import { logger, loggerMiddleware } from './logging';

const documents = createDocumentClient();
const config = new DynamoConfigStore(documents, {
  config: requireEnv(TABLES.config.envVar),
  state: requireEnv(TABLES.state.envVar),
});

export const handler = createHttpFunction(
  adminHandlers({ config, clock: systemClock, leads: new DynamoLeadStore(documents, requireEnv(TABLES.leads.envVar)) }),
  {
    // API Gateway's Lambda authorizer (functions/entry/authorizer.ts) checked the key already.
    trustGatewayAuthorizer: true,
    ...(process.env.PUBLIC_BASE_URL ? { publicBaseUrl: process.env.PUBLIC_BASE_URL } : {}),
    middlewares: [loggerMiddleware()],
    onServerError: (error, request) => logger.error('request failed', { ...request, error: error as Error }),
  },
);
