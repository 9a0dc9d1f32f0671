import { ForbiddenError } from '../core/shared/errors';
import { secretsMatch } from '../core/shared/signatures';
import type { HttpMiddleware } from './lambda-http';

/** The header CloudFront adds to every request it forwards (lib/api-distribution.ts sets it). */
export const ORIGIN_HEADER = 'x-leadrouter-origin';

/**
 * With the web firewall on, the API sits behind CloudFront, but its own address stays
 * reachable: a request without CloudFront's secret header went around the firewall, and
 * gets a 403 before any handler runs.
 */
export function requireOriginHeader(secret: string): HttpMiddleware {
  return {
    before: async (request) => {
      const headers = request.event.headers ?? {};
      const received = headers[ORIGIN_HEADER] ?? '';
      if (!received || !secretsMatch(received, secret))
        throw new ForbiddenError('Call the API at its public address', 'not_through_edge');
    },
  };
}
