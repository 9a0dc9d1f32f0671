import { weightOf } from '../team/pool';
import type { Method } from './rotation';

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
