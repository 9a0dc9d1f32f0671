import type { Clock, Metrics } from '../shared/ports';
import type { PerformanceWeight } from '../stats/performance-weights';
import { performanceWeights } from '../stats/performance-weights';
import type { PerformanceRates } from '../stats/ports';
import { type Pool, performanceConfig } from '../team/pool';

/** After a failed read of the rates, the weights in force stand this long before the next try. */
const RETRY_AFTER_MS = 60_000;

interface Entry {
  /** The settings and members the weights were computed for: a change recomputes at once. */
  key: string;
  weights: ReadonlyMap<string, PerformanceWeight>;
  until: number;
}

/**
 * The weights of `performance` pools, computed from outcome rates at most once per pool's
 * `recomputeMinutes` (or when its settings or members change), so that between two
 * recomputations the pool is exact like `weighted` and no lead costs a stats read.
 */
export class PerformanceWeightCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<ReadonlyMap<string, PerformanceWeight>>>();

  constructor(
    private readonly rates: PerformanceRates,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
  ) {}

  /** The pool's weights in force now, recomputed first when they are due. */
  async weightsOf(pool: Pool): Promise<ReadonlyMap<string, PerformanceWeight>> {
    const config = performanceConfig(pool);
    const key = JSON.stringify([config, pool.members.map((m) => m.repId)]);
    const now = this.clock.now();
    const entry = this.entries.get(pool.id);
    if (entry && entry.key === key && now.getTime() < entry.until) return entry.weights;
    const shared = this.loading.get(pool.id);
    if (shared) return shared;
    const computing = this.compute(pool, key, now, entry).finally(() => this.loading.delete(pool.id));
    this.loading.set(pool.id, computing);
    return computing;
  }

  private async compute(pool: Pool, key: string, now: Date, previous: Entry | undefined) {
    const config = performanceConfig(pool);
    const memberIds = pool.members.map((m) => m.repId);
    // The window is the last `windowDays` UTC days, today included.
    const to = now.toISOString().slice(0, 10);
    const from = new Date(now.getTime() - (config.windowDays - 1) * 86_400_000).toISOString().slice(0, 10);
    try {
      const records = await this.rates.ratesOf(pool.id, config.stage, from, to);
      const weights = performanceWeights(memberIds, records, config);
      this.entries.set(pool.id, { key, weights, until: now.getTime() + config.recomputeMinutes * 60_000 });
      return weights;
    } catch {
      // Stats being unreadable must not stop routing: the last weights (or everyone at the mean) stand.
      this.metrics.count('PerformanceRatesFailed');
      const weights = previous?.weights ?? performanceWeights(memberIds, new Map(), config);
      this.entries.set(pool.id, { key, weights, until: now.getTime() + RETRY_AFTER_MS });
      return weights;
    }
  }
}
