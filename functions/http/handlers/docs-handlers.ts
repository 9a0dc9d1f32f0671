import type { RouteHandler } from '../http-types';
import { openApiDocument } from '../openapi';
import type { HandlersOf } from '../routes';

/**
 * The docs function's route: the OpenAPI document. A function of its own, so the JSON
 * Schema generator never weighs on the admin function's cold start.
 */
export function docsHandlers(): Record<HandlersOf<'docs'>, RouteHandler> {
  return {
    openApiDocument: async (request) => ({
      status: 200,
      body: openApiDocument(request.baseUrl),
      headers: { 'cache-control': 'public, max-age=300' },
    }),
  };
}
