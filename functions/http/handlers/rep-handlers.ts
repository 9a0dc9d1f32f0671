import type { LeadOutcomes } from '../../core/leads/lead-outcome';
import { actOnRepLink, type RepLinkDeps, viewRepLink } from '../../core/links/rep-links';
import { RepOutcomeSchema, recordRepOutcome } from '../../core/links/rep-outcomes';
import type { RepQueueDeps } from '../../core/pull-queues/queue-view';
import { parseInput } from '../../core/shared/validation';
import type { HttpRequest, RouteHandler } from '../http-types';
import { wantsJson } from '../pages/page';
import { repLinkJson, repLinkPage } from '../pages/rep-link-page';
import { assertBodySize, mediaType, readJsonBody } from '../request-body';
import type { HandlersOf } from '../routes';
import { queueHandlers } from './queue-handlers';

/** The rep-link function's routes (lead links and queue links): a signed token is the only credential. */
export function repHandlers(
  deps: RepLinkDeps & RepQueueDeps & { outcomes: LeadOutcomes },
): Record<HandlersOf<'rep'>, RouteHandler> {
  const render =
    (request: Parameters<RouteHandler>[0], method: 'GET' | 'POST') =>
    async (view: Awaited<ReturnType<typeof viewRepLink>>) =>
      wantsJson(request.headers.accept) ? repLinkJson(view, method) : repLinkPage(view, method);
  return {
    ...queueHandlers(deps),
    viewRepLink: async (request) => render(request, 'GET')(await viewRepLink(deps, request.pathParameters.token ?? '')),
    // The page's one form accepts or claims; its outcome buttons send a `stage` as well.
    actOnRepLink: async (request) => {
      const token = request.pathParameters.token ?? '';
      const fields = postedFields(request);
      if (fields.stage === undefined) return render(request, 'POST')(await actOnRepLink(deps, token));
      return render(request, 'POST')(await recordRepOutcome(deps, token, parseInput(RepOutcomeSchema, fields)));
    },
  };
}

/** The fields of a page's form post (or a JSON body from an integration). */
function postedFields(request: HttpRequest): Record<string, unknown> {
  if (mediaType(request) !== 'application/x-www-form-urlencoded') return readJsonBody(request, 4 * 1024);
  assertBodySize(request, 4 * 1024);
  return Object.fromEntries(new URLSearchParams(request.bodyBytes.toString('utf8')));
}
