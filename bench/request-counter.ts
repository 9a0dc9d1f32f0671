// Counts DynamoDB requests and the capacity they consume, with an SDK middleware on the
// client, so every figure comes from the real adapters' real calls.
import { type ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { TABLES, type TableDefinition } from '../functions/adapters/dynamodb/table-definitions';
import { LOCAL_AWS } from '../functions/local/dynamodb-local';

/** Operations that accept `ReturnConsumedCapacity`. */
const CAPACITY_OPERATIONS = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
]);

/** Operations that write (their capacity is write units); the rest read. */
const WRITE_OPERATIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

export interface CapacityTally {
  /** Capacity units by table, and by `table/index` for global secondary indexes. */
  byTarget: Record<string, number>;
  total: number;
}

export interface RequestTally {
  /** Requests sent, successful or not, by operation name. */
  requests: Record<string, number>;
  /** Requests that failed (a cancelled transaction, a failed condition...). */
  failed: Record<string, number>;
  /**
   * Units consumed as DynamoDB reports them, by table and `table/index`, for every operation
   * but TransactWriteItems: DynamoDB Local under-reports multi-item transactions, so their
   * units are computed from item sizes instead (capacity.ts) and kept apart here.
   */
  writeUnits: CapacityTally;
  readUnits: CapacityTally;
  /** What DynamoDB Local reported for TransactWriteItems, for the record only. */
  transactionUnitsAsReported: number;
  /** The items of every committed TransactWriteItems, to compute their units from item sizes. */
  transactions: TransactionRecord[];
}

/** One item of a committed transaction: what was done to which item of which table. */
export interface TransactionItem {
  kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
  /** The table's logical name (`leads`, `state`...). */
  table: string;
  key: Record<string, unknown>;
}

export type TransactionRecord = TransactionItem[];

/** The items of a TransactWriteItems input, whether still native or already marshalled. Pure. */
function transactionItems(
  input: {
    TransactItems?: Record<
      string,
      { TableName?: string; Key?: Record<string, unknown>; Item?: Record<string, unknown> }
    >[];
  },
  keyNames: (table: string) => string[],
): TransactionRecord {
  return (input.TransactItems ?? []).flatMap((entry) => {
    const [kind, body] = Object.entries(entry)[0] ?? [];
    if (!kind || !body) return [];
    const table = logicalTableName(body.TableName ?? '?');
    const raw = body.Key ?? pick(body.Item ?? {}, keyNames(table));
    return [{ kind: kind as TransactionItem['kind'], table, key: isMarshalled(raw) ? unmarshall(raw as never) : raw }];
  });
}

function pick(item: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((n) => item[n] !== undefined).map((n) => [n, item[n]]));
}

function isMarshalled(value: Record<string, unknown>): boolean {
  const first = Object.values(value)[0];
  return (
    typeof first === 'object' &&
    first !== null &&
    !Array.isArray(first) &&
    Object.keys(first).length === 1 &&
    ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'].includes(Object.keys(first)[0]!)
  );
}

export interface RequestCounter {
  tally(): RequestTally;
  reset(): void;
}

export function emptyTally(): RequestTally {
  return {
    requests: {},
    failed: {},
    writeUnits: { byTarget: {}, total: 0 },
    readUnits: { byTarget: {}, total: 0 },
    transactionUnitsAsReported: 0,
    transactions: [],
  };
}

/** Adds the capacity DynamoDB reported for one response to a tally. Pure. */
export function addConsumedCapacity(tally: RequestTally, operation: string, consumed: ConsumedCapacity[]): void {
  if (operation === 'TransactWriteItems') {
    for (const entry of consumed) tally.transactionUnitsAsReported += entry.CapacityUnits ?? 0;
    return;
  }
  const units = WRITE_OPERATIONS.has(operation) ? tally.writeUnits : tally.readUnits;
  for (const entry of consumed) {
    const table = logicalTableName(entry.TableName ?? '?');
    units.total += entry.CapacityUnits ?? 0;
    const tableUnits = entry.Table?.CapacityUnits ?? (entry.GlobalSecondaryIndexes ? 0 : (entry.CapacityUnits ?? 0));
    units.byTarget[table] = (units.byTarget[table] ?? 0) + tableUnits;
    for (const [index, capacity] of Object.entries(entry.GlobalSecondaryIndexes ?? {})) {
      const key = `${table}/${index}`;
      units.byTarget[key] = (units.byTarget[key] ?? 0) + (capacity.CapacityUnits ?? 0);
    }
  }
}

