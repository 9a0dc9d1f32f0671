import type { Method } from './rotation';
import { roundRobin } from './round-robin';

/** The "hunt group": fewest open leads wins; ties go to whoever waited longest. */
export const leastLoaded: Method = (eligible, state, context) => {
  const fewest = Math.min(...eligible.map((c) => c.load.open));
  return roundRobin(
    eligible.filter((c) => c.load.open === fewest),
    state,
    context,
  );
};
