// How evenly a pool's leads went to its reps, measured against what its method promises.
import type { DistributionMethod, PoolMember } from '../team/pool';
import { tierOf, weightOf } from '../team/pool';

/** One rep's leads against their target share. */
export interface RepShare {
  repId: string;
  assigned: number;
  /** The fraction of the pool's leads the method means them to get. */
  targetShare: number;
  /** The fraction they got. */
  actualShare: number;
  /** `actualShare − targetShare`. */
  deviation: number;
}

/** A pool's fairness over a period; see docs/metrics.md. */
export interface Fairness {
  /** Jain's index over each rep's leads divided by their target share: 1 is perfectly fair, 1/n is one rep taking all. */
  jain: number;
  /** Max − min of the reps' deviations from their target share (0 when every rep got exactly their share). */
  spread: number;
  reps: RepShare[];
}

/**
 * The share of a pool's leads its method means each member to get: equal for rotations,
 * load and random picks, shotgun and pull; the weight for `weighted`; the first tier's members
 * equally for `priority_tiers` (later tiers take only overflow, so their target is 0).
 */
export function targetShares(
  method: DistributionMethod,
  members: readonly PoolMember[],
  weights?: ReadonlyMap<string, number>,
): Map<string, number> {
  const raw = members.map((member) => {
    if (method === 'weighted') return weightOf(member);
    if (method === 'performance') return weights?.get(member.repId) ?? 1;
    if (method === 'priority_tiers') return tierOf(member) === Math.min(...members.map(tierOf)) ? 1 : 0;
    return 1;
  });
  const total = raw.reduce((sum, w) => sum + w, 0);
  return new Map(members.map((m, i) => [m.repId, total > 0 ? raw[i]! / total : 0]));
}

/**
 * Fairness of assigned counts against target shares. Jain's index is taken over the reps
 * with a target (x = assigned / target); with no leads at all, the pool is perfectly fair.
 */
export function fairnessOf(assigned: ReadonlyMap<string, number>, targets: ReadonlyMap<string, number>): Fairness {
  const repIds = [...new Set([...targets.keys(), ...assigned.keys()])];
  const total = repIds.reduce((sum, id) => sum + (assigned.get(id) ?? 0), 0);
  const reps = repIds.map((repId) => {
    const count = assigned.get(repId) ?? 0;
    const targetShare = targets.get(repId) ?? 0;
    const actualShare = total > 0 ? count / total : 0;
    return { repId, assigned: count, targetShare, actualShare, deviation: total > 0 ? actualShare - targetShare : 0 };
  });
  const normalised = reps.filter((r) => r.targetShare > 0).map((r) => r.assigned / r.targetShare);
  const sum = normalised.reduce((s, x) => s + x, 0);
  const squares = normalised.reduce((s, x) => s + x * x, 0);
  const jain = squares > 0 ? (sum * sum) / (normalised.length * squares) : 1;
  const deviations = reps.map((r) => r.deviation);
  const spread = deviations.length ? Math.max(...deviations) - Math.min(...deviations) : 0;
  return { jain: round(jain), spread: round(spread), reps };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
