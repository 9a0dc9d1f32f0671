// What every function is built from, in AWS and locally. Each function's wiring module
// (this folder) takes the parts it needs and builds that function's dependencies; the Lambda
// entries, the local stack and the benchmark all go through these modules, so the three can
// never wire a function differently.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SourceSecrets } from '../adapters/dynamodb/sealed-source-secrets';
import type { TableKey, TableNames } from '../adapters/dynamodb/table-definitions';
import type { MessageSender } from '../adapters/messaging/message-sender';
import type { LinkSigner } from '../core/links/link-tokens';
import type { Clock, Metrics, Random } from '../core/shared/ports';

export interface Platform {
  documents: DynamoDBDocumentClient;
  tables: TableNames;
  clock: Clock;
  metrics: Metrics;
  random: Random;
  /** The assigner's queue (the ingest queue): leads to route, notices, timers, subscription syncs. */
  assignerSender: MessageSender;
  /** Meta leads waiting for their Graph API details. */
  enrichmentSender: MessageSender;
  /** Webhook deliveries' retries (and, from the bus, new lead events). */
  webhookSender: MessageSender;
  /** Signs rep and queue links. */
  signer: LinkSigner;
  /** Seals and opens sources' secrets (KMS in AWS, a local key otherwise); only ingest, enrichment and admin hold it. */
  sourceSecrets: SourceSecrets;
  /** Where links point; a function, because the local server knows its address only once it listens. */
  publicBaseUrl: () => string;
  cacheMs: CacheSettings;
}

/** How long warm functions remember what they read. */
export interface CacheSettings {
  /** Sources (ingest, assigner, enricher). */
  sources: number;
  /** The routing rules (assigner): a change reaches a warm assigner within this time. */
  rules: number;
  /** Valid admin keys (authorizer): a revoked key works this long. */
  adminKeys: number;
}

/** The caches as deployed. */
export const DEPLOYED_CACHE_MS: CacheSettings = { sources: 60_000, rules: 30_000, adminKeys: 30_000 };

/** The parts of the platform one function needs, and the tables it is bound to. */
export type PlatformPart<K extends keyof Platform, T extends TableKey = never> = Pick<
  Platform,
  Exclude<K, 'tables'>
> & {
  tables: Pick<TableNames, T>;
};
