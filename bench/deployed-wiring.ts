// The ingest and assigner functions wired by the same modules as their Lambda entries
// (functions/wiring), on a given DynamoDB client. Differences, on purpose: notices are
// counted instead of published to SNS, messages the assigner would queue (timers) are
// dropped, and the link key and the source-secrets key are fixed test keys.

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EnvelopeSourceSecrets } from '../functions/adapters/dynamodb/sealed-source-secrets';
import type { TableNames } from '../functions/adapters/dynamodb/table-definitions';
import { LocalDataKeys } from '../functions/adapters/local/local-data-keys';
import type { MessageSender } from '../functions/adapters/messaging/message-sender';
import type { AssignerOptions, LeadAssigner } from '../functions/core/assignment/assigner';
import { LinkSigner } from '../functions/core/links/link-tokens';
import type { Notifier, RepNotification } from '../functions/core/notices/ports';
import { type Clock, type Metrics, systemClock } from '../functions/core/shared/ports';
import { wireAssigner } from '../functions/wiring/assigner';
import { wireIngest } from '../functions/wiring/ingest';
import { DEPLOYED_CACHE_MS } from '../functions/wiring/platform';
import type { IngestDeps } from './scenario';

/** A link key for the benchmark's signed rep links (the deployed one lives in Secrets Manager). */
const BENCH_LINK_KEY = 'leadrouter-benchmark-link-signing-key-0123456789';

/** Counts the notices the assigner sends instead of publishing them. */
class CountingNotifier implements Notifier {
  sent = 0;
  async notify(_notification: RepNotification) {
    this.sent++;
  }
  async notifyMany(notifications: readonly RepNotification[]) {
    this.sent += notifications.length;
  }
}

/** Messages the benchmark does not deliver (the assigner's own timers). */
const dropped: MessageSender = { send: async () => undefined };
const refused: MessageSender = {
  send: async () => {
    throw new Error('The benchmark sends no Meta leads');
  },
};

/** Ingest's use-case dependencies as the ingest function has them, but the queue, which each run brings. */
export function deployedIngest(
  documents: DynamoDBDocumentClient,
  tables: TableNames,
  clock: Clock = systemClock,
): IngestDeps {
  const { queue: _queue, ...deps } = wireIngest({
    documents,
    tables,
    clock,
    assignerSender: dropped,
    enrichmentSender: refused,
    cacheMs: DEPLOYED_CACHE_MS,
    // KMS's stand-in; the benchmark's sources are web forms, which have no secrets to open.
    sourceSecrets: new EnvelopeSourceSecrets(new LocalDataKeys(BENCH_LINK_KEY)),
  });
  return deps;
}

/** The assigner, as the assigner function has it. */
export function deployedAssigner(
  documents: DynamoDBDocumentClient,
  tables: TableNames,
  options: { notifier?: Notifier; metrics: Metrics; assigner?: AssignerOptions; clock?: Clock },
): LeadAssigner {
  return wireAssigner(
    {
      documents,
      tables,
      clock: options.clock ?? systemClock,
      metrics: options.metrics,
      random: Math.random,
      assignerSender: dropped,
      signer: new LinkSigner(BENCH_LINK_KEY),
      publicBaseUrl: () => 'https://leads.example.com',
      cacheMs: DEPLOYED_CACHE_MS,
    },
    { notifier: options.notifier ?? new CountingNotifier(), channels: { sync: async () => undefined } },
    options.assigner,
  ).assigner;
}
