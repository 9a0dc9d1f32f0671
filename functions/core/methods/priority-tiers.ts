import { tierOf } from '../team/pool';
import type { Method } from './rotation';
import { roundRobin } from './round-robin';

/** Tier 1 shares leads by round robin; a lower tier only gets one when no higher-tier rep can. */
export const priorityTiers: Method = (eligible, state, context) => {
  const top = Math.min(...eligible.map((c) => tierOf(c.member)));
  return roundRobin(
    eligible.filter((c) => tierOf(c.member) === top),
    state,
    context,
  );
};
