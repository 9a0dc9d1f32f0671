import { DynamoApiKeyDirectory } from '../adapters/dynamodb/dynamo-api-key-directory';
import { DynamoAssignmentStore } from '../adapters/dynamodb/dynamo-assignment-store';
import { DynamoAuditLog } from '../adapters/dynamodb/dynamo-audit-log';
import { DynamoConfigStore } from '../adapters/dynamodb/dynamo-config-store';
import { DynamoLeadOutcomes } from '../adapters/dynamodb/dynamo-lead-outcomes';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { DynamoLeadTransitions } from '../adapters/dynamodb/dynamo-lead-transitions';
import { DynamoQueuedLeads } from '../adapters/dynamodb/dynamo-queued-leads';
import { DynamoRuleSetReader } from '../adapters/dynamodb/dynamo-rule-set-reader';
import { DynamoStatsStore } from '../adapters/dynamodb/dynamo-stats-store';
import { DynamoTableStore } from '../adapters/dynamodb/dynamo-table-store';
import { DynamoWebhookStore } from '../adapters/dynamodb/dynamo-webhook-store';
import { AssignerQueue } from '../adapters/messaging/assigner-queue';
import { WebhookQueue } from '../adapters/messaging/webhook-queue';
import { WebhookUrlGuard } from '../adapters/webhooks/webhook-url-policy';
import { verifyAdminKey } from '../core/admin/admin-keys';
import type { WebhookUrlPolicy } from '../core/webhooks/ports';
import type { AdminHandlerDeps } from '../http/handlers/admin-handlers';
import { availabilityLinkIssuer, linkIssuer } from '../http/link-urls';
import type { PlatformPart } from './platform';
import { heldLeadRequeuer, queueReminders } from './shared-parts';

export type AdminPlatform = PlatformPart<
  | 'documents'
  | 'clock'
  | 'metrics'
  | 'random'
  | 'assignerSender'
  | 'webhookSender'
  | 'signer'
  | 'publicBaseUrl'
  | 'sourceSecrets',
  'leads' | 'config' | 'state' | 'lookups' | 'stats'
>;

/**
 * The admin function. Notices, timers and subscription syncs go to the assigner through
 * its queue (only the assigner talks to SNS); explain reads the rules fresh.
 */
export function wireAdmin(
  p: AdminPlatform,
  parts: { webhookUrls: WebhookUrlPolicy } = { webhookUrls: new WebhookUrlGuard('aws') },
): AdminHandlerDeps {
  const config = new DynamoConfigStore(p.documents, p.tables, p.sourceSecrets);
  const leads = new DynamoLeadStore(p.documents, p.tables.leads);
  const queue = new AssignerQueue(p.assignerSender, p.clock);
  const store = new DynamoAssignmentStore(p.documents, p.tables);
  const requeue = heldLeadRequeuer(p, { config, leads, queue, store });
  return {
    config,
    clock: p.clock,
    random: p.random,
    leads,
    sources: config,
    store,
    loads: store,
    transitions: new DynamoLeadTransitions(p.documents, p.tables),
    notifier: queue,
    queue,
    // Admin changes are changes of reps: leads held for an admin go round again too.
    requeueHeld: (poolIds) => requeue(poolIds, { includeHeld: true }),
    syncChannels: (repId) => queue.requestChannelSync(repId),
    links: linkIssuer(p.signer, p.publicBaseUrl),
    availabilityLinks: availabilityLinkIssuer(p.signer, p.publicBaseUrl),
    timers: queue,
    requests: queue,
    audit: new DynamoAuditLog(p.documents, p.tables.config),
    rules: new DynamoRuleSetReader(p.documents, p.tables.config),
    sticky: leads,
    signer: p.signer,
    queuedLeads: new DynamoQueuedLeads(p.documents, p.tables.leads),
    reminders: queueReminders(p, queue),
    tables: new DynamoTableStore(p.documents, p.tables.lookups),
    stats: new DynamoStatsStore(p.documents, p.tables.stats),
    webhookAdmin: {
      webhooks: new DynamoWebhookStore(p.documents, p.tables.config),
      urls: parts.webhookUrls,
      jobs: new WebhookQueue(p.webhookSender, p.clock),
      clock: p.clock,
    },
    outcomes: { leads, outcomes: new DynamoLeadOutcomes(p.documents, p.tables.leads), clock: p.clock },
  };
}

/**
 * The admin function's own check of the key on every change: one consistent read by the
 * key's hash, nothing remembered (the gateway's authorizer and its cache come first).
 */
export function wireAdminKeyCheck(p: PlatformPart<'documents', 'config'>) {
  const keys = new DynamoApiKeyDirectory(p.documents, p.tables.config);
  return (authorization: string | undefined) => verifyAdminKey(keys, authorization);
}
