import { CachedSourceDirectory } from '../adapters/caching/cached-source-directory';
import { DynamoLeadIntake } from '../adapters/dynamodb/dynamo-lead-intake';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { DynamoSourceDirectory } from '../adapters/dynamodb/dynamo-source-directory';
import { AssignerQueue } from '../adapters/messaging/assigner-queue';
import { EnrichmentJobQueue } from '../adapters/messaging/enrichment-queue';
import type { ReceiveLeadDeps } from '../core/sources/receive-webhook';
import type { PlatformPart } from './platform';

export type IngestPlatform = PlatformPart<
  'documents' | 'clock' | 'assignerSender' | 'enrichmentSender' | 'cacheMs' | 'sourceSecrets',
  'leads' | 'config' | 'idempotency'
>;

/** The ingest function: webhooks store leads and hand them to the assigner (or to Meta enrichment). */
export function wireIngest(p: IngestPlatform): ReceiveLeadDeps {
  return {
    sources: new CachedSourceDirectory(
      new DynamoSourceDirectory(p.documents, p.tables.config, p.sourceSecrets),
      p.clock,
      p.cacheMs.sources,
    ),
    intake: new DynamoLeadIntake(p.documents, p.tables),
    leads: new DynamoLeadStore(p.documents, p.tables.leads),
    queue: new AssignerQueue(p.assignerSender, p.clock),
    enrichment: new EnrichmentJobQueue(p.enrichmentSender),
    clock: p.clock,
  };
}
