import type { LeadEventBus } from '../core/events/ports';
import { leadEventPublisher } from '../core/events/publish-lead-events';
import type { LeadChangeConsumer } from '../core/leads/ports';
import { type PoolFiguresSink, recordPoolFigures } from '../core/stats/pool-metrics';
import type { PlatformPart } from './platform';
import { wireStatsConsumer } from './stats';

export type LeadChangesPlatform = PlatformPart<'documents', 'stats'>;

export interface LeadChangesWiring {
  /** Every consumer of the leads table's change stream, each told every change in order. */
  consumers: LeadChangeConsumer[];
}

/**
 * The lead-changes function: lead events onto the bus (EventBridge in AWS, in process
 * locally), then the stats aggregates, then live per-pool figures (CloudWatch metrics in AWS;
 * none locally). Events go first: they carry stable ids, so a retry that publishes them again
 * is dropped by receivers, while the stats' additions must not run twice.
 */
export function wireLeadChanges(
  p: LeadChangesPlatform,
  parts: { bus: LeadEventBus; poolFigures?: PoolFiguresSink },
): LeadChangesWiring {
  return {
    consumers: [
      leadEventPublisher(parts.bus),
      wireStatsConsumer(p),
      ...(parts.poolFigures ? [recordPoolFigures(parts.poolFigures)] : []),
    ],
  };
}
