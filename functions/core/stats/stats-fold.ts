// The stats aggregates as a fold over a lead's changes: from its image before and after a
// write (the decisions appended between them), the counters to add. The same input the
// lead-change stream gives, so it runs there, off the webhook and assignment path.
import type { DECISION_OUTCOMES, Decision, Lead } from '../leads/lead';
import { bucketOf } from './histogram';
import { type Duration, NONE, type PlainCounter, type StatsCounts, type StatsDelta, type StatsKey } from './stats-row';

type Outcome = (typeof DECISION_OUTCOMES)[number];

/** Where one decision is counted: the lead, the decision, and the owner before it. */
interface Step {
  lead: Lead;
  decision: Decision;
  /** The rep who owned the lead before this decision. */
  ownerBefore: string | undefined;
  /** Whether the lead had been assigned before this decision. */
  assignedBefore: boolean;
}

/** One counter to add, to the row of `repId` (the decision's rep when absent). */
interface Count {
  counter: PlainCounter | `closed.${string}` | `outcome.${string}` | `outcomeValue.${string}`;
  repId?: string | undefined;
  by?: number;
}

const one = (counter: Count['counter'], repId?: string): Count => ({ counter, repId });

/**
 * What each decision outcome counts. The one place that maps the decision trail to the
 * stats: exhaustive over the outcomes, so a new outcome does not compile until it is mapped.
 */
const COUNTS_OF: Record<Outcome, (step: Step) => Count[]> = {
  assigned: ({ decision, ownerBefore, assignedBefore }) => [
    one('assigned'),
    ...(assignedBefore ? [one('reassigned')] : []),
    ...(decision.reason === 'sla_missed' ? [one('slaMissed', ownerBefore)] : []),
  ],
  // Nobody could take it here: the next decision says where it went.
  fallback: () => [],
  // One per rep the offer went to.
  offered: ({ decision }) => decision.candidates.map((repId) => one('offered', repId)),
  // A claimed shotgun offer is assigned and accepted at once.
  accepted: ({ assignedBefore }) => [one('accepted'), ...(assignedBefore ? [] : [one('assigned')])],
  // Nobody claimed the offer: the next decision (a round, an assignment, a hold) counts.
  expired: () => [],
  released: ({ decision, ownerBefore }) => [one('released', decision.previousRepId ?? ownerBefore)],
  closed: ({ decision, ownerBefore }) => [one(`closed.${decision.reason ?? 'other'}`, decision.repId ?? ownerBefore)],
  queued: () => [one('queued')],
  // Waiting for a rep to become eligible (the sweep retries it): an SLA miss may have sent it here.
  unassigned: ({ decision, ownerBefore }) => [
    ...(decision.reason === 'sla_missed' ? [one('slaMissed', ownerBefore)] : []),
  ],
  // Waiting for an admin: an offer nobody claimed, or an SLA exhausted (the owner missed it).
  held: ({ decision, ownerBefore }) => [
    one('held'),
    ...(decision.reason === 'sla_missed' || decision.reason === 'sla_exhausted' ? [one('slaMissed', ownerBefore)] : []),
  ],
  // What came of it (a CRM's report, or the rep's buttons), by stage and with the deal's value, for its owner.
  outcome: ({ decision, ownerBefore }) =>
    decision.stage
      ? [
          one(`outcome.${decision.stage}`, ownerBefore),
          ...(decision.value !== undefined
            ? [{ counter: `outcomeValue.${decision.stage}` as const, repId: ownerBefore, by: decision.value }]
            : []),
        ]
      : [],
  // The owner passed it on; the next decision says where it went.
  passed: ({ decision, ownerBefore }) => [one('passed', decision.repId ?? ownerBefore)],
  failed: () => [one('failed')],
  redriven: () => [],
};

/** How routing chose the lead's pool, as the rule dimension names it. */
export function ruleOf(first: Decision | undefined): string {
  if (!first?.poolId) return NONE;
  if (first.rule) return first.rule;
  // `via` tells a source's own pool from the rule set's default.
  return first.via === 'source' ? '(source)' : '(default)';
}

