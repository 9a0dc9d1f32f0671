import { DynamoAssignmentStore } from '../adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../adapters/dynamodb/dynamo-config-store';
import { DynamoLeadOutcomes } from '../adapters/dynamodb/dynamo-lead-outcomes';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { DynamoLeadTransitions } from '../adapters/dynamodb/dynamo-lead-transitions';
import { DynamoQueuedLeads } from '../adapters/dynamodb/dynamo-queued-leads';
import { AssignerQueue } from '../adapters/messaging/assigner-queue';
import type { LeadOutcomes } from '../core/leads/lead-outcome';
import type { RepLinkDeps } from '../core/links/rep-links';
import type { RepQueueDeps } from '../core/pull-queues/queue-view';
import { linkIssuer } from '../http/link-urls';
import type { PlatformPart } from './platform';
import { queueReminders } from './shared-parts';

export type RepLinksPlatform = PlatformPart<
  'documents' | 'clock' | 'metrics' | 'random' | 'assignerSender' | 'signer' | 'publicBaseUrl',
  'leads' | 'config' | 'state'
>;

/**
 * The rep-link function: lead links (claim, accept) and queue links (take, release).
 * Notices and SLA timers of taken leads ride the assigner's queue.
 */
export function wireRepLinks(p: RepLinksPlatform): RepLinkDeps & RepQueueDeps & { outcomes: LeadOutcomes } {
  const queue = new AssignerQueue(p.assignerSender, p.clock);
  const store = new DynamoAssignmentStore(p.documents, p.tables);
  return {
    signer: p.signer,
    leads: new DynamoLeadStore(p.documents, p.tables.leads),
    outcomes: new DynamoLeadOutcomes(p.documents, p.tables.leads),
    queued: new DynamoQueuedLeads(p.documents, p.tables.leads),
    config: new DynamoConfigStore(p.documents, p.tables),
    loads: store,
    store,
    transitions: new DynamoLeadTransitions(p.documents, p.tables),
    notifier: queue,
    links: linkIssuer(p.signer, p.publicBaseUrl),
    timers: queue,
    reminders: queueReminders(p, queue),
    clock: p.clock,
    metrics: p.metrics,
    random: p.random,
  };
}
