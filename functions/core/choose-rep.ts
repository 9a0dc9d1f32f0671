import type { Decision } from './lead';
import type { DistributionMethod, Pool } from './pool';
import { ineligibility, type Rep } from './rep';
import { pickRoundRobin, pruneRotation, type Candidate, type Pick, type RotationState } from './rotation';

type Strategy = (eligible: readonly Candidate[], state: RotationState) => Pick;

const STRATEGIES: Record<DistributionMethod, Strategy> = {
  round_robin: pickRoundRobin,
};

/** The outcome of one routing step inside a pool, before anything is written. */
export interface RepChoice {
  decision: Decision;
  state: RotationState;
}

/**
 * Chooses the rep for one lead in `pool`: checks every member's eligibility now, lets the
 * pool's method pick among the eligible, and records why. Pure: the caller commits.
 */
export function chooseRep(
  pool: Pool,
  reps: ReadonlyMap<string, Rep>,
  state: RotationState,
  now: Date,
): RepChoice {
  const skipped: Decision['skipped'] = [];
  const eligible: Candidate[] = [];
  for (const member of pool.members) {
    const rep = reps.get(member.repId);
    const reason = ineligibility(rep);
    if (reason || !rep) skipped.push({ repId: member.repId, reason: reason ?? 'unknown_rep' });
    else eligible.push({ member, rep });
  }
  const base = {
    at: now.toISOString(),
    poolId: pool.id,
    method: pool.method,
    candidates: eligible.map((c) => c.rep.id),
    skipped,
  };
  if (eligible.length === 0) {
    return {
      decision: { ...base, outcome: 'unassigned', reason: 'no_eligible_rep' },
      state,
    };
  }
  const pick = STRATEGIES[pool.method](eligible, pruneRotation(state, pool.members));
  return {
    decision: { ...base, outcome: 'assigned', repId: pick.repId, seq: pick.state.seq },
    state: pick.state,
  };
}
