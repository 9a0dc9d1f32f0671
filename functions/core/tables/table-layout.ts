// How a version's rows are packed into stored parts, and how a lookup finds the one part
// that can hold its key. Rows are packed (about 2 KB per part) rather than stored one per
// item: 100,000 rows are some 2,500 items, written in a hundred batch requests, and a
// lookup still reads exactly one small item per candidate key, never a scan or a query.
import type { TableLayout, TableRow } from './table';
import { parseKeyText, type TableTarget } from './table-kinds';

/** Average encoded bytes per part: one read of a part stays under DynamoDB's 4 KB read unit. */
const PART_BYTES = 2_048;

/** A 32-bit FNV-1a hash: stable across processes, cheap, well spread for short keys. */
export function keyHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The bucket part an exact key or a prefix (`941*`) lives in. */
export function bucketOf(key: string, layout: Pick<TableLayout, 'buckets'>): string {
  return `b${keyHash(key) % layout.buckets}`;
}

const rangeSortKey = (length: number, from: string) => `${String(length).padStart(2, '0')}:${from}`;

function encodeRow(row: TableRow, target: TableTarget): string {
  return [row.key, row[target] ?? '', row.fallbackPoolId ?? '', row.as ?? ''].join('\t');
}

/** A part's rows, decoded. Cells never hold tabs or line ends (uploads refuse them). */
export function decodePart(text: string, target: TableTarget): TableRow[] {
  if (text === '') return [];
  return text.split('\n').map((line) => {
    const [key = '', to = '', fallback = '', as = ''] = line.split('\t');
    return { key, [target]: to, ...(fallback ? { fallbackPoolId: fallback } : {}), ...(as ? { as } : {}) };
  });
}

/** Packs rows into parts: every bucket (empty ones too, so a missing part means a retired version) and range chunk. */
export function layoutRows(
  rows: readonly TableRow[],
  target: TableTarget,
): { layout: TableLayout; parts: Map<string, string> } {
  const keyed: { row: TableRow; text: string }[] = [];
  const ranges: { row: TableRow; text: string; sortKey: string }[] = [];
  const prefixLengths = new Set<number>();
  let keyedBytes = 0;
  for (const row of rows) {
    const text = encodeRow(row, target);
    const key = parseKeyText(row.key);
    if (key.type === 'range') {
      ranges.push({ row, text, sortKey: rangeSortKey(key.from.length, key.from) });
      continue;
    }
    if (key.type === 'prefix') prefixLengths.add(key.key.length);
    keyed.push({ row, text });
    keyedBytes += text.length + 1;
  }
  const layout: TableLayout = {
    buckets: Math.max(1, Math.ceil(keyedBytes / PART_BYTES)),
    prefixLengths: [...prefixLengths].sort((a, b) => b - a),
    rangeChunks: [],
  };
  const buckets: string[][] = Array.from({ length: layout.buckets }, () => []);
  for (const { row, text } of keyed) buckets[keyHash(row.key) % layout.buckets]!.push(text);
  const parts = new Map(buckets.map((lines, i) => [`b${i}`, lines.join('\n')]));

  ranges.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  let chunk: string[] = [];
  let chunkBytes = 0;
  const flush = () => {
    if (chunk.length === 0) return;
    parts.set(`r${layout.rangeChunks.length - 1}`, chunk.join('\n'));
    chunk = [];
    chunkBytes = 0;
  };
  for (const range of ranges) {
    if (chunk.length === 0) layout.rangeChunks.push(range.sortKey);
    chunk.push(range.text);
    chunkBytes += range.text.length + 1;
    if (chunkBytes >= PART_BYTES) flush();
  }
  flush();
  return { layout, parts };
}

/** Every part id of a layout (to read a whole version, or delete it). */
export function partIds(layout: TableLayout): string[] {
  return [...Array.from({ length: layout.buckets }, (_, i) => `b${i}`), ...layout.rangeChunks.map((_, i) => `r${i}`)];
}

/** What to read for one lookup: the keys to try in order (exact, then longest prefix) and the range chunk. */
export interface LookupPlan {
  keys: { key: string; how: 'exact' | 'prefix'; part: string }[];
  range?: { code: string; part: string };
}

/** Plans a lookup of `keys` (most specific first) and, for postal codes, `code` among prefixes and ranges. */
export function planLookup(layout: TableLayout, keys: readonly string[], code?: string): LookupPlan {
  const plan: LookupPlan = { keys: keys.map((key) => ({ key, how: 'exact' as const, part: bucketOf(key, layout) })) };
  if (code === undefined) return plan;
  for (const length of layout.prefixLengths) {
    if (length > code.length) continue;
    const key = `${code.slice(0, length)}*`;
    plan.keys.push({ key, how: 'prefix', part: bucketOf(key, layout) });
  }
  const chunk = lastAtMost(layout.rangeChunks, rangeSortKey(code.length, code));
  if (chunk >= 0) plan.range = { code, part: `r${chunk}` };
  return plan;
}

/** The index of the last sorted entry ≤ `value`, or -1. */
function lastAtMost(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The row a plan finds in the parts it read: an exact key first, then the longest prefix, then a range. */
export function resolvePlan(
  plan: LookupPlan,
  rowsOf: (part: string) => TableRow[],
): { row: TableRow; how: 'exact' | 'prefix' | 'range' } | undefined {
  for (const { key, how, part } of plan.keys) {
    const row = rowsOf(part).find((r) => r.key === key);
    if (row) return { row, how };
  }
  if (!plan.range) return undefined;
  const { code } = plan.range;
  for (const row of rowsOf(plan.range.part)) {
    const key = parseKeyText(row.key);
    if (key.type === 'range' && key.from.length === code.length && key.from <= code && code <= key.to) {
      return { row, how: 'range' };
    }
  }
  return undefined;
}
