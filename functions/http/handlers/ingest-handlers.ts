import { receiveLead, type ReceiveLeadDeps } from '../../core/receive-lead';
import type { RouteHandler } from '../http-types';
import { readLeadBody } from '../request-body';
import type { HandlersOf } from '../routes';

/** Largest webhook body accepted; ad platforms and forms send far less. */
export const MAX_LEAD_BODY_BYTES = 64 * 1024;

/** The ingest function's routes: the webhook and the health check. */
export function ingestHandlers(deps: ReceiveLeadDeps): Record<HandlersOf<'ingest'>, RouteHandler> {
  return {
    health: async () => ({ status: 200, body: { status: 'ok' } }),

    receiveLead: async (request) => {
      const { payload } = readLeadBody(request, MAX_LEAD_BODY_BYTES);
      const { leadId } = await receiveLead(deps, {
        sourceKey: request.pathParameters.sourceKey ?? '',
        payload,
        raw: request.bodyBytes.toString('utf8'),
        ...(request.headers['content-type'] ? { rawContentType: request.headers['content-type'] } : {}),
      });
      return { status: 202, body: { leadId } };
    },
  };
}
