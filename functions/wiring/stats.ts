import { DynamoStatsStore } from '../adapters/dynamodb/dynamo-stats-store';
import type { LeadChangeConsumer } from '../core/leads/ports';
import { recordStats } from '../core/stats/record-stats';
import type { PlatformPart } from './platform';

/** The stats aggregates' consumer of lead changes, writing to the stats table. */
export function wireStatsConsumer(p: PlatformPart<'documents', 'stats'>): LeadChangeConsumer {
  return recordStats(new DynamoStatsStore(p.documents, p.tables.stats));
}
