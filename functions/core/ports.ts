// The ports the core needs from the outside world. Adapters (DynamoDB, SQS, SNS, and the
// local in-process queue and outbox) implement them; the core never imports an adapter.
import type { Decision, Lead, LeadMessage, LeadStatus } from './lead';
import type { Pool } from './pool';
import type { Rep } from './rep';
import type { RotationState } from './rotation';
import type { RuleSet } from './rules';
import type { Source } from './source';

/** Time, injectable so tests control it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Counters that operators watch (conflict retries, notification failures, ...). */
export interface Metrics {
  count(name: string, value?: number): void;
}

export const noMetrics: Metrics = { count: () => undefined };

/** Where leads are kept. */
export interface LeadStore {
  /** Stores a new lead; fails if the id exists. */
  create(lead: Lead): Promise<void>;
  get(id: string): Promise<Lead | undefined>;
  list(query: LeadQuery): Promise<{ leads: Lead[]; nextCursor?: string }>;
}

export interface LeadQuery {
  status?: LeadStatus;
  poolId?: string;
  repId?: string;
  limit: number;
  cursor?: string;
}

/** The ingest queue between the webhook and the assigner. */
export interface LeadQueue {
  enqueue(message: LeadMessage): Promise<void>;
}

/** A message to one rep: assignment notices now, offers and reminders later. */
export interface RepNotification {
  repId: string;
  leadId: string;
  kind: 'assigned';
  subject: string;
  text: string;
  link?: string;
}

/** Delivers notifications to reps (SNS in AWS, the outbox locally). */
export interface Notifier {
  notify(notification: RepNotification): Promise<void>;
}

/** A pool with everything one assignment needs, read consistently. */
export interface PoolSnapshot {
  pool: Pool;
  reps: ReadonlyMap<string, Rep>;
  rotation: RotationState;
  /** Bumped by every admin change to the pool or its reps; commits are conditioned on it. */
  configVersion: number;
}

export interface LeadSettlement {
  leadId: string;
  /** When the lead was received (it keys the lead's status indexes). */
  createdAt: string;
  status: 'assigned' | 'unassigned';
  repId?: string;
  decision: Decision;
}

/** The decisions for some leads of one pool, to be written in one transaction. */
export interface AssignmentCommit {
  poolId: string;
  /** The snapshot the decisions were made on; undefined when the pool does not exist. */
  expected?: { seq: number; configVersion: number };
  rotation: RotationState;
  leads: LeadSettlement[];
  at: string;
}

export type CommitResult =
  | { status: 'committed' }
  /** The rotation or the configuration changed since the snapshot: reload and retry. */
  | { status: 'stale' }
  /** Another transaction touched the same items at the same moment: retry. */
  | { status: 'contended' }
  /** These leads were already past assignment (a redelivery): drop them and retry the rest. */
  | { status: 'leads_settled'; leads: { leadId: string; status?: LeadStatus; repId?: string }[] };

/** Reads pools for assignment and commits assignments atomically. */
export interface AssignmentStore {
  loadPool(poolId: string): Promise<PoolSnapshot | undefined>;
  commit(commit: AssignmentCommit): Promise<CommitResult>;
}

/** Reads sources for ingest and routing. */
export interface SourceDirectory {
  findByKey(key: string): Promise<Source | undefined>;
  get(id: string): Promise<Source | undefined>;
}

/** Admin-side configuration storage. Writes bump the `configVersion` of affected pools. */
export interface ConfigStore extends SourceDirectory {
  getRep(id: string): Promise<Rep | undefined>;
  listReps(): Promise<Rep[]>;
  /** Creates (no `expectedVersion`) or replaces a rep; touches the pools it belongs to. */
  saveRep(rep: Rep, options: { expectedVersion?: number; touchPools: string[] }): Promise<void>;
  deleteRep(id: string, expectedVersion: number): Promise<void>;