/** A table's key attribute names, from the shared table definitions. */
function tableKeyNames(table: string): string[] {
  const definition = (TABLES as Record<string, TableDefinition>)[table];
  if (!definition) return ['pk'];
  return [definition.partitionKey.name, ...(definition.sortKey ? [definition.sortKey.name] : [])];
}

/** `bench-leads` → `leads`: the table's name without the run's prefix. */
function logicalTableName(name: string): string {
  return name.slice(name.lastIndexOf('-') + 1);
}

/**
 * Instruments a client: every operation that can is sent with `ReturnConsumedCapacity:
 * INDEXES`, and requests, failures and consumed capacity are tallied per operation.
 */
function countRequests(client: DynamoDBClient, keyNames: (table: string) => string[] = tableKeyNames): RequestCounter {
  let tally = emptyTally();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
      const input = args.input as Record<string, unknown>;
      if (CAPACITY_OPERATIONS.has(operation)) input.ReturnConsumedCapacity = 'INDEXES';
      tally.requests[operation] = (tally.requests[operation] ?? 0) + 1;
      try {
        const result = await next(args);
        const output = result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] };
        const consumed = output.ConsumedCapacity;
        if (consumed) addConsumedCapacity(tally, operation, Array.isArray(consumed) ? consumed : [consumed]);
        if (operation === 'TransactWriteItems') tally.transactions.push(transactionItems(input as never, keyNames));
        return result;
      } catch (error) {
        tally.failed[operation] = (tally.failed[operation] ?? 0) + 1;
        throw error;
      }
    },
    { step: 'initialize', name: 'benchRequestCounter', priority: 'high' },
  );
  return {
    tally: () => structuredClone(tally),
    reset: () => {
      tally = emptyTally();
    },
  };
}

/** A DocumentClient on DynamoDB Local, configured like the local stack's, with a counter. */
export function countedDocumentClient(endpoint: string): {
  client: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  counter: RequestCounter;
} {
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint });
  const counter = countRequests(client);
  const documents = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { client, documents, counter };
}

/** Total requests in a tally. */
export function requestCount(tally: RequestTally): number {
  return Object.values(tally.requests).reduce((sum, n) => sum + n, 0);
}

/** Adds tallies together (one per client). Pure. */
export function sumTallies(tallies: readonly RequestTally[]): RequestTally {
  const total = emptyTally();
  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  };
  for (const t of tallies) {
    add(total.requests, t.requests);
    add(total.failed, t.failed);
    add(total.writeUnits.byTarget, t.writeUnits.byTarget);
    add(total.readUnits.byTarget, t.readUnits.byTarget);
    total.writeUnits.total += t.writeUnits.total;
    total.readUnits.total += t.readUnits.total;
    total.transactionUnitsAsReported += t.transactionUnitsAsReported;
    total.transactions.push(...t.transactions);
  }
  return total;
}

/** A tally divided by the leads it served. */
export function perLead(tally: RequestTally, leads: number) {
  const divide = (record: Record<string, number>) =>
    Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v / leads]));
  return {
    requests: requestCount(tally) / leads,
    requestsByOperation: divide(tally.requests),
    failedByOperation: divide(tally.failed),
    writeUnits: tally.writeUnits.total / leads,
    readUnits: tally.readUnits.total / leads,
    writeUnitsByTarget: divide(tally.writeUnits.byTarget),
    readUnitsByTarget: divide(tally.readUnits.byTarget),
  };
}
export type PerLeadCost = ReturnType<typeof perLead>;
