import { type QueueView, type RepQueueDeps, viewQueue } from '../../core/pull-queues/queue-view';
import { releaseToQueue } from '../../core/pull-queues/release-to-queue';
import { takeLead, takeNext } from '../../core/pull-queues/take-from-queue';
import type { HttpRequest, RouteHandler } from '../http-types';
import { wantsJson } from '../pages/page';
import { queueJson, queuePage } from '../pages/queue-page';

/** The queue routes' handler names in the route table (all in the `rep` function group). */
export type QueueHandlerName = 'viewQueue' | 'listQueue' | 'takeNextLead' | 'takeQueuedLead' | 'releaseQueuedLead';

/**
 * A rep's queue of a pull pool, behind a signed queue link (the token is the only
 * credential). Forms post to these routes from the page; with `Accept: application/json`
 * the same routes answer JSON, with the same status codes.
 */
export function queueHandlers(deps: RepQueueDeps): Record<QueueHandlerName, RouteHandler> {
  const token = (request: HttpRequest) => request.pathParameters.token ?? '';
  const leadId = (request: HttpRequest) => request.pathParameters.leadId ?? '';
  const answer = (request: HttpRequest, view: QueueView) =>
    wantsJson(request.headers.accept) ? queueJson(view) : queuePage(view, token(request));
  return {
    viewQueue: async (request) => answer(request, await viewQueue(deps, token(request))),
    listQueue: async (request) => queueJson(await viewQueue(deps, token(request))),
    takeNextLead: async (request) => answer(request, await takeNext(deps, token(request))),
    takeQueuedLead: async (request) => answer(request, await takeLead(deps, token(request), leadId(request))),
    releaseQueuedLead: async (request) => answer(request, await releaseToQueue(deps, token(request), leadId(request))),
  };
}
