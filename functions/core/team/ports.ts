import type { Pool } from './pool';
import type { Rep, RepLoad } from './rep';

/** Reps as admins keep them. Writes bump the `configVersion` of the pools they touch. */
export interface RepStore {
  getRep(id: string): Promise<Rep | undefined>;
  listReps(): Promise<Rep[]>;
  /** Creates (no `expectedVersion`) or replaces a rep; touches the pools it belongs to. */
  saveRep(rep: Rep, options: { expectedVersion?: number; touchPools: string[] }): Promise<void>;
  deleteRep(id: string, expectedVersion: number): Promise<void>;
}

/** Pools as admins keep them. */
export interface PoolStore {
  getPool(id: string): Promise<Pool | undefined>;
  listPools(): Promise<Pool[]>;
  /** Creates (with fresh rotation state) or replaces a pool. */
  savePool(pool: Pool, options: { expectedVersion?: number }): Promise<void>;
  deletePool(id: string, expectedVersion: number): Promise<void>;
}

/** Fresh load counters of some reps (open leads, leads today). */
export interface RepLoadReader {
  loadRepLoads(repIds: readonly string[]): Promise<Map<string, RepLoad>>;
}
