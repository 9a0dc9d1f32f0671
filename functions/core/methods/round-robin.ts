import type { Candidate, Method, RotationState } from './rotation';

/** The sequence at which the candidate last got a lead (-1: never). */
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
