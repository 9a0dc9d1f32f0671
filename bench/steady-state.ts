// DynamoDB requests and capacity per lead in steady state: the ingest write plus the lead's
// share of the assignment transaction, with one warm ingest and one warm assigner instance,
// counted at the client.
import { TABLES } from '../functions/adapters/dynamodb/table-definitions';
import type { AdminDeps } from '../functions/core/admin/admin-deps';
import type { AdminConfig } from '../functions/http/handlers/admin-handlers';
import { assignInBatches, CountingMetrics } from './assigner-pool';
import { itemSize, type LeadWriteSample, writeCost } from './capacity';
import { deployedAssigner, deployedIngest } from './deployed-wiring';
import { addCosts, costPerLead, type DynamoCost, storedItem, transactionUnitsOf } from './dynamo-cost';
import { type Engine, readLeads } from './engine';
import { countedDocumentClient, type RequestTally } from './request-counter';
import { createRoutedPool, ingestLeads, type MethodSetup } from './scenario';

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
   * The reads that fill each instance's caches (measured on the warm-up batch): ingest's
   * source lookup, and the assigner's source lookup plus pool snapshot. They recur when a
   * cache expires, not per lead.
   */
  cacheFill: { ingest: ReadTally; assigner: ReadTally };
  /** Whether every lead ended `assigned` (a method may offer or hold leads instead). */
  everyLeadAssigned: boolean;
}

export interface ReadTally {
  requests: number;
  readUnits: number;
}

/** Cache lifetimes of the deployed functions: CachedSourceDirectory's default and createLeadAssigner's snapshotMaxAgeMs default. */
export const CACHE_SECONDS = { source: 60, poolSnapshot: 30 } as const;

/**
 * Cache refreshes per lead at `leadsPerSecond` for one warm ingest and one warm assigner
 * instance: ingest refills every source-cache lifetime, the assigner (conservatively) every
 * snapshot lifetime. Pure.
 */
export function cacheRefreshPerLead(fill: SteadyStateRun['cacheFill'], leadsPerSecond: number): ReadTally {
  const perSecond = (t: ReadTally, seconds: number) => ({
    requests: t.requests / seconds,
    readUnits: t.readUnits / seconds,
  });
  const ingest = perSecond(fill.ingest, CACHE_SECONDS.source);
  const assigner = perSecond(fill.assigner, CACHE_SECONDS.poolSnapshot);
  return {
    requests: (ingest.requests + assigner.requests) / leadsPerSecond,
    readUnits: (ingest.readUnits + assigner.readUnits) / leadsPerSecond,
  };
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
