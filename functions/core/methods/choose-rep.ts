import type { Decision } from '../leads/lead';
import type { RecentOwner } from '../leads/ports';
import type { PerformanceWeight } from '../stats/performance-weights';
import { type DistributionMethod, isPullMethod, type Pool, rotationFingerprint, tierOf } from '../team/pool';
import { ineligibility, NO_LOAD, type Rep, type RepLoad } from '../team/rep';
import { leastLoaded } from './least-loaded';
import { weightedMembers, weightsInForce } from './performance';
import { priorityTiers } from './priority-tiers';
import { random } from './random';
import {
  alignRotation,
  type Candidate,
  type MethodPick,
  type PickContext,
  type RotationState,
  recordTurn,
} from './rotation';
import { roundRobin } from './round-robin';
import { weighted } from './weighted';

type PickingMethod = Exclude<DistributionMethod, 'manual' | 'shotgun' | 'pull_blind' | 'pull_preview'>;

// `performance` picks exactly as `weighted` does, over members carrying the weights in force.

const METHODS: Record<
  PickingMethod,
  (eligible: readonly Candidate[], state: RotationState, context: PickContext) => MethodPick
> = {
  round_robin: roundRobin,
  weighted,
  performance: weighted,
  priority_tiers: priorityTiers,
  least_loaded: leastLoaded,
  random,
};

/** Everything about a pool one decision looks at. */
export interface PoolView {
  pool: Pool;
  reps: ReadonlyMap<string, Rep>;
  loads: ReadonlyMap<string, RepLoad>;
  /** `performance` pools: the weights in force (from the snapshot); a rep without one counts at the pool's mean. */
  performance?: ReadonlyMap<string, PerformanceWeight>;
}

/** Limits on one decision beyond the pool's own rules. */
export interface Constraints {
  /** Reps who may not get this lead, and why (an SLA moves a lead on from its owner). */
  exclude?: readonly { repId: string; reason: string }[];
  /** Decide with this method instead of the pool's (an unclaimed offer's next step). */
  method?: DistributionMethod;
  /** Shotgun: offer only to tiers after this one (a next-tier round). */
  afterTier?: number;
  /** Sticky owner: this rep gets the lead if they are an eligible member. */
  prefer?: RecentOwner;
  /**
   * A named account's owner (from a lookup table): they get the lead when eligible, member
   * of the pool or not, whatever its method; the rotation does not move. Their rep and load
   * must be in the view.
   */
  owner?: string;
}

/** The outcome of one routing step inside a pool, before anything is written. */
export interface RepChoice {
  decision: Decision;
  state: RotationState;
  /** Shotgun: the tier the offer went to. */
  offerTier?: number;
}

/**
 * Sorts a pool's members into those who may take a lead now and those skipped, with why:
 * status, away, working hours (when the pool respects them), caps, and the decision's own
 * exclusions (an SLA moves a lead on from its owner; a next-tier round skips earlier tiers).
 */
export function screenMembers(
  view: PoolView,
  now: Date,
  constraints: Constraints = {},
): { eligible: Candidate[]; skipped: Decision['skipped'] } {
  const { pool } = view;
  const method = constraints.method ?? pool.method;
  const excluded = new Map((constraints.exclude ?? []).map((e) => [e.repId, e.reason]));
  const skipped: Decision['skipped'] = [];
  const eligible: Candidate[] = [];
  for (const member of pool.members) {
    const rep = view.reps.get(member.repId);
    const load = view.loads.get(member.repId) ?? NO_LOAD;
    const reason =
      excluded.get(member.repId) ??
      (method === 'shotgun' && constraints.afterTier !== undefined && tierOf(member) <= constraints.afterTier
        ? 'earlier_round'
        : undefined) ??
      ineligibility(rep, now, load, { respectWorkingHours: pool.respectWorkingHours ?? false });
    if (reason || !rep) skipped.push({ repId: member.repId, reason: reason ?? 'unknown_rep' });
    else eligible.push({ member, rep, load });
  }
  return { eligible, skipped };
}

/**
 * Chooses the rep for one lead in a pool: checks every member's eligibility now (status,
 * away, working hours when the pool respects them, caps), lets the method pick among the
 * eligible (or offer to all of them, for shotgun; or queue it for them to take, for the
 * pull methods), and records why. A named account's owner comes first when eligible (the
 * pool's working-hours setting applies to them too). Pure: the caller commits, and handles
 * fallback.
 */
