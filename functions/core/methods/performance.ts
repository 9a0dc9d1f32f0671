// The `performance` method: smooth weighted round robin (exactly `weighted`) over weights that
// come from reps' outcome rates. The weights in force travel with the pool's snapshot; this
// file only applies them, so a decision reads no stats.
import { type PerformanceWeight, performanceWeights } from '../stats/performance-weights';
import { type Pool, type PoolMember, performanceConfig } from '../team/pool';

/** Each member's weight as a performance pool applies it: the snapshot's, or the pool's mean for a rep it lacks. */
export function weightsInForce(
  pool: Pool,
  computed: ReadonlyMap<string, PerformanceWeight> | undefined,
): Map<string, PerformanceWeight> {
  const memberIds = pool.members.map((m) => m.repId);
  // No record at all puts every rep at the pool's mean: the middle of the bounds.
  const atMean = performanceWeights(memberIds, new Map(), performanceConfig(pool));
  return new Map(memberIds.map((id) => [id, computed?.get(id) ?? atMean.get(id)!]));
}

/** The pool's members carrying the weights in force, ready for `weighted`. */
export function weightedMembers(pool: Pool, weights: ReadonlyMap<string, PerformanceWeight>): PoolMember[] {
  return pool.members.map((m) => ({ ...m, weight: weights.get(m.repId)?.weight ?? 1 }));
}
