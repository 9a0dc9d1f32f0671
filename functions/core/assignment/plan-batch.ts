import { type Decision, type LeadOffer, mergeExclusions } from '../leads/lead';
import { chooseRep } from '../methods/choose-rep';
import { EMPTY_ROTATION, type RotationState } from '../methods/rotation';
import { scoreRank } from '../pull-queues/score-rank';
import type { Random } from '../shared/ports';
import type { TableMatch } from '../tables/table-lookup';
import { fallbackPoolId, offerWindowSeconds } from '../team/pool';
import type { RepLoadChange } from '../team/rep';
import { assignedToday, NO_LOAD, type Rep, type RepLoad, repToday } from '../team/rep';
import { type FallbackStep, type PendingLead, UNROUTABLE } from './pending-lead';
import { isOwned, type LeadExpectation, type LeadSettlement, type PoolSnapshot } from './ports';

/** How many pools a lead may fall back through before it is held where it is. */
export const MAX_FALLBACK_DEPTH = 5;

/** What planning reads of a pending lead. */
export type PlannedLead = Pick<PendingLead, 'message' | 'options' | 'route' | 'origin' | 'via'>;

/** What one attempt decided for a batch of leads of one pool, before anything is written. */
export interface BatchPlan<L extends PlannedLead = PendingLead> {
  /** Leads to write in this pool's commit, with their new state and decisions. */
  settlements: { lead: L; settlement: LeadSettlement }[];
  /** Leads nobody here can take, going on to the pool's fallback. */
  forwards: { lead: L; poolId: string; step: FallbackStep }[];
  /** Held leads sent round again that nobody can take yet: left as they are, nothing written. */
  unchanged: L[];
  /** The rotation after the batch's assignments. */
  rotation: RotationState;
  /** Rep loads after the batch's assignments. */
  loads: Map<string, RepLoad>;
  /** The counter changes the commit makes, each under the rep's caps. */
  changes: RepLoadChange[];
  /** Something was decided on a cached snapshot that no write will verify: read fresh and plan again. */
  needsFresh: boolean;
}

export interface PlanInput<L extends PlannedLead> {
  poolId: string;
  /** The pool as last read; undefined when it does not exist (or the lead has nowhere to go). */
  snapshot: PoolSnapshot | undefined;
  /** Whether the snapshot was just read (true) or comes from the cache. */
  fresh: boolean;
  /** In arrival order: each lead is decided on the rotation and loads the earlier ones left. */
  leads: readonly L[];
  now: Date;
  random: Random;
}

/**
 * Decides a batch of leads of one pool, in order, on one snapshot. Pure: no I/O; the plan
 * says what to write (settlements and counter changes), which leads go on to a fallback
 * pool and which stay as they are.
 */
