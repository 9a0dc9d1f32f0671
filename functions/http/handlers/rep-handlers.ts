import { actOnRepLink, type RepLinkDeps, viewRepLink } from '../../core/links/rep-links';
import type { RepQueueDeps } from '../../core/pull-queues/queue-view';
import type { RouteHandler } from '../http-types';
import { wantsJson } from '../pages/page';
import { repLinkJson, repLinkPage } from '../pages/rep-link-page';
import type { HandlersOf } from '../routes';
import { queueHandlers } from './queue-handlers';

/** The rep-link function's routes (lead links and queue links): a signed token is the only credential. */
export function repHandlers(deps: RepLinkDeps & RepQueueDeps): Record<HandlersOf<'rep'>, RouteHandler> {
  const render =
    (request: Parameters<RouteHandler>[0], method: 'GET' | 'POST') =>
    async (view: Awaited<ReturnType<typeof viewRepLink>>) =>
      wantsJson(request.headers.accept) ? repLinkJson(view, method) : repLinkPage(view, method);
  return {
    ...queueHandlers(deps),
    viewRepLink: async (request) => render(request, 'GET')(await viewRepLink(deps, request.pathParameters.token ?? '')),
    actOnRepLink: async (request) =>
      render(request, 'POST')(await actOnRepLink(deps, request.pathParameters.token ?? '')),
  };
}
