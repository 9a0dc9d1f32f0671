// The ingest and assigner use cases wired as functions/entry/ingest.ts and assigner.ts wire
// them (same adapters, same caches), on a given DynamoDB client. The entries themselves
// cannot be imported here: they read their configuration and call Secrets Manager at load.
// Differences, on purpose: notices are counted instead of published to SNS, timers are
// collected instead of queued, and the link key is a fixed test key.

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QueueTimers } from '../functions/adapters/assigner-queue/queue-timers';
import { CachedRuleSetReader } from '../functions/adapters/caching/cached-rule-set-reader';
import { CachedSourceDirectory } from '../functions/adapters/caching/cached-source-directory';
import { DynamoAssignmentStore } from '../functions/adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../functions/adapters/dynamodb/dynamo-config-store';
import { DynamoLeadIntake } from '../functions/adapters/dynamodb/dynamo-lead-intake';
import { DynamoLeadStore } from '../functions/adapters/dynamodb/dynamo-lead-store';
import { DynamoRuleSetReader } from '../functions/adapters/dynamodb/dynamo-rule-set-reader';
import { DynamoSourceDirectory } from '../functions/adapters/dynamodb/dynamo-source-directory';
import type { TableNames } from '../functions/adapters/dynamodb/table-definitions';
import { createLeadAssigner, type LeadAssigner } from '../functions/core/assignment/assigner';
import { LinkSigner } from '../functions/core/links/link-tokens';
import {
  type LeadTimer,
  type Metrics,
  type Notifier,
  type RepNotification,
  systemClock,
} from '../functions/core/shared/ports';
import { linkIssuer } from '../functions/http/link-urls';
import type { IngestDeps } from './scenario';

/** A link key for the benchmark's signed rep links (the deployed one lives in Secrets Manager). */
export const BENCH_LINK_KEY = 'leadrouter-benchmark-link-signing-key-0123456789';

/** Counts the notices the assigner sends instead of publishing them. */
export class CountingNotifier implements Notifier {
  sent = 0;
  async notify(_notification: RepNotification) {
    this.sent++;
  }
  async notifyMany(notifications: readonly RepNotification[]) {
    this.sent += notifications.length;
  }
}

/** Ingest's use-case dependencies, as functions/entry/ingest.ts builds them. */
export function deployedIngest(documents: DynamoDBDocumentClient, tables: TableNames): IngestDeps {
  return {
    sources: new CachedSourceDirectory(new DynamoSourceDirectory(documents, tables.config), systemClock),
    intake: new DynamoLeadIntake(documents, tables),
    leads: new DynamoLeadStore(documents, tables.leads),
    enrichment: {
      enqueue: async () => {
        throw new Error('The benchmark sends no Meta leads');
      },
    },
    clock: systemClock,
  };
}

/** The assigner, as functions/entry/assigner.ts builds it. */
export function deployedAssigner(
  documents: DynamoDBDocumentClient,
  tables: TableNames,
  options: { notifier?: Notifier; metrics: Metrics },
): LeadAssigner {
  const timers: LeadTimer[] = [];
  return createLeadAssigner({
    sources: new CachedSourceDirectory(new DynamoConfigStore(documents, tables), systemClock),
    store: new DynamoAssignmentStore(documents, tables),
    notifier: options.notifier ?? new CountingNotifier(),
    clock: systemClock,
    metrics: options.metrics,
    links: linkIssuer(new LinkSigner(BENCH_LINK_KEY), 'https://leads.example.com'),
    sticky: new DynamoLeadStore(documents, tables.leads),
    timers: new QueueTimers({ enqueueTimer: async (timer) => void timers.push(timer) }, systemClock),
    rules: new CachedRuleSetReader(new DynamoRuleSetReader(documents, tables.config), systemClock, 30_000),
  });
}