export function planBatch<L extends PlannedLead>(input: PlanInput<L>): BatchPlan<L> {
  const { poolId, snapshot, fresh, now, random } = input;
  const at = now.toISOString();
  const plan: BatchPlan<L> = {
    settlements: [],
    forwards: [],
    unchanged: [],
    rotation: snapshot?.rotation ?? EMPTY_ROTATION,
    loads: new Map(snapshot?.loads ?? []),
    changes: [],
    needsFresh: false,
  };
  const changes = new Map<string, RepLoadChange>();
  for (const lead of input.leads) {
    const { options: opts, message } = lead;
    const here = lead.via.length === 0; // the pool the lead was sent to, not one it fell back to
    const from: LeadExpectation | undefined = opts.from ?? (message.held ? { status: 'held' } : undefined);
    const owner = isOwned(from) ? from.repId : undefined;
    const exclude = mergeExclusions(opts.constraints?.exclude, message.exclude);
    // Who the lead must avoid, and its sticky owner, follow it into fallback pools; a method
    // or tier the step asked for (an unclaimed offer's next round) belongs to its own pool.
    const { method: _method, afterTier: _afterTier, ...everywhere } = opts.constraints ?? {};
    const constraints = {
      ...(here ? opts.constraints : everywhere),
      ...(exclude.length > 0 ? { exclude } : {}),
    };
    const earlier = [
      ...(from?.status === 'offered' && here ? [expiredOffer(from.round, from.poolId ?? poolId, at)] : []),
      ...(here ? (opts.preface ?? []) : []),
      ...lead.via.map((s) => s.decision),
    ];
    const settleAs = (status: LeadSettlement['status'], decision: Decision, extra: SettleExtra = {}) =>
      plan.settlements.push({ lead, settlement: settle(lead, from, status, [...earlier, decision], poolId, extra) });
    if (!snapshot) {
      const reason = lead.route.reason ?? (poolId === UNROUTABLE ? 'source_not_found' : 'pool_not_found');
      const decision: Decision = {
        at,
        outcome: 'unassigned',
        ...(poolId === UNROUTABLE ? {} : { poolId }),
        candidates: [],
        skipped: [],
        reason,
      };
      settleAs('unassigned', decision);
      continue;
    }
    const base = {
      at,
      poolId,
      method: snapshot.pool.method,
      ...(opts.actor ? { actor: opts.actor } : {}),
      ...(owner ? { previousRepId: owner } : {}),
    };
    const giveUp = here ? (opts.hold ?? opts.exhausted) : undefined;
    if (giveUp) {
      // Nobody is chosen: held here for an admin, or (an SLA exhausted) on to the pool's fallback pool.
      const held: Decision = { ...base, outcome: 'held', candidates: [], skipped: exclude, reason: giveUp };
      const next = opts.exhausted ? fallbackPoolId(snapshot.pool) : undefined;
      if (next && next !== lead.origin) {
        const expectation = { poolId, seq: snapshot.rotation.seq, configVersion: snapshot.configVersion };
        const step = { expectation, decision: { ...held, outcome: 'fallback' as const, fallbackTo: next } };
        plan.forwards.push({ lead, poolId: next, step });
      } else settleAs('held', held);
      continue;
    }
    const view = {
      pool: snapshot.pool,
      reps: snapshot.reps,
      loads: plan.loads,
      ...(snapshot.performance ? { performance: snapshot.performance } : {}),
    };
    const choice = chooseRep(view, plan.rotation, now, { random }, constraints);
    const routed = here && !opts.from ? routedBy(lead.route) : {};
    const decision: Decision = {
      ...choice.decision,
      ...routed,
      ...(opts.actor ? { actor: opts.actor } : {}),
      ...(opts.reason && here ? { reason: choice.decision.reason ?? opts.reason } : {}),
      ...(owner ? { previousRepId: owner } : {}),
    };
    if (decision.outcome === 'assigned') {
      plan.rotation = choice.state;
      const repId = decision.repId!;
      recordLoad(snapshot, plan.loads, changes, repId, now);
      settleAs('assigned', decision, { repId });
      continue;
    }
    if (decision.outcome === 'offered') {
      // A new offer opens a new round, so no claim link of an earlier one works for it.
      const round = opts.round ?? (message.offerRounds ?? 0) + 1;
      const offer: LeadOffer = {
        round,
        tier: choice.offerTier ?? 1,
        repIds: decision.candidates,
        expiresAt: new Date(now.getTime() + offerWindowSeconds(snapshot.pool) * 1000).toISOString(),
      };
      settleAs('offered', { ...decision, round }, { offer });
      continue;
    }
    if (decision.outcome === 'queued') {
      // A pull pool: the lead waits in its queue; nothing else moves (no rotation, no counters).
      settleAs('queued', decision, { queueRank: scoreRank(message.fields.score, message.createdAt) });
      continue;
    }
    const next = decision.reason === 'no_eligible_rep' ? fallbackPoolId(snapshot.pool) : undefined;
    const looped = next !== undefined && (next === lead.origin || lead.via.some((s) => s.expectation.poolId === next));
    if (next && !looped && lead.via.length < MAX_FALLBACK_DEPTH) {
      // The commit checks the rotation this was decided on, but only a fresh read can say
      // nobody here was eligible, so a fallback is confirmed on one.
      if (!fresh) plan.needsFresh = true;
      const step: FallbackStep = {
        expectation: { poolId, seq: snapshot.rotation.seq, configVersion: snapshot.configVersion },
        decision: { ...decision, outcome: 'fallback', fallbackTo: next },
      };
      plan.forwards.push({ lead, poolId: next, step });
      continue;
    }
    const waiting = next ? { ...decision, reason: 'fallback_loop' } : decision;
    if (here && opts.holdIfNobody && waiting.reason === 'no_eligible_rep') {
      // The last step the pool offers (a last tier's round) found nobody: an admin decides now.
      if (!fresh) plan.needsFresh = true;
      settleAs('held', { ...waiting, outcome: 'held', reason: opts.holdIfNobody });
      continue;
    }
    if (message.heldIn === poolId && !opts.from && waiting.reason === 'no_eligible_rep') {
      // Sent round again and still nobody: it stays as it was, nothing to write. With no
      // write to verify a cached snapshot, that answer must come from a fresh read.
      if (!fresh) plan.needsFresh = true;
      plan.unchanged.push(lead);
      continue;
    }
    // A lead held for an admin that still finds nobody (sent elsewhere by the rules, say) stays held.
    if (from?.status === 'held') settleAs('held', { ...waiting, outcome: 'held' });
    else settleAs('unassigned', waiting);
  }
  plan.changes = [...changes.values()];
  return plan;
}