/** The counters a lead's change adds: the decisions appended between `old` and `new`. */
export function statsDeltas(old: Lead | undefined, next: Lead | undefined): StatsDelta[] {
  if (!next) return [];
  const before = old?.decisions.length ?? 0;
  const appended = next.decisions.slice(before);
  if (appended.length === 0) return [];
  const rows = new Map<string, StatsDelta>();
  const add = (key: StatsKey, counter: string, by = 1) => {
    const id = `${key.day}|${key.poolId}|${key.repId}|${key.sourceId}|${key.rule}`;
    const row = rows.get(id) ?? { key, counts: {} };
    row.counts[counter] = (row.counts[counter] ?? 0) + by;
    rows.set(id, row);
  };
  const rule = ruleOf(next.decisions[0]);
  const keyOf = (at: string, poolId: string | undefined, repId: string | undefined): StatsKey => ({
    day: at.slice(0, 10),
    poolId: poolId ?? NONE,
    repId: repId ?? NONE,
    sourceId: next.sourceId,
    rule,
  });

  let owner = old?.repId;
  let assigned = old?.decisions.some(givesOwner) ?? false;
  appended.forEach((decision, i) => {
    const poolId = decision.poolId ?? next.poolId;
    if (before + i === 0) {
      // Received counts with the first decision, in the pool routing chose (on the arrival day).
      add(keyOf(next.createdAt, poolId, undefined), 'received');
      if (rule === '(default)') add(keyOf(next.createdAt, poolId, undefined), 'routedByDefault');
    }
    const step: Step = { lead: next, decision, ownerBefore: owner, assignedBefore: assigned };
    for (const count of COUNTS_OF[decision.outcome](step)) {
      add(keyOf(decision.at, poolId, count.repId ?? decision.repId), count.counter, count.by ?? 1);
    }
    for (const [duration, seconds] of durationsOf(step)) {
      add(keyOf(decision.at, poolId, decision.repId ?? owner), `${duration}.${bucketOf(seconds)}`);
    }
    if (givesOwner(decision)) owner = decision.repId;
    // Released, waiting, held or back in a queue: nobody owns it any more.
    if (['released', 'unassigned', 'held', 'queued'].includes(decision.outcome)) owner = undefined;
    if (givesOwner(decision)) assigned = true;
  });
  return [...rows.values()];
}

/** Whether a decision hands the lead to a rep (an assignment, or a claim). */
function givesOwner(decision: Decision): boolean {
  return decision.outcome === 'assigned' || decision.outcome === 'accepted';
}

/** The durations a decision ends: arrival → first assignment, → acceptance, → first contact (outcomes are once per stage). */
function durationsOf({ lead, decision, assignedBefore }: Step): [Duration, number][] {
  const sinceArrival = (Date.parse(decision.at) - Date.parse(lead.createdAt)) / 1000;
  const first: [Duration, number][] = assignedBefore ? [] : [['timeToAssign', sinceArrival]];
  if (decision.outcome === 'assigned') return first;
  if (decision.outcome === 'accepted') return [...first, ['timeToAccept', sinceArrival]];
  if (decision.outcome === 'outcome' && decision.stage === 'contacted') return [['timeToContact', sinceArrival]];
  return [];
}

/** Counters as the fold adds them, for stores and tests that sum deltas into rows. */
export function sumDeltas(deltas: readonly StatsDelta[]): Map<string, StatsDelta> {
  const rows = new Map<string, StatsDelta>();
  for (const delta of deltas) {
    const id = Object.values(delta.key).join('|');
    const row = rows.get(id) ?? { key: delta.key, counts: {} as StatsCounts };
    for (const [name, n] of Object.entries(delta.counts)) row.counts[name] = (row.counts[name] ?? 0) + n;
    rows.set(id, row);
  }
  return rows;
}
