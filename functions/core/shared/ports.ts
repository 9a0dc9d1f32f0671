// The ports the core needs from the outside world. Adapters (DynamoDB, SQS, SNS, and the
// local in-process queue and outbox) implement them; the core never imports an adapter.
import type { Decision, Lead, LeadFields, LeadMessage, LeadOffer, LeadStatus } from '../leads/lead';
import type { RotationState } from '../methods/rotation';
import type { RuleSet } from '../routing/rules';
import type { Source } from '../sources/source';
import type { Pool, QueueOrder } from '../team/pool';
import type { Rep, RepLoad } from '../team/rep';

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
  /** Oldest first instead of newest first (sweeps serve the longest-waiting leads first). */
  oldestFirst?: boolean;
}

/** A recent lead with the same contact, and who owns it. */
export interface RecentOwner {
  leadId: string;
  repId: string;
  matchedOn: 'email' | 'phone';
}

/** Finds the owner of a recent lead with the same email or phone (through an index). */
export interface StickyOwners {
  findRecentOwner(
    contact: { email?: string; phone?: string },
    since: string,
    excludeLeadId: string,
  ): Promise<RecentOwner | undefined>;
}

/**
 * The ingest queue between the webhook and the assigner. It also carries notices that
 * other functions ask the assigner to deliver, so only the assigner talks to SNS.
 */
export interface LeadQueue {
  enqueue(message: LeadMessage): Promise<void>;
  enqueueNotice(notification: RepNotification): Promise<void>;
  /** Asks the assigner to bring a rep's subscriptions in line (only it talks to SNS). */
  enqueueChannelSync(repId: string): Promise<void>;
}

/** A message to one rep: an assignment, a shotgun offer, or a reminder that a queue has leads. */
export interface RepNotification {
  repId: string;
  leadId: string;
  kind: NotificationKind;
  subject: string;
  /** The full notice: email, and anything else that is not SMS. */
  text: string;
  /** The same notice cut to one SMS part where it can be (absent in notices queued by older versions: SMS then gets `text`). */
  sms?: string;
  link?: string;
}

