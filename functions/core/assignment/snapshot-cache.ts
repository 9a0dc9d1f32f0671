import type { Clock } from '../shared/ports';
import type { PerformanceWeightCache } from './performance-cache';
import type { AssignmentStore, PoolSnapshot } from './ports';

/** How long an assigner trusts what it read of a pool. */
export interface SnapshotLifetimes {
  /**
   * The pool, its reps and its rotation. The commit's condition (rotation sequence and config
   * version) verifies them, so a stale one costs a retry, never a wrong assignment: this only
   * bounds how long a pool nobody writes to is remembered.
   */
  maxAgeMs: number;
  /**
   * Reps' load counters in a pool where a cap can skip a rep. A skip writes nothing to
   * verify it, so a rep who closed leads is skipped at most this long.
   */
  loadsMaxAgeMs: number;
}

interface Entry {
  snapshot: PoolSnapshot | undefined;
  loadedAt: number;
  loadsAt: number;
}

/**
 * The pool snapshots one assigner decides on (see SnapshotLifetimes for how long each part
 * is trusted). A refresh hands the store what it knows, so an unchanged pool costs a read of
 * its rotation and loads, not of its reps. Callers that need a snapshot at the same moment
 * share one read.
 */
export class SnapshotCache {
  private readonly snapshots = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<PoolSnapshot | undefined>>();

  constructor(
    private readonly store: Pick<AssignmentStore, 'loadPool' | 'loadRepLoads'>,
    private readonly clock: Clock,
    private readonly lifetimes: SnapshotLifetimes,
    private readonly weights?: Pick<PerformanceWeightCache, 'weightsOf'>,
  ) {}

  /** The pool's snapshot: cached unless `fresh`, in which case it is read now; a performance pool's with its weights in force. */
  async get(poolId: string, fresh: boolean): Promise<PoolSnapshot | undefined> {
    const snapshot = await this.snapshotOf(poolId, fresh);
    if (!snapshot || !this.weights || snapshot.pool.method !== 'performance') return snapshot;
    const performance = await this.weights.weightsOf(snapshot.pool);
    return snapshot.performance === performance ? snapshot : { ...snapshot, performance };
  }

  private async snapshotOf(poolId: string, fresh: boolean): Promise<PoolSnapshot | undefined> {
    const cached = this.snapshots.get(poolId);
    const nowMs = this.clock.now().getTime();
    if (!fresh && cached && nowMs - cached.loadedAt < this.lifetimes.maxAgeMs) {
      const snapshot = cached.snapshot;
      if (!snapshot || !capsCanSkip(snapshot) || nowMs - cached.loadsAt < this.lifetimes.loadsMaxAgeMs) return snapshot;
      return this.read(poolId, nowMs, false, 'loads', async () => {
        const loads = await this.store.loadRepLoads(snapshot.pool.members.map((m) => m.repId));
        return { ...snapshot, loads };
      });
    }
    return this.read(poolId, nowMs, fresh, 'pool', () => this.store.loadPool(poolId, cached?.snapshot));
  }

  private async read(
    poolId: string,
    nowMs: number,
    fresh: boolean,
    part: 'pool' | 'loads',
    load: () => Promise<PoolSnapshot | undefined>,
  ): Promise<PoolSnapshot | undefined> {
    const shared = fresh ? undefined : this.loading.get(poolId);
    if (shared) return shared;
    const reading = load().finally(() => {
      if (this.loading.get(poolId) === reading) this.loading.delete(poolId);
    });
    if (!fresh) this.loading.set(poolId, reading);
    const snapshot = await reading;
    const loadedAt = part === 'loads' ? (this.snapshots.get(poolId)?.loadedAt ?? nowMs) : nowMs;
    this.snapshots.set(poolId, { snapshot, loadedAt, loadsAt: nowMs });
    return snapshot;
  }

  /** After a commit: the pool as this assigner just left it, as old as the reads it came from. */
  advance(poolId: string, snapshot: PoolSnapshot, nowMs: number): void {
    const entry = this.snapshots.get(poolId);
    this.snapshots.set(poolId, { snapshot, loadedAt: entry?.loadedAt ?? nowMs, loadsAt: entry?.loadsAt ?? nowMs });
  }

  forget(poolId: string): void {
    this.snapshots.delete(poolId);
  }
}

/** Whether a member's cap can make them skip a lead, which only fresh loads may decide. */
function capsCanSkip(snapshot: PoolSnapshot): boolean {
  return snapshot.pool.members.some((m) => {
    const rep = snapshot.reps.get(m.repId);
    return rep?.maxOpen !== undefined || rep?.maxPerDay !== undefined;
  });
}
