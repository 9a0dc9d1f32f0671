import type { LeadChangeConsumer } from '../core/leads/ports';
import { type PoolFiguresSink, recordPoolFigures } from '../core/stats/pool-metrics';
import type { PlatformPart } from './platform';
import { wireStatsConsumer } from './stats';

export type LeadChangesPlatform = PlatformPart<'documents', 'stats'>;

/**
 * The lead-change function: every consumer of the leads table's change stream, in order.
 * `poolFigures` receives live per-pool figures (CloudWatch metrics in AWS; none locally).
 */
export function wireLeadChanges(
  p: LeadChangesPlatform,
  poolFigures?: PoolFiguresSink,
): { consumers: LeadChangeConsumer[] } {
  return { consumers: [wireStatsConsumer(p), ...(poolFigures ? [recordPoolFigures(poolFigures)] : [])] };
}