export const NOTIFICATION_KINDS = ['assigned', 'offer', 'queue'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Delivers notifications to reps (SNS in AWS, the outbox locally). */
export interface Notifier {
  notify(notification: RepNotification): Promise<void>;
  /** Several at once (a shotgun offer goes to every eligible rep). */
  notifyMany(notifications: readonly RepNotification[]): Promise<void>;
}

/** Something to do about a lead later: an offer's window ends, an owner's accept deadline passes. */
export type LeadTimer =
  | { type: 'offer_expired'; leadId: string; round: number; dueAt: string }
  | {
      type: 'accept_deadline';
      leadId: string;
      repId: string;
      reassignments: number;
      dueAt: string;
      /** The `assignedAt` of the assignment it belongs to (absent on timers set by older versions). */
      assignedAt?: string;
    };

/** Fires lead timers at their due time (delayed SQS messages in AWS, in process locally). */
export interface Timers {
  schedule(timer: LeadTimer): Promise<void>;
}

/** Makes the signed link a rep follows to claim or accept a lead. */
export type LinkIssuer = (claims: {
  purpose: 'claim' | 'accept';
  leadId: string;
  repId: string;
  round?: number;
  expiresAt: number;
}) => string;

/** Makes the signed link to a rep's view of a pull pool's queue (bound to rep and pool). */
export type QueueLinkIssuer = (claims: { repId: string; poolId: string; expiresAt: number }) => string;

/** A lead waiting in a pull pool's queue, as the queue's index lists it. */
export interface QueuedLeadKey {
  leadId: string;
  createdAt: string;
}

/** What may be read of a waiting lead for a preview queue: never contact details or free text. */
export interface QueuedLeadPreview {
  id: string;
  createdAt: string;
  sourceId: string;
  fields: Pick<LeadFields, 'firstName' | 'city' | 'region' | 'product' | 'score'>;
}

/** Pull pools' queues, listed through indexes (never a scan), in the order a pool serves them. */
export interface QueuedLeads {
  /** The first `limit` waiting leads in `order`. Indexes lag: a lead just taken may still be listed. */
  peek(poolId: string, order: QueueOrder, limit: number): Promise<QueuedLeadKey[]>;
  /** How many leads wait in the pool, counting no further than `max`. */
  count(poolId: string, max: number): Promise<number>;
  /**
   * The preview fields of these leads, in the given order, reading no other field; leads no
   * longer waiting in the pool are left out.
   */
  previews(poolId: string, leadIds: readonly string[]): Promise<QueuedLeadPreview[]>;
}

/**
 * Remembers when each rep was last reminded of a pool's queue, shared by every process, so
 * a rep gets at most one reminder per window however many functions send them.
 */
export interface ReminderLedger {
  /**
   * Records a reminder at `atMs` unless one was recorded after `atMs - windowMs` (one
   * conditional write); otherwise says when the last one was.
   */
  record(
    repId: string,
    poolId: string,
    atMs: number,
    windowMs: number,
  ): Promise<{ recorded: true } | { recorded: false; lastAtMs: number }>;
}

/** A pool with everything one assignment needs, read consistently. */
export interface PoolSnapshot {
  pool: Pool;
  reps: ReadonlyMap<string, Rep>;
  /** Open and per-day counts of the pool's reps. */
  loads: ReadonlyMap<string, RepLoad>;
  rotation: RotationState;
  /** Bumped by every admin change to the pool or its reps; commits are conditioned on it. */
  configVersion: number;
}

/** A pool's rotation as a decision saw it; the commit is conditioned on it being unchanged. */
export interface RotationExpectation {
  poolId: string;
  seq: number;
  configVersion: number;
}

/** The state a lead past routing must still be in for a new decision on it to count. */
export type LeadExpectation =
  | { status: 'offered'; round: number /** The pool the offer was made in. */; poolId?: string }
  | { status: 'assigned'; repId: string; reassignments: number };

export interface LeadSettlement {
  leadId: string;
  /** When the lead was received (it keys the lead's status indexes). */
  createdAt: string;
  status: 'assigned' | 'unassigned' | 'offered' | 'queued';
  /** Conditions the write on this state instead of "not routed yet". */
  from?: LeadExpectation;
  /** A new shotgun offer. */
  offer?: LeadOffer;
  /** Queued: the lead's place in score order (`scoreRank`), kept while it waits. */
  queueRank?: string;
  /** Owners who lose the lead (an SLA reassignment): their open count drops. */
  releases?: string[];
  slaReassignments?: number;
  /** The pool the lead ends in (after any fallbacks). */
  poolId?: string;
  repId?: string;
  /** This batch's decisions for the lead, in order (fallbacks first). */
  decisions: Decision[];
}

/**
 * A change to a rep's load counters, made in the same transaction as the assignment and
 * conditioned on the rep's caps, so concurrent assigners can never exceed them.
 */
export interface RepLoadChange {
  repId: string;
  /** Added to the open count. */
  open: number;
  /** The rep's local date the per-day count is for. */
  day: string;
  /** Added to the per-day count (or its new value when the day rolled over). */
  dayCount: number;
  /** The stored day is an earlier one: start the count afresh. */
  rollover: boolean;
  maxOpen?: number;
  maxPerDay?: number;
}

/** The decisions for some leads of one pool, to be written in one transaction. */
export interface AssignmentCommit {
  poolId: string;
  /** The snapshot the decisions were made on; undefined when the pool does not exist. */
  expected?: RotationExpectation;
  /** Pools the leads fell back from: their rotations must be as the decisions saw them. */
  checks: RotationExpectation[];
  rotation: RotationState;
  leads: LeadSettlement[];
  loads: RepLoadChange[];
  at: string;
}

export type CommitResult =
  | { status: 'committed' }
  /**
   * A rotation, configuration or rep load changed since the snapshot: reload and retry.
   * `poolIds` names fallback-origin pools whose check failed (empty: the batch's own pool).
   */
  | { status: 'stale'; poolIds: string[] }
  /** Another transaction touched the same items at the same moment: retry. */
  | { status: 'contended' }
  /** These leads were already past assignment (a redelivery): drop them and retry the rest. */
  | { status: 'leads_settled'; leads: SettledLead[] };

/** What a lead looked like when a write found it already settled. */
export interface SettledLead {
  leadId: string;
  status?: LeadStatus;
  repId?: string;
  poolId?: string;
  offer?: LeadOffer;
  slaReassignments?: number;
  assignedAt?: string;
}

/** Reads pools for assignment and commits assignments atomically. */
export interface AssignmentStore {
  loadPool(poolId: string): Promise<PoolSnapshot | undefined>;
  /** Fresh load counters for some reps (least-loaded pools read them for every batch). */
  loadRepLoads(repIds: readonly string[]): Promise<Map<string, RepLoad>>;
  commit(commit: AssignmentCommit): Promise<CommitResult>;
}

/** One conditional move of one lead (manual assignment, release, close), with its audit. */
export interface LeadTransition {
  leadId: string;
  createdAt: string;
  /** The lead must be in one of these states ... */
  from: readonly LeadStatus[];
  /** ... and owned by this rep (`null`: by nobody) ... */
  owner: string | null;
  /** ... and, when set, be in this pool (a take from, or a release to, a pull pool's queue). */
  inPool?: string;
  to: {
    status: LeadStatus;
    repId: string | null;
    poolId?: string;
    /** Back in a queue: the lead's place in score order (`scoreRank`). */
    queueRank?: string;
    assignedAt?: string;
    acceptedAt?: string;
    responseSeconds?: number;
    speedToLeadSeconds?: number;
  };
  /** A claim: the lead's offer must be this round, include this rep and still be open at `openAt`. */
  offer?: { round: number; repId: string; openAt: string };
  decision: Decision;
  /** The new owner's counters, under its caps (omitted when forced past them). */
  load?: RepLoadChange;
  /** Reps whose open count drops by one (the previous owner). */
  releases: string[];
  at: string;
}

/**
 * `contended`: another transaction touched the lead or the rep's counters at that very
 * moment, so nothing is known about the conditions; trying again may succeed.
 */
export type TransitionResult = 'applied' | 'lead_changed' | 'rep_at_cap' | 'contended';

/** Applies lead transitions atomically. */
export interface LeadTransitions {
  apply(transition: LeadTransition): Promise<TransitionResult>;
}

/**
 * Keeps a rep's notification subscriptions (email, SMS) in line with their rep record:
 * subscribes new endpoints with a filter on the rep's id, removes old ones.
 */
export interface RepChannels {
  sync(repId: string): Promise<void>;
}

/** Puts held leads of some pools back on the queue, to be routed again. */
export type HeldLeadRequeuer = (poolIds: readonly string[]) => Promise<number>;

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
  fetchLead(
    leadgenId: string,
    credentials: { accessToken: string; appSecret: string; apiVersion: string },
  ): Promise<MetaLeadDetails>;
}

/** Writes the fetched details onto a waiting lead. */
export interface LeadEnrichmentStore {
  /** Fills in the lead's fields; `not_waiting` when the lead is gone or already past `received`. */
  completeEnrichment(
    leadId: string,
    update: { fields: Lead['fields']; custom: Lead['custom']; at: string },
  ): Promise<'updated' | 'not_waiting'>;
}
