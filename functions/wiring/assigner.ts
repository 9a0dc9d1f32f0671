import { CachedRuleSetReader } from '../adapters/caching/cached-rule-set-reader';
import { CachedSourceDirectory } from '../adapters/caching/cached-source-directory';
import { CachedTableReader } from '../adapters/caching/cached-table-reader';
import { DynamoAssignmentStore } from '../adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../adapters/dynamodb/dynamo-config-store';
import { DynamoLeadRecovery } from '../adapters/dynamodb/dynamo-lead-recovery';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { DynamoRuleSetReader } from '../adapters/dynamodb/dynamo-rule-set-reader';
import { DynamoStatsStore } from '../adapters/dynamodb/dynamo-stats-store';
import { DynamoTableStore } from '../adapters/dynamodb/dynamo-table-store';
import { AssignerQueue } from '../adapters/messaging/assigner-queue';
import { ASSIGNER_MAX_RECEIVES } from '../adapters/messaging/delivery-limits';
import { type AssignerOptions, createLeadAssigner, type LeadAssigner } from '../core/assignment/assigner';
import { handleLeadRequest } from '../core/assignment/lead-requests';
import { handleLeadTimer } from '../core/assignment/lead-timers';
import { recordDeliveryFailure } from '../core/assignment/stranded-leads';
import type { Notifier, RepChannels } from '../core/notices/ports';
import { statsPerformanceRates } from '../core/stats/performance-rates';
import { availabilityLinkIssuer, linkIssuer } from '../http/link-urls';
import type { AssignerFunctionOptions } from '../sqs/assigner-function';
import type { PlatformPart } from './platform';
import { queueReminders } from './shared-parts';

export type AssignerPlatform = PlatformPart<
  'documents' | 'clock' | 'metrics' | 'random' | 'assignerSender' | 'signer' | 'publicBaseUrl' | 'cacheMs',
  'leads' | 'config' | 'state' | 'lookups' | 'stats'
>;

export interface AssignerWiring {
  assigner: LeadAssigner;
  /** What the assigner function's consumer needs besides the assigner. */
  consumer: Omit<AssignerFunctionOptions, 'middlewares' | 'onRecordFailed'>;
}

/**
 * The assigner function: routes leads, delivers notices (the only function that talks to
 * the notification channel), acts on lead timers and keeps reps' subscriptions in line.
 * `notifier` and `channels` are SNS in AWS and the outbox locally.
 */
export function wireAssigner(
  p: AssignerPlatform,
  delivery: { notifier: Notifier; channels: RepChannels },
  options: AssignerOptions = {},
): AssignerWiring {
  const config = new DynamoConfigStore(p.documents, p.tables);
  const leads = new DynamoLeadStore(p.documents, p.tables.leads);
  const queue = new AssignerQueue(p.assignerSender, p.clock);
  const recovery = new DynamoLeadRecovery(p.documents, p.tables.leads);
  const assigner = createLeadAssigner(
    {
      sources: new CachedSourceDirectory(config, p.clock, p.cacheMs.sources),
      store: new DynamoAssignmentStore(p.documents, p.tables),
      notifier: delivery.notifier,
      clock: p.clock,
      metrics: p.metrics,
      random: p.random,
      links: linkIssuer(p.signer, p.publicBaseUrl),
      availabilityLinks: availabilityLinkIssuer(p.signer, p.publicBaseUrl),
      sticky: leads,
      timers: queue,
      rules: new CachedRuleSetReader(new DynamoRuleSetReader(p.documents, p.tables.config), p.clock, p.cacheMs.rules),
      reminders: queueReminders(p, delivery.notifier),
      tables: new CachedTableReader(new DynamoTableStore(p.documents, p.tables.lookups), p.clock, p.cacheMs.rules),
      // Performance pools' weights: the stats aggregates, read once per pool per recompute interval.
      performance: statsPerformanceRates(new DynamoStatsStore(p.documents, p.tables.stats)),
    },
    options,
  );
  const followUps = { leads, pools: config, assigner, metrics: p.metrics, clock: p.clock };
  return {
    assigner,
    consumer: {
      notifier: delivery.notifier,
      channels: delivery.channels,
      timers: queue,
      clock: p.clock,
      onTimer: (timer) => handleLeadTimer(followUps, timer),
      onLeadRequest: (request) => handleLeadRequest(followUps, request),
      maxReceives: ASSIGNER_MAX_RECEIVES,
      onDeliveriesExhausted: (lead, error, deliveries) => {
        p.metrics.count('LeadsFailed');
        return recordDeliveryFailure(recovery, lead, error, deliveries, p.clock.now());
      },
    },
  };
}
