// DynamoDB requests and capacity per lead in steady state: the ingest write plus the lead's
// share of the assignment transaction, with one warm ingest and one warm assigner instance,
// counted at the client.
import { TABLES } from '../functions/adapters/dynamodb/table-definitions';
import type { AdminDeps } from '../functions/core/admin/admin-deps';
import { DEFAULT_SNAPSHOT_LIFETIMES } from '../functions/core/assignment/assigner';
import type { Clock } from '../functions/core/shared/ports';
import type { Source } from '../functions/core/sources/source';
import type { AdminConfig } from '../functions/http/handlers/admin-handlers';
import { DEPLOYED_CACHE_MS } from '../functions/wiring/platform';
import { assignInBatches, CountingMetrics } from './assigner-pool';
import { itemSize, type LeadWriteSample, writeCost } from './capacity';
import { deployedAssigner, deployedIngest } from './deployed-wiring';
import { addCosts, costPerLead, type DynamoCost, storedItem, transactionUnitsOf } from './dynamo-cost';
import { type Engine, readLeads } from './engine';
import { countedDocumentClient, type RequestTally } from './request-counter';
import { createRoutedPool, type IngestDeps, ingestLeads, type MethodSetup } from './scenario';

export interface SteadyStateRun {
  method: string;
  /** Leads per assigner batch: 10 when busy (full SQS batches), 1 when leads trickle in. */
  batchSize: number;
  leads: number;
  ingest: DynamoCost;
  assignment: DynamoCost;
  total: DynamoCost;
  /** The model checked against the engine on single-item writes: ingest PutItem units. */
  modelCheck: { ingestUnitsComputed: number; ingestUnitsReported: number };
  /** Median stored lead size before and after assignment, in bytes. */
  leadItemBytes: { received: number; assigned: number };
  /** What DynamoDB Local itself reported for the transactions, per lead (it under-counts). */
  transactionUnitsAsReported: number;
  /** The lead of median size, before and after, and the rotation item: for what-if layouts. */
  sample: LeadWriteSample;
  /**
   * The reads that fill each instance's caches on a cold start (measured on the warm-up
   * batch): ingest's source lookup, and the assigner's source, rules and pool snapshot.
   */
  cacheFill: { ingest: ReadTally; assigner: ReadTally };
  /** The reads a warm instance makes as its caches expire, by cache lifetime. They recur, not per lead. */
  cacheRefresh: { ingest: RefreshStep[]; assigner: RefreshStep[] };
  /** Whether every lead ended `assigned` (a method may offer or hold leads instead). */
  everyLeadAssigned: boolean;
}

export interface ReadTally {
  requests: number;
  readUnits: number;
}

/** The reads made when the caches of one lifetime expire. */
export interface RefreshStep extends ReadTally {
  /** The caches' lifetime. */
  seconds: number;
  /** Which caches live that long. */
  caches: string;
}

/** A cache of a deployed function and how long it lives, from the code's own settings. */
interface CacheLifetime {
  seconds: number;
  cache: string;
}

/** The deployed caches: the wiring's settings and the assigner's snapshot lifetimes. */
export const DEPLOYED_CACHES: { ingest: CacheLifetime[]; assigner: CacheLifetime[] } = {
  ingest: [{ seconds: DEPLOYED_CACHE_MS.sources / 1000, cache: 'source' }],
  assigner: [
    { seconds: DEPLOYED_CACHE_MS.sources / 1000, cache: 'source' },
    { seconds: DEPLOYED_CACHE_MS.rules / 1000, cache: 'routing rules' },
    { seconds: DEFAULT_SNAPSHOT_LIFETIMES.maxAgeMs / 1000, cache: 'pool snapshot' },
    { seconds: DEFAULT_SNAPSHOT_LIFETIMES.loadsMaxAgeMs / 1000, cache: "capped reps' loads" },
  ],
};

/**
 * Cache refreshes per lead at `leadsPerSecond` for one warm ingest and one warm assigner
 * instance: each lifetime's reads, once per lifetime. Pure.
 */
export function cacheRefreshPerLead(refresh: SteadyStateRun['cacheRefresh'], leadsPerSecond: number): ReadTally {
  const steps = [...refresh.ingest, ...refresh.assigner];
  return {
    requests: steps.reduce((sum, s) => sum + s.requests / s.seconds, 0) / leadsPerSecond,
    readUnits: steps.reduce((sum, s) => sum + s.readUnits / s.seconds, 0) / leadsPerSecond,
  };
}

/** Lifetimes grouped and ordered, shortest first. Pure. */
export function lifetimeSteps(caches: readonly CacheLifetime[]): { seconds: number; caches: string }[] {
  const bySeconds = new Map<number, string[]>();
  for (const c of caches) bySeconds.set(c.seconds, [...(bySeconds.get(c.seconds) ?? []), c.cache]);
  return [...bySeconds].sort(([a], [b]) => a - b).map(([seconds, names]) => ({ seconds, caches: names.join(', ') }));
}

/** A clock the benchmark moves by hand. */
function steppedClock(startMs: number): Clock & { set(ms: number): void } {
  let now = startMs;
  return { now: () => new Date(now), set: (ms) => (now = ms) };
}

/**
 * What each lifetime's expiry costs one warm instance: for lifetime k (shortest first), a
 * fresh instance is warmed with one lead, its clock moved just past lifetime k, and one more
 * lead counted; every cache of lifetime ≤ k has then expired once, so lifetime k's own reads
 * are that count less the one before.
 */
