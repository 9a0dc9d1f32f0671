// The per-pool figures as CloudWatch metrics (embedded metric format): one document per pool,
// by pool and for the whole service, which the dashboard and the speed-to-lead alarm read.
import type { PoolFigures } from '../core/stats/pool-metrics';

/** The metric names the dashboard and alarms use. */
export const POOL_METRICS = {
  received: 'PoolLeadsReceived',
  assigned: 'PoolLeadsAssigned',
  held: 'PoolLeadsHeld',
  slaMissed: 'PoolSlaMissed',
  speedToLeadSeconds: 'SpeedToLeadSeconds',
} as const satisfies Record<keyof PoolFigures, string>;

/** The EMF documents of a batch's pool figures (at most 100 speed-to-lead values each, as EMF allows). */
export function poolMetricDocuments(figures: ReadonlyMap<string, PoolFigures>, now: number): string[] {
  const service = process.env.SERVICE_NAME ?? 'leadrouter';
  return [...figures].map(([poolId, f]) =>
    JSON.stringify({
      _aws: {
        Timestamp: now,
        CloudWatchMetrics: [
          {
            Namespace: process.env.METRICS_NAMESPACE ?? 'LeadRouter',
            Dimensions: [['service', 'poolId'], ['service']],
            Metrics: [
              ...(['received', 'assigned', 'held', 'slaMissed'] as const).map((k) => ({
                Name: POOL_METRICS[k],
                Unit: 'Count',
              })),
              ...(f.speedToLeadSeconds.length ? [{ Name: POOL_METRICS.speedToLeadSeconds, Unit: 'Seconds' }] : []),
            ],
          },
        ],
      },
      service,
      poolId,
      [POOL_METRICS.received]: f.received,
      [POOL_METRICS.assigned]: f.assigned,
      [POOL_METRICS.held]: f.held,
      [POOL_METRICS.slaMissed]: f.slaMissed,
      ...(f.speedToLeadSeconds.length ? { [POOL_METRICS.speedToLeadSeconds]: f.speedToLeadSeconds.slice(0, 100) } : {}),
    }),
  );
}
