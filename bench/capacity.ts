// DynamoDB capacity computed from item sizes with AWS's published rules. Needed because
// DynamoDB Local reports a multi-item TransactWriteItems as if it held one item per table
// (a 3-lead transaction reports the units of one lead), while single-item operations and
// BatchGetItem are reported correctly. Pure.
import type { IndexDefinition, TableDefinition } from '../functions/adapters/dynamodb/table-definitions';

type Item = Record<string, unknown>;

/**
 * An item's size as DynamoDB counts it: attribute names plus values; strings in UTF-8
 * bytes; numbers about one byte per two significant digits plus one; booleans and null one
 * byte; lists and maps 3 bytes plus one byte per element (and map keys' names).
 */
export function itemSize(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += utf8(name) + valueSize(value);
  }
  return size;
}

function valueSize(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberSize(String(value));
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce<number>((sum, v) => sum + valueSize(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce<number>((sum, v) => sum + 1 + valueSize(v), 0);
  if (typeof value === 'object') {
    return (
      3 +
      Object.entries(value as Item).reduce(
        (sum, [k, v]) => (v === undefined ? sum : sum + 1 + utf8(k) + valueSize(v)),
        0,
      )
    );
  }
  throw new TypeError(`No DynamoDB size for a ${typeof value}`);
}

/** Significant digits / 2, rounded up, plus one byte. */
export function numberSize(text: string): number {
  const digits = text.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

function utf8(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Write units for one write of an item of `bytes`: 1 per KB, rounded up, at least 1. */
export function writeUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 1024));
}

/** The attributes an index entry holds: its keys, the table's keys and its projection. */
function indexEntry(index: IndexDefinition, table: TableDefinition, item: Item): Item {
  const names = [
    index.partitionKey.name,
    index.sortKey?.name,
    table.partitionKey.name,
    table.sortKey?.name,
    ...(index.include ?? []),
  ].filter((n): n is string => n !== undefined);
  return Object.fromEntries(names.filter((n) => item[n] !== undefined).map((n) => [n, item[n]]));
}

function inIndex(index: IndexDefinition, item: Item | undefined): boolean {
  if (!item) return false;
  return item[index.partitionKey.name] !== undefined && (!index.sortKey || item[index.sortKey.name] !== undefined);
}

/**
 * The writes a change makes to one global secondary index, as sizes in bytes: none when no
 * projected attribute changed; one to add, remove or update an entry; two (delete, then put)
 * when the entry's key changed.
 */
export function indexWrites(
  index: IndexDefinition,
  table: TableDefinition,
  before: Item | undefined,
  after: Item | undefined,
): number[] {
  const was = inIndex(index, before);
  const is = inIndex(index, after);
  if (!was && !is) return [];
  const oldEntry = was ? indexEntry(index, table, before!) : undefined;
  const newEntry = is ? indexEntry(index, table, after!) : undefined;
  if (!was) return [itemSize(newEntry!)];
  if (!is) return [itemSize(oldEntry!)];
  const keyChanged = [index.partitionKey.name, index.sortKey?.name]
    .filter((n): n is string => n !== undefined)
    .some((n) => before![n] !== after![n]);
  if (keyChanged) return [itemSize(oldEntry!), itemSize(newEntry!)];
  return JSON.stringify(oldEntry) === JSON.stringify(newEntry) ? [] : [itemSize(newEntry!)];
}

export interface WriteCost {
  /** Units for the table write. */
  table: number;
  /** Units per index. */
  indexes: Record<string, number>;
  total: number;
}

/**
 * Write units of one item write, from the item before (undefined for a new item) and after
 * (undefined for a delete): the larger of the two sizes for the table, plus each index's
 * writes; everything doubled when the write is part of a transaction.
 */
export function writeCost(
  table: TableDefinition,
  before: Item | undefined,
  after: Item | undefined,
  transactional: boolean,
): WriteCost {
  const factor = transactional ? 2 : 1;
  const tableUnits = factor * writeUnits(Math.max(before ? itemSize(before) : 0, after ? itemSize(after) : 0));
  const indexes: Record<string, number> = {};
  for (const index of table.globalIndexes) {
    const units = indexWrites(index, table, before, after).reduce((sum, bytes) => sum + factor * writeUnits(bytes), 0);
    if (units > 0) indexes[index.indexName] = units;
  }
  return { table: tableUnits, indexes, total: tableUnits + Object.values(indexes).reduce((a, b) => a + b, 0) };
}

/**
 * The write units of committed transactions, computed from their items: a lead's update
 * from the lead before and after (with its index writes), any other item from its size
 * after the run (these tables have no indexes); everything doubled, as transactions are.
 */
export function transactionUnits(
  tables: Record<string, TableDefinition>,
  transactions: readonly (readonly { kind: string; table: string; key: Record<string, unknown> }[])[],
  leads: ReadonlyMap<string, { before: Item; after: Item }>,
  items: ReadonlyMap<string, Item>,
): { total: number; byTarget: Record<string, number> } {
  const byTarget: Record<string, number> = {};
  const add = (target: string, units: number) => (byTarget[target] = (byTarget[target] ?? 0) + units);
  for (const transaction of transactions) {
    for (const item of transaction) {
      const lead = item.table === 'leads' ? leads.get(String(item.key.id)) : undefined;
      if (lead && tables.leads) {
        const cost = writeCost(tables.leads, lead.before, lead.after, true);
        add('leads', cost.table);
        for (const [index, units] of Object.entries(cost.indexes)) add(`leads/${index}`, units);
        continue;
      }
      const stored = items.get(itemKey(item.table, item.key)) ?? item.key;
      add(item.table, 2 * writeUnits(itemSize(stored)));
    }
  }
  return { total: Object.values(byTarget).reduce((a, b) => a + b, 0), byTarget };
}

/** A table and key as one map key. */
export function itemKey(table: string, key: Record<string, unknown>): string {
  return `${table}|${JSON.stringify(Object.entries(key).sort(([a], [b]) => a.localeCompare(b)))}`;
}

/** A stored lead before and after assignment, and what the rest of its transaction costs. */
export interface LeadWriteSample {
  received: Item;
  assigned: Item;
  /** Transactional units per lead for everything but the lead (rotation, rep loads...), measured. */
  otherUnitsPerLead: Record<string, number>;
}

/**
 * Write units per lead for a table layout: the ingest put, the lead's assignment update
 * (transactional or not) and its share of the transaction's other items as measured
 * (halved when they are written without a transaction).
 */
export function writeUnitsPerLead(
  tables: { leads: TableDefinition },
  sample: LeadWriteSample,
  options: { transactional: boolean },
): { ingest: number; assignment: number; total: number } {
  const ingest = writeCost(tables.leads, undefined, sample.received, false).total;
  const lead = writeCost(tables.leads, sample.received, sample.assigned, options.transactional).total;
  const others = Object.values(sample.otherUnitsPerLead).reduce((a, b) => a + b, 0) * (options.transactional ? 1 : 0.5);
  return { ingest, assignment: lead + others, total: ingest + lead + others };
}

/** The leads table with one index changed (`include: []` makes it keys-only) or removed (`undefined`). */
export function withIndex(
  table: TableDefinition,
  indexName: string,
  change: Partial<IndexDefinition> | undefined,
): TableDefinition {
  const globalIndexes = table.globalIndexes.flatMap((index) => {
    if (index.indexName !== indexName) return [index];
    return change === undefined ? [] : [{ ...index, ...change }];
  });
  return { ...table, globalIndexes };
}

/** DynamoDB's storage overhead per item, and per index entry, in bytes. */
const STORAGE_OVERHEAD_BYTES = 100;

/** Bytes an item takes in storage: the item and each of its index entries, each with DynamoDB's overhead. */
export function storedBytes(table: TableDefinition, item: Item): number {
  const entries = table.globalIndexes
    .filter((index) => inIndex(index, item))
    .map((index) => itemSize(indexEntry(index, table, item)) + STORAGE_OVERHEAD_BYTES);
  return itemSize(item) + STORAGE_OVERHEAD_BYTES + entries.reduce((a, b) => a + b, 0);
}
