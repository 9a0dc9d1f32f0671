// DynamoDB requests and capacity per lead: the ingest write plus the lead's share of the
// assignment transaction, counted at the client, with transactional units computed from the
// stored items' sizes (DynamoDB Local under-reports multi-item transactions).
import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { leadIndexKeys } from '../functions/adapters/dynamodb/dynamo-lead-store';
import { TABLES, type TableKey } from '../functions/adapters/dynamodb/table-definitions';
import type { AdminDeps } from '../functions/core/admin/admin-deps';
import type { Lead } from '../functions/core/leads/lead';
import type { AdminConfig } from '../functions/http/handlers/admin-handlers';
import { itemKey, itemSize, type LeadWriteSample, transactionUnits, writeCost } from './capacity';
import { deployedAssigner, deployedIngest } from './deployed-wiring';
import { countedDocumentClient, type RequestTally, requestCount } from './request-counter';
import { createRoutedPool, ingestLeads, type MethodSetup } from './scenario';
import { CountingMetrics, consume, type Engine, readLeads } from './throughput';

/** What one lead costs in DynamoDB, on one side (ingest or assignment) or in total. */
export interface DynamoCost {
  requests: number;
  requestsByOperation: Record<string, number>;
  failedRequests: number;
  writeUnits: number;
  readUnits: number;
  /** Units by table and `table/index`. */
  writeUnitsByTarget: Record<string, number>;
  readUnitsByTarget: Record<string, number>;
  /** Write units computed from item sizes (transactions) rather than reported by the engine. */
  computedWriteUnits: number;
}

/**
 * Per-lead cost from a request tally, replacing the engine's transaction figures with units
 * computed for `transactionUnits`. Pure.
 */
export function costPerLead(
  tally: RequestTally,
  leads: number,
  transactionUnits: { total: number; byTarget: Record<string, number> } = { total: 0, byTarget: {} },
): DynamoCost {
  const per = (record: Record<string, number>) =>
    Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v / leads]));
  const writes = { ...tally.writeUnits.byTarget };
  for (const [target, units] of Object.entries(transactionUnits.byTarget))
    writes[target] = (writes[target] ?? 0) + units;
  return {
    requests: requestCount(tally) / leads,
    requestsByOperation: per(tally.requests),
    failedRequests: Object.values(tally.failed).reduce((a, b) => a + b, 0) / leads,
    writeUnits: (tally.writeUnits.total + transactionUnits.total) / leads,
    readUnits: tally.readUnits.total / leads,
    writeUnitsByTarget: per(writes),
    readUnitsByTarget: per(tally.readUnits.byTarget),
    computedWriteUnits: transactionUnits.total / leads,
  };
}

/** Two per-lead costs added (ingest + assignment). Pure. */
export function addCosts(a: DynamoCost, b: DynamoCost): DynamoCost {
  const sum = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [k, v] of Object.entries(y)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  return {
    requests: a.requests + b.requests,
    requestsByOperation: sum(a.requestsByOperation, b.requestsByOperation),
    failedRequests: a.failedRequests + b.failedRequests,
    writeUnits: a.writeUnits + b.writeUnits,
    readUnits: a.readUnits + b.readUnits,
    writeUnitsByTarget: sum(a.writeUnitsByTarget, b.writeUnitsByTarget),
    readUnitsByTarget: sum(a.readUnitsByTarget, b.readUnitsByTarget),
    computedWriteUnits: a.computedWriteUnits + b.computedWriteUnits,
  };
}

/** The stored item of a lead as DynamoDB holds it (index keys included). */
export function storedItem(lead: Lead): Record<string, unknown> {
  return { ...lead, ...leadIndexKeys(lead) };
}

/**
 * Computed units of a run's committed transactions: the leads from their items before and
 * after, every other item (rotation, rep loads...) from its size once the run is over.
 */
export async function transactionUnitsOf(
  engine: Engine,
  before: readonly Lead[],
  after: readonly Lead[],
  tally: RequestTally,
) {
  const afterById = new Map(after.map((lead) => [lead.id, lead]));
  const pairs = new Map(
    before.flatMap((lead) => {
      const assigned = afterById.get(lead.id);
      return assigned ? [[lead.id, { before: storedItem(lead), after: storedItem(assigned) }] as const] : [];
    }),
  );
  const others = new Map<string, { table: string; key: Record<string, unknown> }>();
  for (const transaction of tally.transactions) {
    for (const item of transaction) if (item.table !== 'leads') others.set(itemKey(item.table, item.key), item);
  }
  const items = new Map<string, Record<string, unknown>>();
  for (const table of new Set([...others.values()].map((o) => o.table))) {
    const name = engine.tables[table as TableKey];
    if (!name) continue;
    const keys = [...others.values()].filter((o) => o.table === table).map((o) => o.key);
    for (let i = 0; i < keys.length; i += 100) {
      const result: BatchGetCommandOutput = await engine.documents.send(
        new BatchGetCommand({ RequestItems: { [name]: { Keys: keys.slice(i, i + 100), ConsistentRead: true } } }),
      );
      for (const item of result.Responses?.[name] ?? []) {
        const key = Object.fromEntries(Object.keys(keys[0]!).map((k) => [k, item[k]]));
        items.set(itemKey(table, key), item);
      }
    }
  }
  return transactionUnits(TABLES, tally.transactions, pairs, items);
}

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
    await consume(assigner, warmUp, options.batchSize);
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
    await consume(assigner, messages, options.batchSize);
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