async function measureRefreshes(
  caches: readonly CacheLifetime[],
  once: (clock: Clock, counted: ReturnType<typeof countedDocumentClient>) => Promise<() => Promise<void>>,
  endpoint: string,
): Promise<RefreshStep[]> {
  const steps: RefreshStep[] = [];
  let before: ReadTally = { requests: 0, readUnits: 0 };
  for (const step of lifetimeSteps(caches)) {
    const counted = countedDocumentClient(endpoint);
    try {
      const start = Date.now();
      const clock = steppedClock(start);
      const next = await once(clock, counted);
      await next();
      counted.counter.reset();
      clock.set(start + step.seconds * 1000 + 1000);
      await next();
      const reads = readsOf(counted.counter.tally());
      steps.push({
        ...step,
        requests: Math.max(0, reads.requests - before.requests),
        readUnits: Math.max(0, reads.readUnits - before.readUnits),
      });
      before = reads;
    } finally {
      counted.client.destroy();
    }
  }
  return steps;
}

/** The cache refreshes of one warm ingest and one warm assigner instance, for leads of `source`. */
async function measureCacheRefresh(
  engine: Engine,
  source: Source,
  batchSize: number,
  received: IngestDeps,
): Promise<SteadyStateRun['cacheRefresh']> {
  let index = 2_000_000;
  const ingest = await measureRefreshes(
    DEPLOYED_CACHES.ingest,
    async (clock, counted) => {
      const deps = deployedIngest(counted.documents, engine.tables, clock);
      return async () => {
        await ingestLeads(deps, source, 1, { firstIndex: index++ });
      };
    },
    engine.endpoint,
  );
  const assigner = await measureRefreshes(
    DEPLOYED_CACHES.assigner,
    async (clock, counted) => {
      const assigner = deployedAssigner(counted.documents, engine.tables, { metrics: new CountingMetrics(), clock });
      return async () => {
        const messages = await ingestLeads(received, source, batchSize, { firstIndex: index });
        index += batchSize;
        await assignInBatches(assigner, messages, batchSize);
      };
    },
    engine.endpoint,
  );
  return { ingest, assigner };
}

const READ_OPERATIONS = ['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems'];

function readsOf(tally: RequestTally): ReadTally {
  return {
    requests: READ_OPERATIONS.reduce((sum, op) => sum + (tally.requests[op] ?? 0), 0),
    readUnits: tally.readUnits.total,
  };
}

/**
 * Steady state with ONE ingest and ONE assigner instance: after a warm-up batch (which fills
 * the source and pool caches), `leads` leads are received through the real ingest use case
 * and assigned in batches of `batchSize`.
 */
export async function measureSteadyState(
  engine: Engine,
  admin: AdminDeps<AdminConfig>,
  setup: MethodSetup,
  repIds: readonly string[],
  options: { leads: number; batchSize: number },
): Promise<SteadyStateRun> {
  const { source } = await createRoutedPool(admin, setup, repIds, `Steady ${setup.method} ×${options.batchSize}`);
  const ingestClient = countedDocumentClient(engine.endpoint);
  const assignClient = countedDocumentClient(engine.endpoint);
  try {
    const ingestDeps = deployedIngest(ingestClient.documents, engine.tables);
    const assigner = deployedAssigner(assignClient.documents, engine.tables, { metrics: new CountingMetrics() });

    const warmUp = await ingestLeads(ingestDeps, source, options.batchSize);
    await assignInBatches(assigner, warmUp, options.batchSize);
    const cacheFill = {
      ingest: readsOf(ingestClient.counter.tally()),
      assigner: readsOf(assignClient.counter.tally()),
    };
    ingestClient.counter.reset();
    assignClient.counter.reset();

    const messages = await ingestLeads(ingestDeps, source, options.leads, { firstIndex: 1_000_000 });
    const ingestTally = ingestClient.counter.tally();
    const ids = messages.map((m) => m.leadId);
    const before = await readLeads(engine, ids);
    await assignInBatches(assigner, messages, options.batchSize);
    const assignTally = assignClient.counter.tally();
    const after = await readLeads(engine, ids);
    // After the measured leads: these instances move the pool's rotation under the one measured.
    const cacheRefresh = await measureCacheRefresh(engine, source, options.batchSize, ingestDeps);

    const units = await transactionUnitsOf(engine, before, after, assignTally);
    const ingest = costPerLead(ingestTally, options.leads);
    const assignment = costPerLead(assignTally, options.leads, units);
    const bySize = [...after].sort((a, b) => itemSize(storedItem(a)) - itemSize(storedItem(b)));
    const typical = bySize[Math.floor(bySize.length / 2)]!;
    const typicalBefore = before.find((l) => l.id === typical.id)!;
    const computedIngest = before.reduce(
      (sum, lead) => sum + writeCost(TABLES.leads, undefined, storedItem(lead), false).total,
      0,
    );
    const otherUnitsPerLead = Object.fromEntries(
      Object.entries(units.byTarget)
        .filter(([target]) => !target.startsWith('leads'))
        .map(([target, u]) => [target, u / options.leads]),
    );
    return {
      method: setup.method,
      batchSize: options.batchSize,
      leads: options.leads,
      ingest,
      assignment,
      total: addCosts(ingest, assignment),
      modelCheck: {
        ingestUnitsComputed: computedIngest / options.leads,
        ingestUnitsReported: ingestTally.writeUnits.total / options.leads,
      },
      leadItemBytes: {
        received: medianOf(before.map((l) => itemSize(storedItem(l)))),
        assigned: medianOf(after.map((l) => itemSize(storedItem(l)))),
      },
      transactionUnitsAsReported: assignTally.transactionUnitsAsReported / options.leads,
      sample: { received: storedItem(typicalBefore), assigned: storedItem(typical), otherUnitsPerLead },
      cacheFill,
      cacheRefresh,
      everyLeadAssigned: after.length === options.leads && after.every((l) => l.status === 'assigned'),
    };
  } finally {
    ingestClient.client.destroy();
    assignClient.client.destroy();
  }
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
