import type { Decision, LeadOffer } from '../leads/lead';
import { chooseRep } from '../methods/choose-rep';
import { EMPTY_ROTATION, type RotationState } from '../methods/rotation';
import { scoreRank } from '../pull-queues/score-rank';
import type { Random } from '../shared/ports';
import type { TableMatch } from '../tables/table-lookup';
import { fallbackPoolId, offerWindowSeconds } from '../team/pool';
import type { RepLoadChange } from '../team/rep';
import { assignedToday, NO_LOAD, type Rep, type RepLoad, repToday } from '../team/rep';
import { type FallbackStep, type PendingLead, UNROUTABLE } from './pending-lead';
import type { LeadSettlement, PoolSnapshot } from './ports';

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
    const { options: opts } = lead;
    const earlier = [
      ...(opts.from?.status === 'offered' && lead.via.length === 0
        ? [expiredOffer(opts.from.round, opts.from.poolId ?? poolId, at)]
        : []),
      ...lead.via.map((s) => s.decision),
    ];
    if (!snapshot || opts.hold) {
      const reason = opts.hold ?? lead.route.reason ?? (poolId === UNROUTABLE ? 'source_not_found' : 'pool_not_found');
      const decision: Decision = {
        at,
        outcome: 'unassigned',
        ...(poolId === UNROUTABLE ? {} : { poolId }),
        candidates: [],
        skipped: [],
        reason,
      };
      plan.settlements.push({ lead, settlement: settle(lead, 'unassigned', [...earlier, decision], poolId) });
      continue;
    }
    const view = { pool: snapshot.pool, reps: snapshot.reps, loads: plan.loads };
    const choice = chooseRep(view, plan.rotation, now, { random }, opts.constraints ?? {});
    const decision: Decision = {
      ...choice.decision,
      ...(lead.route.rule && lead.via.length === 0 && !opts.from ? { rule: lead.route.rule } : {}),
      ...(lead.route.table && lead.via.length === 0 && !opts.from ? { table: tableNote(lead.route.table) } : {}),
      ...(opts.reason && lead.via.length === 0 ? { reason: choice.decision.reason ?? opts.reason } : {}),
      ...(opts.from?.status === 'assigned' && choice.decision.outcome !== 'unassigned'
        ? { previousRepId: opts.from.repId }
        : {}),
    };
    if (decision.outcome === 'assigned') {
      plan.rotation = choice.state;
      const repId = decision.repId!;
      recordLoad(snapshot, plan.loads, changes, repId, now);
      plan.settlements.push({ lead, settlement: settle(lead, 'assigned', [...earlier, decision], poolId, { repId }) });
      continue;
    }
    if (decision.outcome === 'offered') {
      const round = opts.round ?? 1;
      const offer: LeadOffer = {
        round,
        tier: choice.offerTier ?? 1,
        repIds: decision.candidates,
        expiresAt: new Date(now.getTime() + offerWindowSeconds(snapshot.pool) * 1000).toISOString(),
      };
      plan.settlements.push({
        lead,
        settlement: settle(lead, 'offered', [...earlier, { ...decision, round }], poolId, { offer }),
      });
      continue;
    }
    if (decision.outcome === 'queued') {
      // A pull pool: the lead waits in its queue; nothing else moves (no rotation, no counters).
      const queueRank = scoreRank(lead.message.fields.score, lead.message.createdAt);
      plan.settlements.push({
        lead,
        settlement: settle(lead, 'queued', [...earlier, decision], poolId, { queueRank }),
      });
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
    const held = next ? { ...decision, reason: 'fallback_loop' } : decision;
    if (lead.message.heldIn === poolId && !opts.from && held.reason === 'no_eligible_rep') {
      // Sent round again and still nobody: it stays held as it was, nothing to write. With
      // no write to verify a cached snapshot, that answer must come from a fresh read.
      if (!fresh) plan.needsFresh = true;
      plan.unchanged.push(lead);
      continue;
    }
    plan.settlements.push({ lead, settlement: settle(lead, 'unassigned', [...earlier, held], poolId) });
  }
  plan.changes = [...changes.values()];
  return plan;
}

/** The matched row as a decision records it. */
export function tableNote(match: TableMatch): NonNullable<Decision['table']> {
  return { name: match.table, version: match.version, key: match.key, how: match.how, row: match.row };
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

function settle(
  lead: PlannedLead,
  status: LeadSettlement['status'],
  decisions: Decision[],
  poolId: string,
  extra: { repId?: string; offer?: LeadOffer; queueRank?: string } = {},
): LeadSettlement {
  const from = lead.options.from;
  const reassigned = from?.status === 'assigned';
  return {
    leadId: lead.message.leadId,
    createdAt: lead.message.createdAt,
    status,
    ...(poolId !== UNROUTABLE ? { poolId } : {}),
    ...(extra.repId ? { repId: extra.repId } : {}),
    ...(extra.offer ? { offer: extra.offer } : {}),
    ...(extra.queueRank ? { queueRank: extra.queueRank } : {}),
    ...(from ? { from } : {}),
    ...(reassigned
      ? { releases: [from.repId], slaReassignments: from.reassignments + (status === 'assigned' ? 1 : 0) }
      : {}),
    decisions,
  };
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
