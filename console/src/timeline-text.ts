// A lead's events (the records webhooks deliver) in words: what happened, who did it, to whom.
import type { NameOf } from './decisions';
import type { LeadEvent } from './types';

const EVENT_TEXT: Record<string, string> = {
  'lead.received': 'Received',
  'lead.routed': 'Routed',
  'lead.offered': 'Offered',
  'lead.assigned': 'Assigned',
  'lead.accepted': 'Accepted',
  'lead.passed': 'Passed on',
  'lead.sla_missed': 'SLA missed',
  'lead.reassigned': 'Reassigned',
  'lead.released': 'Released',
  'lead.held': 'Held',
  'lead.closed': 'Closed',
  'lead.outcome': 'Outcome',
  'lead.failed': 'Routing failed',
};

const ACTOR_TEXT: Record<LeadEvent['data']['actor'], string> = {
  source: 'its source',
  assigner: 'the router',
  admin: 'an admin',
  rep: 'the rep',
};

/** One event as a line: `Assigned to Ana Rivera in Inbound, by the router`; an outcome names its stage. */
export function eventText(event: LeadEvent, nameOf: NameOf): string {
  const { actor, repId, poolId, decision } = event.data;
  const what = EVENT_TEXT[event.type] ?? event.type;
  const stage = event.type === 'lead.outcome' && decision?.stage ? ` “${decision.stage}”` : '';
  const to = repId ? ` ${event.type === 'lead.outcome' ? 'for' : 'to'} ${nameOf(repId)}` : '';
  const where = poolId && event.type !== 'lead.outcome' ? ` in ${nameOf(poolId)}` : '';
  return `${what}${stage}${to}${where}, by ${ACTOR_TEXT[actor] ?? actor}`;
}
