// Pieces more than one function builds the same way.
import type { DynamoAssignmentStore } from '../adapters/dynamodb/dynamo-assignment-store';
import type { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { DynamoReminderLedger } from '../adapters/dynamodb/dynamo-reminder-ledger';
import { anyoneEligible, requeueHeldLeads } from '../core/assignment/held-leads';
import type { RoutingQueue } from '../core/assignment/ports';
import type { Notifier } from '../core/notices/ports';
import { createQueueReminders, type QueueReminders } from '../core/pull-queues/queue-reminders';
import type { PoolStore } from '../core/team/ports';
import { queueLinkIssuer } from '../http/link-urls';
import type { PlatformPart } from './platform';

/** Tells pull pools' reps that leads wait, throttled per rep by the shared ledger in the state table. */
export function queueReminders(
  p: PlatformPart<'documents' | 'metrics' | 'signer' | 'publicBaseUrl', 'state'>,
  notifier: Notifier,
): QueueReminders {
  return createQueueReminders({
    ledger: new DynamoReminderLedger(p.documents, p.tables.state),
    notifier,
    links: queueLinkIssuer(p.signer, p.publicBaseUrl),
    metrics: p.metrics,
  });
}

/**
 * Puts waiting leads of some pools (or all) back on the ingest queue, skipping pools nobody
 * can take from; `includeHeld` adds the leads held for an admin (after a change of reps).
 */
export function heldLeadRequeuer(
  p: PlatformPart<'clock', never>,
  parts: {
    config: Pick<PoolStore, 'listPools' | 'getPool'>;
    leads: DynamoLeadStore;
    queue: RoutingQueue;
    store: DynamoAssignmentStore;
  },
): (poolIds?: readonly string[], options?: { includeHeld?: boolean }) => Promise<number> {
  const { config, leads, queue, store } = parts;
  const mayTakeLeads = anyoneEligible((id) => store.loadPool(id));
  return (poolIds, options) =>
    requeueHeldLeads({ config, leads, queue, clock: p.clock, mayTakeLeads }, poolIds, options);
}
