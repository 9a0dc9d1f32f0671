import { weightOf } from '../team/pool';
import type { Method } from './rotation';

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
