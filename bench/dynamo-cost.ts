// DynamoDB cost per lead from a request tally: the units the engine reported, plus the
// transactions' units computed from the stored items' sizes (DynamoDB Local under-reports
// multi-item transactions).
import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { leadIndexKeys } from '../functions/adapters/dynamodb/dynamo-lead-store';
import { TABLES, type TableKey } from '../functions/adapters/dynamodb/table-definitions';
import type { Lead } from '../functions/core/leads/lead';
import { itemKey, transactionUnits } from './capacity';
import type { Engine } from './engine';
import { type RequestTally, requestCount } from './request-counter';

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
