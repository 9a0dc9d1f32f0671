import type { LeadOutcomes } from '../../core/leads/lead-outcome';
import {
  AvailabilityChangeSchema,
  type AvailabilityDeps,
  setAvailability,
  viewAvailability,
} from '../../core/links/availability';
import { actOnRepLink, PassSchema, passOnRepLink, type RepLinkDeps, viewRepLink } from '../../core/links/rep-links';
import { RepOutcomeSchema, recordRepOutcome } from '../../core/links/rep-outcomes';
import type { RepQueueDeps } from '../../core/pull-queues/queue-view';
import { parseInput } from '../../core/shared/validation';
import type { HttpRequest, HttpResponse, RouteHandler } from '../http-types';
import { availabilityJson, availabilityPage } from '../pages/availability-page';
import { wantsJson } from '../pages/page';
import { repLinkJson, repLinkPage } from '../pages/rep-link-page';
import { readFormOrJsonBody } from '../request-body';
import type { HandlersOf } from '../routes';
import { queueHandlers } from './queue-handlers';

/**
 * A HEAD route: the GET handler's answer without its body. Link scanners and previews send
 * HEAD; like GET, it changes nothing.
 */
export function headOf(get: RouteHandler): RouteHandler {
  return async (request) => {
    const response: HttpResponse = await get(request);
    const json = response.body !== undefined && typeof response.body !== 'string';
    return {
      status: response.status,
      headers: { ...(json ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...response.headers },
      body: '',
    };
  };
}

/** The rep-link function's routes (lead, availability and queue links): a signed token is the only credential. */
export function repHandlers(
  deps: RepLinkDeps & RepQueueDeps & { availability: AvailabilityDeps; outcomes: LeadOutcomes },
): Record<HandlersOf<'rep'>, RouteHandler> {
  const token = (request: HttpRequest) => request.pathParameters.token ?? '';
  const render =
    (request: HttpRequest, method: 'GET' | 'POST') => async (view: Awaited<ReturnType<typeof viewRepLink>>) =>
      wantsJson(request.headers.accept) ? repLinkJson(view, method) : repLinkPage(view, method, token(request));
  const availability = (request: HttpRequest, view: Awaited<ReturnType<typeof viewAvailability>>) =>
    wantsJson(request.headers.accept) ? availabilityJson(view) : availabilityPage(view);
  const queues = queueHandlers(deps);
  const viewLink: RouteHandler = async (request) => render(request, 'GET')(await viewRepLink(deps, token(request)));
  const viewOwnAvailability: RouteHandler = async (request) =>
    availability(request, await viewAvailability(deps.availability, token(request)));
  return {
    ...queues,
    peekQueue: headOf(queues.viewQueue),
    viewRepLink: viewLink,
    peekRepLink: headOf(viewLink),
    // The page's one form accepts or claims; its outcome buttons send a `stage` as well.
    actOnRepLink: async (request) => {
      const fields = readFormOrJsonBody(request, 4 * 1024);
      if (fields.stage === undefined) return render(request, 'POST')(await actOnRepLink(deps, token(request)));
      return render(
        request,
        'POST',
      )(await recordRepOutcome(deps, token(request), parseInput(RepOutcomeSchema, fields)));
    },
    passRepLink: async (request) => {
      const input = parseInput(PassSchema, readFormOrJsonBody(request));
      return render(request, 'POST')(await passOnRepLink(deps, token(request), input));
    },
    viewAvailability: viewOwnAvailability,
    peekAvailability: headOf(viewOwnAvailability),
    setAvailability: async (request) => {
      const body = readFormOrJsonBody(request);
      // A form leaves the time field empty unless the rep is away; that is no time at all.
      if (body.awayUntil === '') delete body.awayUntil;
      const input = parseInput(AvailabilityChangeSchema, body);
      return availability(request, await setAvailability(deps.availability, token(request), input));
    },
  };
}
