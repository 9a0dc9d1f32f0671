import { CachedSourceDirectory } from '../adapters/caching/cached-source-directory';
import { DynamoLeadEnrichmentStore } from '../adapters/dynamodb/dynamo-lead-enrichment-store';
import { DynamoSourceDirectory } from '../adapters/dynamodb/dynamo-source-directory';
import { AssignerQueue } from '../adapters/messaging/assigner-queue';
import type { EnrichLeadDeps } from '../core/sources/enrich-meta-lead';
import type { MetaGraph } from '../core/sources/ports';
import type { PlatformPart } from './platform';

export type EnricherPlatform = PlatformPart<
  'documents' | 'clock' | 'assignerSender' | 'cacheMs' | 'sourceSecrets',
  'leads' | 'config'
>;

/** The enricher function: fetches Meta leads' answers, then hands the leads to the assigner. */
export function wireEnricher(p: EnricherPlatform, graph: MetaGraph): EnrichLeadDeps {
  return {
    sources: new CachedSourceDirectory(
      new DynamoSourceDirectory(p.documents, p.tables.config, p.sourceSecrets),
      p.clock,
      p.cacheMs.sources,
    ),
    graph,
    leads: new DynamoLeadEnrichmentStore(p.documents, p.tables.leads),
    queue: new AssignerQueue(p.assignerSender, p.clock),
    clock: p.clock,
  };
}
