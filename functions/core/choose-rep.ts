import type { Decision } from './lead';
import { rotationFingerprint, type DistributionMethod, type Pool } from './pool';
import { ineligibility, NO_LOAD, type Rep, type RepLoad } from './rep';
import {
  alignRotation, leastLoaded, priorityTiers, random, recordTurn, roundRobin, weighted,
  type Candidate, type MethodPick, type PickContext, type RotationState,
} from './rotation';

type PushMethod = Exclude<DistributionMethod, 'manual'>;

const METHODS: Record<PushMethod, (eligible: readonly Candidate[], state: RotationState, context: PickContext) => MethodPick> = {
  round_robin: roundRobin,
  weighted,
  priority_tiers: priorityTiers,
  least_loaded: leastLoaded,
  random,
};

/** Everything about a pool one decision looks at. */
export interface PoolView {
  pool: Pool;
  reps: ReadonlyMap<string, Rep>;
  loads: ReadonlyMap<string, RepLoad>;
}

/** The outcome of one routing step inside a pool, before anything is written. */
export interface RepChoice {
  decision: Decision;
  state: RotationState;
}

/**
 * Chooses the rep for one lead in a pool: checks every member's eligibility now (status,
 * away, working hours when the pool respects them, caps), lets the pool's method pick
 * among the eligible, and records why. Pure: the caller commits, and handles fallback.
 */
export function chooseRep(view: PoolView, state: RotationState, now: Date, context: PickContext): RepChoice {
  const { pool } = view;
  const base = { at: now.toISOString(), poolId: pool.id, method: pool.method };
  if (pool.method === 'manual') {
    return { decision: { ...base, outcome: 'unassigned', candidates: [], skipped: [], reason: 'manual' }, state };
  }
  const skipped: Decision['skipped'] = [];
  const eligible: Candidate[] = [];
  for (const member of pool.members) {
    const rep = view.reps.get(member.repId);
    const load = view.loads.get(member.repId) ?? NO_LOAD;
    const reason = ineligibility(rep, now, load, { respectWorkingHours: pool.respectWorkingHours ?? false });
    if (reason || !rep) skipped.push({ repId: member.repId, reason: reason ?? 'unknown_rep' });
    else eligible.push({ member, rep, load });
  }
  const candidates = eligible.map((c) => c.rep.id);
  if (eligible.length === 0) {
    return { decision: { ...base, outcome: 'unassigned', candidates, skipped, reason: 'no_eligible_rep' }, state };
  }
  const aligned = alignRotation(state, pool.members, rotationFingerprint(pool));
  const pick = METHODS[pool.method](eligible, aligned, context);
  const next = recordTurn(aligned, pick.chosen.rep.id, pick.members ?? aligned.members);
  return {
    decision: { ...base, outcome: 'assigned', candidates, skipped, repId: pick.chosen.rep.id, seq: next.seq },
    state: next,
  };
}
