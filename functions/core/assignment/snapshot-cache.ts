import type { Clock } from '../shared/ports';
import type { AssignmentStore, PoolSnapshot } from './ports';

/**
 * The pool snapshots one assigner decides on. A snapshot is trusted for `maxAgeMs`: the
 * commit's condition (rotation sequence and config version) verifies it, so a stale one
 * costs a retry, never a wrong assignment. Callers that only need a snapshot at the same
 * moment share one read.
 */
export class SnapshotCache {
  private readonly snapshots = new Map<string, { snapshot: PoolSnapshot | undefined; loadedAt: number }>();
  private readonly loading = new Map<string, Promise<PoolSnapshot | undefined>>();

  constructor(
    private readonly store: Pick<AssignmentStore, 'loadPool'>,
    private readonly clock: Clock,
    private readonly maxAgeMs: number,
  ) {}

  /** The pool's snapshot: cached unless `fresh`, in which case it is read now. */
  async get(poolId: string, fresh: boolean): Promise<PoolSnapshot | undefined> {
    const cached = this.snapshots.get(poolId);
    const nowMs = this.clock.now().getTime();
    if (!fresh && cached && nowMs - cached.loadedAt < this.maxAgeMs) return cached.snapshot;
    const shared = fresh ? undefined : this.loading.get(poolId);
    if (shared) return shared;
    const read = this.store.loadPool(poolId).finally(() => {
      if (this.loading.get(poolId) === read) this.loading.delete(poolId);
    });
    if (!fresh) this.loading.set(poolId, read);
    const snapshot = await read;
    this.snapshots.set(poolId, { snapshot, loadedAt: nowMs });
    return snapshot;
  }

  /** After a commit: the pool as this assigner just left it, as old as the read it came from. */
  advance(poolId: string, snapshot: PoolSnapshot, nowMs: number): void {
    this.snapshots.set(poolId, { snapshot, loadedAt: this.snapshots.get(poolId)?.loadedAt ?? nowMs });
  }

  forget(poolId: string): void {
    this.snapshots.delete(poolId);
  }
}
