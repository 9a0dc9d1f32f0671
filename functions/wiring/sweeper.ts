import { DynamoAssignmentStore } from '../adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../adapters/dynamodb/dynamo-config-store';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { AssignerQueue } from '../adapters/messaging/assigner-queue';
import { EnrichmentJobQueue } from '../adapters/messaging/enrichment-queue';
import { oldestHeldLeadAgeMs } from '../core/assignment/held-lead-age';
import { requeueStrandedLeads } from '../core/assignment/held-leads';
import type { PlatformPart } from './platform';
import { heldLeadRequeuer } from './shared-parts';

export type SweeperPlatform = PlatformPart<
  'documents' | 'clock' | 'assignerSender' | 'enrichmentSender',
  'leads' | 'config' | 'state'
>;

export interface Sweeper {
  /** Held leads of these pools (all when omitted) go back to the assigner. */
  requeueHeld(poolIds?: readonly string[]): Promise<number>;
  /** Leads stored but never routed, older than `olderThanMs`, are queued again. */
  requeueStranded(olderThanMs?: number): Promise<number>;
  /** How long the oldest held lead has waited (0 when none is), for the held-leads alarm. */
  oldestHeldLeadAgeMs(): Promise<number>;
}

/** The sweeper: runs every minute in AWS (every 30 seconds locally). */
export function wireSweeper(p: SweeperPlatform): Sweeper {
  const config = new DynamoConfigStore(p.documents, p.tables);
  const leads = new DynamoLeadStore(p.documents, p.tables.leads);
  const queue = new AssignerQueue(p.assignerSender, p.clock);
  const store = new DynamoAssignmentStore(p.documents, p.tables);
  const enrichment = new EnrichmentJobQueue(p.enrichmentSender);
  return {
    requeueHeld: heldLeadRequeuer(p, { config, leads, queue, store }),
    requeueStranded: (olderThanMs) => requeueStrandedLeads({ leads, queue, enrichment }, p.clock.now(), olderThanMs),
    oldestHeldLeadAgeMs: () => oldestHeldLeadAgeMs(leads, p.clock.now()),
  };
}
