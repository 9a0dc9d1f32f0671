// The one description of leadrouter's tables. The CDK stack and the local stack both build
// their tables from it, so the two can never disagree. Plain data: no SDK, no CDK.

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface IndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** Attributes copied into the index besides the keys. */
  include?: readonly string[];
}

export interface TableDefinition {
  /** The environment variable that carries the deployed table name to a function. */
  envVar: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  globalIndexes: readonly IndexDefinition[];
  /** A number attribute (Unix seconds) after which DynamoDB deletes the item by itself (TTL). */
  timeToLiveAttribute?: string;
  /** The table's change stream: every change with the item before and after (the lead change consumers read it). */
  stream?: 'NEW_AND_OLD_IMAGES';
}

const S = (name: string): KeyAttribute => ({ name, type: 'S' });

/** The lead listings carry these besides their keys, so filters need no item reads. */
const summaryWithout = (...keys: string[]) =>
  ['status', 'poolId', 'repId', 'createdAt'].filter((a) => !keys.includes(a));

export const TABLES = {
  /** One item per lead: fields, status, owner and the decision trail. */
  leads: {
    envVar: 'LEADS_TABLE',
    partitionKey: S('id'),
    // The lead-change consumers (stats) read each write's before and after.
    stream: 'NEW_AND_OLD_IMAGES',
    globalIndexes: [
      // Sparse: only leads waiting on someone carry `waiting` (= their status). Leads that are
      // dealt with leave it, so assignment deletes one small entry instead of moving one.
      { indexName: 'byWaitingStatus', partitionKey: S('waiting'), sortKey: S('createdAt'), include: ['poolId'] },
      {
        indexName: 'byPool',
        partitionKey: S('poolId'),
        sortKey: S('statusCreatedAt'),
        include: summaryWithout('poolId'),
      },
      { indexName: 'byRep', partitionKey: S('repId'), sortKey: S('statusCreatedAt'), include: summaryWithout('repId') },
      // Keys only: its entries never change after intake (listings fetch the full items anyway).
      { indexName: 'byMonth', partitionKey: S('createdMonth'), sortKey: S('createdAt') },
      // Sticky owner: recent leads with the same email or phone. Sparse and keys only, so a
      // lead pays one small index write per contact at intake and nothing later.
      { indexName: 'byEmail', partitionKey: S('emailKey'), sortKey: S('createdAt') },
      { indexName: 'byPhone', partitionKey: S('phoneKey'), sortKey: S('createdAt') },
      // Sparse: only leads waiting in a pull pool's queue carry `queuePoolId`, so only their
      // moves in and out cost index writes. Serves score order (`scoreRank`); FIFO and LIFO
      // use `byPool`. Keys and arrival time only: preview fields are read from the lead
      // itself, field by field, so no contact detail is ever copied into an index.
      { indexName: 'byQueueScore', partitionKey: S('queuePoolId'), sortKey: S('queueRank'), include: ['createdAt'] },
    ],
  },
  /** Reps, pools, sources, source-key pointers and hashed API keys: `pk` is the kind, `sk` the id. */
  config: {
    envVar: 'CONFIG_TABLE',
    partitionKey: S('pk'),
    sortKey: S('sk'),
    globalIndexes: [],
    // Webhook delivery records carry it (kept 30 days); configuration items never do.
    timeToLiveAttribute: 'expiresAt',
  },
  /** Hot, small items that assignments move: one rotation item per pool (`pool#<id>`). */
  state: {
    envVar: 'STATE_TABLE',
    partitionKey: S('pk'),
    globalIndexes: [],
  },
  /**
   * Idempotency claims of webhook deliveries (`<sourceId>#<kind>#<value>` → the lead id):
   * platform lead ids and Idempotency-Keys for 24 hours, signatures for their tolerance
   * window. Expired items are deleted by DynamoDB's TTL (and ignored until then).
   */
  idempotency: {
    envVar: 'IDEMPOTENCY_TABLE',
    partitionKey: S('pk'),
    globalIndexes: [],
    timeToLiveAttribute: 'expiresAt',
  },
  /**
   * Lookup tables (territories, named accounts): a head per table (`pk` "head", `sk` its
   * name) and the packed rows of each kept version, one partition per part
   * (`<name>#<version>#<part>`). A table of its own, not the config table: uploads write
   * thousands of items in batches, which only the admin function may do here, and spreading
   * parts over partitions keeps an upload and hot lookups clear of per-partition limits.
   */
  lookups: {
    envVar: 'LOOKUPS_TABLE',
    partitionKey: S('pk'),
    sortKey: S('sk'),
    globalIndexes: [],
  },
  /**
   * The stats aggregates: `pk` a day (`YYYY-MM-DD`), `sk` its pool × rep × source × rule, the
   * counters number attributes that only `ADD` changes (see docs/metrics.md).
   */
  stats: {
    envVar: 'STATS_TABLE',
    partitionKey: S('pk'),
    sortKey: S('sk'),
    globalIndexes: [],
  },
} as const satisfies Record<string, TableDefinition>;

export type TableKey = keyof typeof TABLES;

/** The table names a set of adapters works on. */
export type TableNames = Record<TableKey, string>;

/** Table names for a local or test stack: `<prefix>-leads`, `<prefix>-config`, ... */
export function prefixedTableNames(prefix: string): TableNames {
  return {
    leads: `${prefix}-leads`,
    config: `${prefix}-config`,
    state: `${prefix}-state`,
    idempotency: `${prefix}-idempotency`,
    lookups: `${prefix}-lookups`,
    stats: `${prefix}-stats`,
  };
}
