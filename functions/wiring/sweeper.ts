import { DynamoAssignmentStore } from '../adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../adapters/dynamodb/dynamo-config-store';
import { DynamoLeadRecovery } from '../adapters/dynamodb/dynamo-lead-recovery';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { AssignerQueue } from '../adapters/messaging/assigner-queue';
import {
  ASSIGNER_MAX_RECEIVES,
  ASSIGNER_TIMEOUT_SECONDS,
  ENRICHER_TIMEOUT_SECONDS,
  ENRICHMENT_MAX_RECEIVES,
  messageLifetimeMs,
} from '../adapters/messaging/delivery-limits';
import { EnrichmentJobQueue } from '../adapters/messaging/enrichment-queue';
import { oldestHeldLeadAgeMs } from '../core/assignment/held-lead-age';
import {
  type RedriveProgress,
  redriveFailedLeads,
  type StrandedPolicy,
  type StrandedSweep,
  sweepStrandedLeads,
} from '../core/assignment/stranded-leads';
import type { PlatformPart } from './platform';
import { heldLeadRequeuer } from './shared-parts';

export type SweeperPlatform = PlatformPart<
  'documents' | 'clock' | 'assignerSender' | 'enrichmentSender',
  'leads' | 'config' | 'state'
>;

export interface Sweeper {
  /** Held leads of these pools (all when omitted) go back to the assigner. */
  requeueHeld(poolIds?: readonly string[]): Promise<number>;
  /** Leads stored but not routed are requeued a bounded number of times, then marked `failed`. */
  sweepStranded(policy: StrandedPolicy): Promise<StrandedSweep>;
  /** Every `failed` lead is sent round again (an admin's redrive). */
  redriveFailed(onPage?: (progress: RedriveProgress) => void): Promise<RedriveProgress>;
  /** How long the oldest held lead has waited (0 when none is), for the held-leads alarm. */
  oldestHeldLeadAgeMs(): Promise<number>;
}

/**
 * In AWS: a lead still `received` five minutes after it arrived is requeued, then again
 * each time its last message must be gone (its deliveries and their visibility timeouts),
 * three times; then it is marked `failed`. A Meta lead's job outlives eight deliveries.
 */
export const DEPLOYED_STRANDED_POLICY: StrandedPolicy = {
  strandedAfterMs: 5 * 60_000,
  routeMessageLifetimeMs: messageLifetimeMs(ASSIGNER_TIMEOUT_SECONDS, ASSIGNER_MAX_RECEIVES),
  enrichmentJobLifetimeMs: messageLifetimeMs(ENRICHER_TIMEOUT_SECONDS, ENRICHMENT_MAX_RECEIVES),
  maxRequeues: 3,
  maxScanned: 10_000,
  maxActedOn: 1_000,
};

/** The sweeper: runs every minute in AWS (every 30 seconds locally); redrives run from `npm run admin`. */
export function wireSweeper(p: SweeperPlatform): Sweeper {
  const config = new DynamoConfigStore(p.documents, p.tables);
  const leads = new DynamoLeadStore(p.documents, p.tables.leads);
  const queue = new AssignerQueue(p.assignerSender, p.clock);
  const store = new DynamoAssignmentStore(p.documents, p.tables);
  const stranded = {
    leads,
    recovery: new DynamoLeadRecovery(p.documents, p.tables.leads),
    queue,
    enrichment: new EnrichmentJobQueue(p.enrichmentSender),
  };
  return {
    requeueHeld: heldLeadRequeuer(p, { config, leads, queue, store }),
    sweepStranded: (policy) => sweepStrandedLeads(stranded, policy, p.clock.now()),
    redriveFailed: (onPage) => redriveFailedLeads({ ...stranded, clock: p.clock }, onPage),
    oldestHeldLeadAgeMs: () => oldestHeldLeadAgeMs(leads, p.clock.now()),
  };
}
