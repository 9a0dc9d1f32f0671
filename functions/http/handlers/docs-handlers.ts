import type { ConsoleAssets } from '../console-assets';
import type { RouteHandler } from '../http-types';
import { openApiDocument } from '../openapi';
import type { HandlersOf } from '../routes';
import { consoleHandlers } from './console-handlers';

export interface DocsHandlerDeps {
  /** The admin console's built files, read on first use. */
  consoleAssets: () => Promise<ConsoleAssets>;
}

/**
 * The docs function's routes: the OpenAPI document and the admin console's static files. A
 * function of its own, so the JSON Schema generator never weighs on the admin function's
 * cold start; the console lives here because it is public, static and touches no table, like
 * the document, and loads the document right after its page.
 */
export function docsHandlers(deps: DocsHandlerDeps): Record<HandlersOf<'docs'>, RouteHandler> {
  return {
    openApiDocument: async (request) => ({
      status: 200,
      body: openApiDocument(request.baseUrl),
      headers: { 'cache-control': 'public, max-age=300' },
    }),
    ...consoleHandlers(deps.consoleAssets),
  };
}
