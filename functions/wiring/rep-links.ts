import { DynamoAssignmentStore } from '../adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../adapters/dynamodb/dynamo-config-store';
import { DynamoLeadOutcomes } from '../adapters/dynamodb/dynamo-lead-outcomes';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { DynamoLeadTransitions } from '../adapters/dynamodb/dynamo-lead-transitions';
import { DynamoQueuedLeads } from '../adapters/dynamodb/dynamo-queued-leads';
import { AssignerQueue } from '../adapters/messaging/assigner-queue';
import type { LeadOutcomes } from '../core/leads/lead-outcome';
import type { AvailabilityDeps } from '../core/links/availability';
import type { RepLinkDeps } from '../core/links/rep-links';
import type { RepQueueDeps } from '../core/pull-queues/queue-view';
import { availabilityLinkIssuer, linkIssuer } from '../http/link-urls';
import type { PlatformPart } from './platform';
import { heldLeadRequeuer, queueReminders } from './shared-parts';

export type RepLinksPlatform = PlatformPart<
  'documents' | 'clock' | 'metrics' | 'random' | 'assignerSender' | 'signer' | 'publicBaseUrl',
  'leads' | 'config' | 'state'
>;

/**
 * The rep-link function: lead links (claim, accept, pass), queue links (take, release) and
 * availability links. Notices, SLA timers and passes ride the assigner's queue; a rep's own
 * availability change is saved as an admin's would be, with the rep as the actor.
 */
export function wireRepLinks(
  p: RepLinksPlatform,
): RepLinkDeps & RepQueueDeps & { availability: AvailabilityDeps; outcomes: LeadOutcomes } {
  const queue = new AssignerQueue(p.assignerSender, p.clock);
  const store = new DynamoAssignmentStore(p.documents, p.tables);
  const config = new DynamoConfigStore(p.documents, p.tables);
  const leads = new DynamoLeadStore(p.documents, p.tables.leads);
  const requeue = heldLeadRequeuer(p, { config, leads, queue, store });
  return {
    signer: p.signer,
    leads,
    outcomes: new DynamoLeadOutcomes(p.documents, p.tables.leads),
    queued: new DynamoQueuedLeads(p.documents, p.tables.leads),
    config,
    loads: store,
    store,
    transitions: new DynamoLeadTransitions(p.documents, p.tables),
    notifier: queue,
    links: linkIssuer(p.signer, p.publicBaseUrl),
    availabilityLinks: availabilityLinkIssuer(p.signer, p.publicBaseUrl),
    requests: queue,
    timers: queue,
    reminders: queueReminders(p, queue),
    clock: p.clock,
    metrics: p.metrics,
    random: p.random,
    availability: {
      signer: p.signer,
      // A rep back from away is a change of reps: leads held for an admin go round again too.
      team: { config, clock: p.clock, requeueHeld: (poolIds) => requeue(poolIds, { includeHeld: true }) },
      clock: p.clock,
      metrics: p.metrics,
    },
  };
}
