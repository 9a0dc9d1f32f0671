import { docsHandlers } from '../http/handlers/docs-handlers';
import { createHttpFunction } from '../http/lambda-http';
import { logger, loggerMiddleware } from './logging';

export const handler = createHttpFunction(docsHandlers(), {
  middlewares: [loggerMiddleware()],
  onServerError: (error, request) => logger.error('request failed', { ...request, error: error as Error }),
});