  getPool(id: string): Promise<Pool | undefined>;
  listPools(): Promise<Pool[]>;
  /** Creates (with fresh rotation state) or replaces a pool. */
  savePool(pool: Pool, options: { expectedVersion?: number }): Promise<void>;
  deletePool(id: string, expectedVersion: number): Promise<void>;

  listSources(): Promise<Source[]>;
  saveSource(source: Source, options: { expectedVersion?: number; previousKey?: string }): Promise<void>;
  deleteSource(source: Source): Promise<void>;

  /** The stored record of an admin API key, looked up by the key's SHA-256 hash. */
  findApiKey(hash: string): Promise<{ id: string; name: string } | undefined>;
  saveApiKey(key: { id: string; name: string; hash: string; createdAt: string }): Promise<void>;
  deleteApiKeysNamed(name: string): Promise<number>;

  // Routing rules and API key management (the sources issue).
  /** Every admin API key, without hashes. */
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** Revokes the key with this id; false when there is none. */
  deleteApiKey(id: string): Promise<boolean>;
  /** The routing rule set; undefined until one is saved. */
  getRuleSet(): Promise<RuleSet | undefined>;
  /** Replaces the rule set if the stored one still has `expectedVersion` (0: none stored yet). */
  saveRuleSet(ruleSet: RuleSet, expectedVersion: number): Promise<void>;
}

// ---------------------------------------------------------------------------------------
// Routing rules, webhook intake and ad-platform enrichment (the sources issue).

/** An admin API key as listed: never its hash, never the key. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  createdAt: string;
}

/** The routing rule set as the assigner sees it (cached). */
export interface RuleSetReader {
  current(): Promise<RuleSet | undefined>;
}

/**
 * A claim that makes a delivery count once: the platform's lead id, the sender's
 * `Idempotency-Key`, or a signature (replay protection). Claims expire.
 */
export interface IdempotencyClaim {
  kind: 'externalId' | 'idempotencyKey' | 'signature';
  /** Unique within the source. */
  value: string;
  /** Unix seconds after which the claim no longer counts. */
  expiresAt: number;
}

export type IntakeResult =
  | { stored: true }
  /** An earlier lead holds one of the claims: nothing was stored. */
  | { stored: false; claim: IdempotencyClaim; leadId: string };

/** Stores leads arriving on webhooks, each at most once per claim. */
export interface LeadIntake {
  /** Stores the lead with its claims in one write, unless an earlier lead holds one of them. */
  store(lead: Lead, claims: readonly IdempotencyClaim[]): Promise<IntakeResult>;
}

/** A lead whose details must be fetched from Meta's Graph API before it can be routed. */
export interface EnrichmentJob {
  leadId: string;
  sourceId: string;
  createdAt: string;
  /** Exact decimal string (the id does not fit a JavaScript number). */
  leadgenId: string;
  /** What the webhook told us (`leadgen_id`, `form_id`, `page_id`, `ad_id`). */
  custom: Record<string, string>;
}

/** The queue between the webhook and the enrichment step; failures come back from it. */
export interface EnrichmentQueue {
  enqueue(job: EnrichmentJob): Promise<void>;
}

/** What the Graph API tells about a Meta lead. */
export interface MetaLeadDetails {
  id: string;
  createdTime?: string;
  adId?: string;
  formId?: string;
  campaignId?: string;
  fieldData: { name: string; values: string[] }[];
}

/** Reads Meta leads from the Graph API. */
export interface MetaGraph {
  fetchLead(leadgenId: string, credentials: { accessToken: string; appSecret: string; apiVersion: string }): Promise<MetaLeadDetails>;
}

/** Writes the fetched details onto a waiting lead. */
export interface LeadEnrichmentStore {
  /** Fills in the lead's fields; `not_waiting` when the lead is gone or already past `received`. */
  completeEnrichment(
    leadId: string,
    update: { fields: Lead['fields']; custom: Lead['custom']; at: string },
  ): Promise<'updated' | 'not_waiting'>;
}