/** The matched row as a decision records it. */
export function tableNote(match: TableMatch): NonNullable<Decision['table']> {
  return { name: match.table, version: match.version, key: match.key, how: match.how, row: match.row };
}

/** How routing chose the pool, for the lead's first decision: the source, a rule (and its table row), or the default. */
function routedBy(route: PlannedLead['route']): Pick<Decision, 'via' | 'rule' | 'table'> {
  return {
    ...(route.via ? { via: route.via } : {}),
    ...(route.rule ? { rule: route.rule } : {}),
    ...(route.table ? { table: tableNote(route.table) } : {}),
  };
}

function expiredOffer(round: number, poolId: string, at: string): Decision {
  return {
    at,
    outcome: 'expired',
    poolId,
    method: 'shotgun',
    candidates: [],
    skipped: [],
    reason: 'offer_expired',
    round,
  };
}

interface SettleExtra {
  repId?: string;
  offer?: LeadOffer;
  queueRank?: string;
}

function settle(
  lead: PlannedLead,
  from: LeadExpectation | undefined,
  status: LeadSettlement['status'],
  decisions: Decision[],
  poolId: string,
  extra: SettleExtra,
): LeadSettlement {
  return {
    leadId: lead.message.leadId,
    createdAt: lead.message.createdAt,
    status,
    ...(poolId !== UNROUTABLE ? { poolId } : {}),
    ...(extra.repId ? { repId: extra.repId } : {}),
    ...(extra.offer ? { offer: extra.offer } : {}),
    ...(extra.queueRank ? { queueRank: extra.queueRank } : {}),
    ...(from ? { from } : {}),
    ...(isOwned(from) ? { releases: [from.repId] } : {}),
    ...slaCount(lead, from, status),
    decisions,
  };
}

/**
 * The SLA count the lead carries on: one more for each move away from an owner that lands
 * on another rep in the same pool (an admin's move keeps it); a pool fallen back to starts
 * its own count.
 */
function slaCount(lead: PlannedLead, from: LeadExpectation | undefined, status: LeadSettlement['status']) {
  if (isOwned(from)) {
    if (lead.via.length > 0) return { slaReassignments: 0 };
    const counts = status === 'assigned' && !lead.options.keepSlaCount;
    return { slaReassignments: from.reassignments + (counts ? 1 : 0) };
  }
  const carried = lead.message.slaReassignments;
  return carried !== undefined ? { slaReassignments: carried } : {};
}

/** Counts an assignment against the rep's load, in the plan and in the commit's counter changes. */
function recordLoad(
  snapshot: PoolSnapshot,
  loads: Map<string, RepLoad>,
  changes: Map<string, RepLoadChange>,
  repId: string,
  now: Date,
) {
  const rep: Rep = snapshot.reps.get(repId)!;
  const today = repToday(rep, now);
  const current = loads.get(repId) ?? NO_LOAD;
  loads.set(repId, { open: current.open + 1, day: today, dayCount: assignedToday(current, today) + 1 });
  const stored = snapshot.loads.get(repId) ?? NO_LOAD;
  const change = changes.get(repId) ?? {
    repId,
    open: 0,
    day: today,
    dayCount: 0,
    rollover: stored.day !== today,
    ...(rep.maxOpen !== undefined ? { maxOpen: rep.maxOpen } : {}),
    ...(rep.maxPerDay !== undefined ? { maxPerDay: rep.maxPerDay } : {}),
  };
  change.open += 1;
  change.dayCount += 1;
  changes.set(repId, change);
}
