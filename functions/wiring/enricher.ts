import { CachedSourceDirectory } from '../adapters/caching/cached-source-directory';
import { DynamoLeadEnrichmentStore } from '../adapters/dynamodb/dynamo-lead-enrichment-store';
import { DynamoLeadRecovery } from '../adapters/dynamodb/dynamo-lead-recovery';
import { DynamoSourceDirectory } from '../adapters/dynamodb/dynamo-source-directory';
import { AssignerQueue } from '../adapters/messaging/assigner-queue';
import { ENRICHMENT_MAX_RECEIVES } from '../adapters/messaging/delivery-limits';
import { recordDeliveryFailure } from '../core/assignment/stranded-leads';
import type { EnrichLeadDeps } from '../core/sources/enrich-meta-lead';
import type { LinkedInLeads, MetaGraph } from '../core/sources/ports';
import type { EnrichmentFunctionOptions } from '../sqs/enrichment-function';
import type { PlatformPart } from './platform';

export type EnricherPlatform = PlatformPart<
  'documents' | 'clock' | 'assignerSender' | 'cacheMs' | 'sourceSecrets',
  'leads' | 'config'
>;

export interface EnricherWiring {
  deps: EnrichLeadDeps;
  /** What the enrichment function's consumer needs besides the use case's dependencies. */
  consumer: Pick<EnrichmentFunctionOptions, 'maxReceives' | 'onDeliveriesExhausted'>;
}

/**
 * The enricher function: fetches Meta and LinkedIn leads' answers, then hands the leads to the assigner;
 * a lead whose job failed its last delivery is marked failed.
 */
export function wireEnricher(p: EnricherPlatform, graph: MetaGraph, linkedin: LinkedInLeads): EnricherWiring {
  const recovery = new DynamoLeadRecovery(p.documents, p.tables.leads);
  const deps: EnrichLeadDeps = {
    sources: new CachedSourceDirectory(
      new DynamoSourceDirectory(p.documents, p.tables.config, p.sourceSecrets),
      p.clock,
      p.cacheMs.sources,
    ),
    graph,
    linkedin,
    leads: new DynamoLeadEnrichmentStore(p.documents, p.tables.leads),
    queue: new AssignerQueue(p.assignerSender, p.clock),
    clock: p.clock,
  };
  return {
    deps,
    consumer: {
      maxReceives: ENRICHMENT_MAX_RECEIVES,
      onDeliveriesExhausted: (lead, error, deliveries) =>
        recordDeliveryFailure(recovery, lead, error, deliveries, p.clock.now()),
    },
  };
}
