import type { AuditEntry } from '../audit/audit-entry';
import type { Pool } from './pool';
import type { Rep, RepLoad } from './rep';

/**
 * Reps as admins keep them. Writes bump the `configVersion` of the pools they touch, and
 * write their audit entry in the same transaction.
 */
export interface RepStore {
  getRep(id: string): Promise<Rep | undefined>;
  listReps(): Promise<Rep[]>;
  /** Creates (no `expectedVersion`) or replaces a rep; touches the pools it belongs to. */
  saveRep(rep: Rep, options: { expectedVersion?: number; touchPools: string[]; audit: AuditEntry }): Promise<void>;
  deleteRep(id: string, expectedVersion: number, audit: AuditEntry): Promise<void>;
}

/** Pools as admins keep them; every write carries its audit entry into the same transaction. */
export interface PoolStore {
  getPool(id: string): Promise<Pool | undefined>;
  listPools(): Promise<Pool[]>;
  /** Creates (with fresh rotation state) or replaces a pool. */
  savePool(pool: Pool, options: { expectedVersion?: number; audit: AuditEntry }): Promise<void>;
  deletePool(id: string, expectedVersion: number, audit: AuditEntry): Promise<void>;
  /**
   * Starts the pool's rotation over (every rep's turn memory and weighted totals forgotten),
   * bumping its `configVersion` so assigners' cached snapshots are read again; false when the
   * pool has no rotation (it does not exist).
   */
  resetRotation(poolId: string, audit: AuditEntry): Promise<boolean>;
}

/** Fresh load counters of some reps (open leads, leads today). */
export interface RepLoadReader {
  loadRepLoads(repIds: readonly string[]): Promise<Map<string, RepLoad>>;
}