export function chooseRep(
  view: PoolView,
  state: RotationState,
  now: Date,
  context: PickContext,
  constraints: Constraints = {},
): RepChoice {
  const { owner, ...rest } = constraints;
  if (owner === undefined) return choosePoolRep(view, state, now, context, constraints);
  const reason = ineligibility(view.reps.get(owner), now, view.loads.get(owner) ?? NO_LOAD, {
    respectWorkingHours: view.pool.respectWorkingHours ?? false,
  });
  if (!reason) {
    const decision: Decision = {
      at: now.toISOString(),
      outcome: 'assigned',
      poolId: view.pool.id,
      method: 'account_owner',
      candidates: [owner],
      skipped: [],
      repId: owner,
      seq: state.seq,
      account: { repId: owner, honoured: true },
    };
    return { decision, state };
  }
  const choice = choosePoolRep(view, state, now, context, rest);
  return { ...choice, decision: { ...choice.decision, account: { repId: owner, honoured: false, reason } } };
}

function choosePoolRep(
  view: PoolView,
  state: RotationState,
  now: Date,
  context: PickContext,
  constraints: Constraints,
): RepChoice {
  const { pool } = view;
  const method = constraints.method ?? pool.method;
  const base = { at: now.toISOString(), poolId: pool.id, method };
  if (method === 'manual') {
    return { decision: { ...base, outcome: 'unassigned', candidates: [], skipped: [], reason: 'manual' }, state };
  }
  const { eligible, skipped } = screenMembers(view, now, { ...constraints, method });
  if (isPullMethod(method)) {
    // The queue is where a pull pool's leads wait, whoever can take one right now: no rep is
    // picked, the rotation does not move, and the fallback does not apply. The eligible reps
    // are recorded; they are the ones told that a lead waits.
    return { decision: { ...base, outcome: 'queued', candidates: eligible.map((c) => c.rep.id), skipped }, state };
  }
  if (eligible.length === 0) {
    return { decision: { ...base, outcome: 'unassigned', candidates: [], skipped, reason: 'no_eligible_rep' }, state };
  }
  if (method === 'shotgun') {
    // Everyone eligible in the first tier that has anyone gets the offer at once.
    const tier = Math.min(...eligible.map((c) => tierOf(c.member)));
    const offered = eligible.filter((c) => tierOf(c.member) === tier);
    for (const c of eligible) if (tierOf(c.member) !== tier) skipped.push({ repId: c.rep.id, reason: 'later_tier' });
    return {
      decision: { ...base, outcome: 'offered', candidates: offered.map((c) => c.rep.id), skipped },
      state,
      offerTier: tier,
    };
  }
  const weights = method === 'performance' ? weightsInForce(pool, view.performance) : undefined;
  const members = weights ? weightedMembers(pool, weights) : pool.members;
  // New weights change the fingerprint, so their first cycle starts afresh and is exact.
  const aligned = alignRotation(state, members, rotationFingerprint({ members }));
  const weighed = weights
    ? eligible.map((c) => ({ ...c, member: { ...c.member, weight: weights.get(c.rep.id)!.weight } }))
    : eligible;
  const { prefer } = constraints;
  const owner = prefer ? weighed.find((c) => c.rep.id === prefer.repId) : undefined;
  // The owner's lead counts as their turn, so the rotation stays fair.
  const pick = owner ? { chosen: owner } : METHODS[method](weighed, aligned, context);
  const next = recordTurn(
    aligned,
    pick.chosen.rep.id,
    'members' in pick && pick.members ? pick.members : aligned.members,
  );
  return {
    decision: {
      ...base,
      outcome: 'assigned',
      candidates: eligible.map((c) => c.rep.id),
      skipped,
      repId: pick.chosen.rep.id,
      seq: next.seq,
      ...(weights ? { performance: weights.get(pick.chosen.rep.id)! } : {}),
      ...(prefer
        ? {
            sticky: {
              leadId: prefer.leadId,
              repId: prefer.repId,
              matchedOn: prefer.matchedOn,
              honoured: owner !== undefined,
            },
          }
        : {}),
    },
    state: next,
  };
}
