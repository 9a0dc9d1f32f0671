// "Why did it go there?": a lead's decisions, and an explanation's steps, in words.
import type { Decision, Lead } from '../../functions/core/leads/lead';
import { label } from './vocabulary';

/** Turns an id into the name an admin knows (reps and pools). */
export type NameOf = (id: string | undefined) => string;

const SKIP_REASONS: Record<string, string> = {
  paused: 'paused',
  away: 'away',
  off_hours: 'outside working hours',
  at_max_open: 'at their open-lead cap',
  at_max_per_day: 'at their daily cap',
  unknown_rep: 'no longer a rep',
  sla_missed: 'missed the accept deadline earlier',
  earlier_round: 'offered in an earlier round',
  later_tier: 'in a later tier',
  passed: 'passed it earlier',
  rep_leaving: 'is leaving: their leads go to others',
};

const REASONS: Record<string, string> = {
  no_eligible_rep: 'nobody in the pool could take it',
  manual: 'the pool is manual: an admin assigns its leads',
  fallback_loop: 'its fallbacks led back to a pool already tried',
  offer_expired: 'nobody claimed the offer in time',
  sla_exhausted: 'it was moved on as often as the SLA allows',
  sla_missed: 'the previous rep did not accept in time',
  pool_not_found: 'its pool no longer exists',
  source_not_found: 'its source no longer exists',
  no_matching_rule: 'no routing rule matched and there is no default pool',
  deliveries_exhausted: 'every delivery of its message failed',
  never_routed: 'it was never routed, though put back on the queue again and again',
  test_lead: 'it is a test lead',
  back_to_queue: 'it went back to the queue',
  passed: 'its owner passed it on',
  rep_leaving: 'its owner is leaving',
  spam: 'spam',
  duplicate: 'a duplicate',
  invalid: 'invalid',
  other: 'another reason',
};

/** Why routing gave up on a failed lead: the reason, the attempts and the status it goes back to. */
export function failureText(failure: NonNullable<Lead['failure']>): string {
  const one = failure.attempts === 1;
  const tries = failure.reason === 'never_routed' ? (one ? 'requeue' : 'requeues') : one ? 'delivery' : 'deliveries';
  return `Routing gave up on it: ${reasonText(failure.reason)} (${failure.attempts} ${tries}). Sent round again, it goes back to ${label(failure.from)}.`;
}

/** Why a rep was skipped, in words. */
export function skipReason(reason: string): string {
  return SKIP_REASONS[reason] ?? reason.replaceAll('_', ' ');
}

/** Why a lead waits (or moved), in words. */
export function reasonText(reason: string | undefined): string {
  if (!reason) return '';
  return REASONS[reason] ?? reason.replaceAll('_', ' ');
}

export interface DecisionText {
  /** One sentence: what happened. */
  summary: string;
  /** The evidence: rule, method, who was considered, who was skipped and why, the rotation turn. */
  details: string[];
}

/** One routing step as an admin reads it. */
export function describeDecision(d: Decision, nameOf: NameOf): DecisionText {
  const pool = d.poolId ? `pool ${nameOf(d.poolId)}` : 'no pool';
  const by = d.actor === 'admin' ? 'An admin' : d.actor === 'rep' ? 'The rep' : undefined;
  const from = d.previousRepId ? ` (from ${nameOf(d.previousRepId)})` : '';
  let summary: string;
  switch (d.outcome) {
    case 'assigned':
      summary = by
        ? `${by === 'The rep' ? `${nameOf(d.repId)} took it` : `${by} assigned it to ${nameOf(d.repId)}`}${from} in ${pool}.`
        : `Assigned to ${nameOf(d.repId)} in ${pool}${d.method ? ` by ${label(d.method)}` : ''}${d.reason ? ` because ${reasonText(d.reason)}` : ''}.`;
      break;
    case 'unassigned':
      summary = `Waiting in ${pool}: ${reasonText(d.reason) || 'nobody can take it yet'}.`;
      break;
    case 'held':
      summary = `Held in ${pool} for an admin${d.reason ? `: ${reasonText(d.reason)}` : ''}.`;
      break;
    case 'passed':
      summary = `${nameOf(d.repId)} passed it on${d.note ? `: “${d.note}”` : ''}.`;
      break;
    case 'fallback':
      summary = `Nobody in ${pool} could take it, so it went on to pool ${nameOf(d.fallbackTo)}.`;
      break;
    case 'offered':
      summary = `Offered to ${names(d.candidates, nameOf)} at once${d.round ? ` (round ${d.round})` : ''}; the first to claim it wins.`;
      break;
    case 'expired':
      summary = `The offer in ${pool} expired: nobody claimed it in time.`;
      break;
    case 'accepted':
      summary = `${nameOf(d.repId)} accepted it.`;
      break;
    case 'released':
      summary = `${by ?? 'Someone'} released it${from}${d.reason ? `: ${reasonText(d.reason)}` : ''}.`;
      break;
    case 'closed':
      summary = `${by ?? 'Someone'} closed it${d.repId ? ` (owner ${nameOf(d.repId)})` : ''}${d.reason ? `: ${reasonText(d.reason)}` : ''}${d.note ? ` (“${d.note}”)` : ''}.`;
      break;
    case 'queued':
      summary = `Put in the queue of ${pool} for a rep to take.`;
      break;
    case 'failed':
      summary = `Routing gave up on it${d.reason ? `: ${reasonText(d.reason)}` : ''}; an admin can send it round again.`;
      break;
    case 'outcome':
      summary = `${by ?? 'A CRM'} recorded the outcome “${label(d.stage)}”${d.value !== undefined ? ` worth ${d.value.toLocaleString()}` : ''}${d.note ? `: “${d.note}”` : ''}.`;
      break;
    case 'redriven':
      summary = `${by ?? 'An admin'} sent it round again.`;
      break;
    default:
      summary = `${String((d as { outcome: unknown }).outcome)} in ${pool}.`;
  }
  const details: string[] = [];
  if (d.rule) details.push(`Routing rule “${d.rule}” sent it to ${pool}.`);
  else if (d.via === 'source') details.push(`Its source sends every lead to ${pool}.`);
  else if (d.via === 'default') details.push(`No routing rule matched: the default pool, ${pool}, took it.`);
  if (d.sticky) {
    details.push(
      `Sticky owner: a recent lead with the same ${d.sticky.matchedOn} belongs to ${nameOf(d.sticky.repId)}` +
        (d.sticky.honoured ? ', who got this one too.' : ', who could not take it now.'),
    );
  }
  if (d.outcome !== 'offered' && d.candidates.length > 0)
    details.push(
      `Could take it: ${names(d.candidates, nameOf)}${d.outcome === 'assigned' && d.method ? ', in rotation order' : ''}.`,
    );
  if (d.skipped.length > 0)
    details.push(`Skipped: ${d.skipped.map((s) => `${nameOf(s.repId)} (${skipReason(s.reason)})`).join(', ')}.`);
  if (d.seq !== undefined) details.push(`Rotation turn ${d.seq}.`);
  return { summary, details };
}

function names(ids: readonly string[], nameOf: NameOf): string {
  return ids.length ? ids.map((id) => nameOf(id)).join(', ') : 'nobody';
}
