import { type PoolMember, tierOf, weightOf } from '../team/pool';
import type { Rep, RepLoad } from '../team/rep';

/** Per-member rotation memory. */
export interface MemberRotation {
  /** The sequence number at which the member last got a lead. */
  last?: number;
  /** Smooth weighted round robin's running weight. */
  current?: number;
}

/**
 * A pool's rotation state. `seq` counts assignments made by the pool; every assignment
 * is conditioned on it, so two assigners can never both use the same turn.
 */
export interface RotationState {
  seq: number;
  members: Record<string, MemberRotation>;
  /** The member/weight/tier fingerprint the weighted memory was built for. */
  fingerprint?: string;
}

export const EMPTY_ROTATION: RotationState = { seq: 0, members: {} };

/** A pool member who may take the lead now. */
export interface Candidate {
  member: PoolMember;
  rep: Rep;
  load: RepLoad;
}

/** What a method needs besides the candidates. */
export interface PickContext {
  /** Uniform in [0, 1); injected so tests are deterministic. */
  random: () => number;
}

/** A method's choice, and the member memory it changed (the common turn bookkeeping is separate). */
export interface MethodPick {
  chosen: Candidate;
  members?: Record<string, MemberRotation>;
}

type Method = (eligible: readonly Candidate[], state: RotationState, context: PickContext) => MethodPick;

const lastOf = (state: RotationState, candidate: Candidate) => state.members[candidate.rep.id]?.last ?? -1;

/**
 * Round robin as a queue: the eligible member who has waited longest (lowest `last`,
 * never-served members first) gets the lead; ties go to the earlier member in pool order.
 * A skipped rep keeps its `last`, so it keeps its place and is next once eligible again.
 */
export const roundRobin: Method = (eligible, state) => {
  let chosen = eligible[0]!;
  for (const candidate of eligible) if (lastOf(state, candidate) < lastOf(state, chosen)) chosen = candidate;
  return { chosen };
};

/**
 * Smooth weighted round robin (as in nginx): every eligible member gains its weight, the
 * highest running weight wins and gives back the eligible total. Weights 5:1:1 give
 * a a b a c a a; over every full cycle each member gets exactly its weight.
 */
export const weighted: Method = (eligible, state) => {
  const members = { ...state.members };
  let total = 0;
  let chosen = eligible[0]!;
  let best = Number.NEGATIVE_INFINITY;
  for (const candidate of eligible) {
    const weight = weightOf(candidate.member);
    const current = (members[candidate.rep.id]?.current ?? 0) + weight;
    members[candidate.rep.id] = { ...members[candidate.rep.id], current };
    total += weight;
    if (current > best) {
      best = current;
      chosen = candidate;
    }
  }
  members[chosen.rep.id] = { ...members[chosen.rep.id], current: best - total };
  return { chosen, members };
};

/** Tier 1 shares leads by round robin; a lower tier only gets one when no higher-tier rep can. */
export const priorityTiers: Method = (eligible, state, context) => {
  const top = Math.min(...eligible.map((c) => tierOf(c.member)));
  return roundRobin(
    eligible.filter((c) => tierOf(c.member) === top),
    state,
    context,
  );
};

/** The "hunt group": fewest open leads wins; ties go to whoever waited longest. */
export const leastLoaded: Method = (eligible, state, context) => {
  const fewest = Math.min(...eligible.map((c) => c.load.open));
  return roundRobin(
    eligible.filter((c) => c.load.open === fewest),
    state,
    context,
  );
};

/** The "grab bag": uniform, or proportional to weights when any member has one. */
export const random: Method = (eligible, _state, context) => {
  const total = eligible.reduce((sum, c) => sum + weightOf(c.member), 0);
  let point = context.random() * total;
  for (const candidate of eligible) {
    point -= weightOf(candidate.member);
    if (point < 0) return { chosen: candidate };
  }
  return { chosen: eligible[eligible.length - 1]! };
};

/** The state after `repId` took the next turn (with a method's member memory applied). */
export function recordTurn(state: RotationState, repId: string, members = state.members): RotationState {
  const seq = state.seq + 1;
  return { ...state, seq, members: { ...members, [repId]: { ...members[repId], last: seq } } };
}

/**
 * The state ready for a pool: memory of reps no longer members is dropped, and weighted
 * running weights restart when members, weights or tiers changed (a deterministic reset:
 * every running weight back to 0; round-robin memory is kept).
 */
export function alignRotation(
  state: RotationState,
  members: readonly PoolMember[],
  fingerprint: string,
): RotationState {
  const keep = new Set(members.map((m) => m.repId));
  const reset = state.fingerprint !== undefined && state.fingerprint !== fingerprint;
  const aligned: Record<string, MemberRotation> = {};
  for (const [repId, memory] of Object.entries(state.members)) {
    if (!keep.has(repId)) continue;
    aligned[repId] = reset ? (memory.last === undefined ? {} : { last: memory.last }) : memory;
  }
  return { seq: state.seq, members: aligned, fingerprint };
}
