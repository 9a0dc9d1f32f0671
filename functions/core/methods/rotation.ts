import type { PoolMember } from '../team/pool';
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

/** A picking method: chooses among the eligible candidates, given the rotation's memory. */
export type Method = (eligible: readonly Candidate[], state: RotationState, context: PickContext) => MethodPick;

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
