import type { PoolMember } from './pool';
import type { Rep } from './rep';

/** Per-member rotation memory: the sequence number at which the member last got a lead. */
export interface MemberRotation {
  last?: number;
}

/**
 * A pool's rotation state. `seq` counts assignments made by the pool; every assignment
 * is conditioned on it, so two assigners can never both use the same turn.
 */
export interface RotationState {
  seq: number;
  members: Record<string, MemberRotation>;
}

export const EMPTY_ROTATION: RotationState = { seq: 0, members: {} };

/** A pool member who may take the lead now. */
export interface Candidate {
  member: PoolMember;
  rep: Rep;
}

/** The rep a strategy chose and the rotation state after the choice. */
export interface Pick {
  repId: string;
  state: RotationState;
}

/**
 * Round robin as a queue: the eligible member who has waited longest (lowest `last`,
 * never-served members first) gets the lead; ties go to the earlier member in pool order.
 * A skipped rep keeps its `last`, so it keeps its place and is next once eligible again.
 */
export function pickRoundRobin(eligible: readonly Candidate[], state: RotationState): Pick {
  let chosen: Candidate | undefined;
  let chosenLast = Number.POSITIVE_INFINITY;
  for (const candidate of eligible) {
    const last = state.members[candidate.rep.id]?.last ?? -1;
    if (last < chosenLast) {
      chosen = candidate;
      chosenLast = last;
    }
  }
  if (!chosen) throw new Error('pickRoundRobin needs at least one eligible candidate');
  return { repId: chosen.rep.id, state: recordTurn(state, chosen.rep.id) };
}

/** The state after `repId` took the next turn. */
export function recordTurn(state: RotationState, repId: string): RotationState {
  const seq = state.seq + 1;
  return { seq, members: { ...state.members, [repId]: { ...state.members[repId], last: seq } } };
}

/** Drops rotation memory of reps that are no longer members, keeping the item small. */
export function pruneRotation(state: RotationState, members: readonly PoolMember[]): RotationState {
  const keep = new Set(members.map((m) => m.repId));
  const pruned: Record<string, MemberRotation> = {};
  for (const [repId, memory] of Object.entries(state.members)) {
    if (keep.has(repId)) pruned[repId] = memory;
  }
  return { seq: state.seq, members: pruned };
}
