import type { PartRef, TableReader } from './ports';
import type { TableHead, TableRow, TableVersion } from './table';
import { leadKey } from './table-kinds';
import { decodePart, type LookupPlan, planLookup, resolvePlan } from './table-layout';

/** One lookup: a lead's value in a table (at its current version unless one is named). */
export interface LookupRequest {
  table: string;
  value: string | number | undefined;
  version?: number;
}

/** The row that matched: the table, the version it was read at, the key tried and how it matched. */
export interface TableMatch {
  table: string;
  version: number;
  key: string;
  how: 'exact' | 'prefix' | 'range';
  row: TableRow;
}

export type LookupResult =
  | { status: 'matched'; match: TableMatch }
  /** No row holds the value: `keys` were tried (and prefixes and ranges, for postal codes). */
  | { status: 'no_row'; table: string; version: number; keys: string[] }
  /** Nothing was looked up: the lead has no usable value, or a free-mail address. */
  | { status: 'skipped'; table: string; version: number; reason: 'no_value' | 'free_mail' }
  | { status: 'no_table'; table: string }
  /** The version asked for is neither the current nor the previous one. */
  | { status: 'no_version'; table: string; version: number };

/** The head's current version, or the named one while it is still kept. */
export function versionOf(head: TableHead, version?: number): TableVersion | undefined {
  if (version === undefined || version === head.current.version) return head.current;
  return head.previous?.version === version ? head.previous : undefined;
}

interface Planned {
  head: TableHead;
  version: TableVersion;
  plan: LookupPlan;
}

/**
 * Looks values up in tables: for each, the key (or keys) the table's kind reads from the
 * value, then exactly the parts that can hold them, read together (one batch on a cold
 * cache, nothing on a warm one), never a scan. A part that is gone means the head was
 * read before the version retired: heads are read again, once, and the lookups redone,
 * so every lookup sees one whole version.
 */
export async function lookupRows(reader: TableReader, requests: readonly LookupRequest[]): Promise<LookupResult[]> {
  const first = await attempt(reader, requests, false);
  return first ?? (await attempt(reader, requests, true))!;
}

async function attempt(reader: TableReader, requests: readonly LookupRequest[], fresh: boolean) {
  const names = [...new Set(requests.map((r) => r.table))];
  const heads = new Map(await Promise.all(names.map(async (n) => [n, await reader.head(n, fresh)] as const)));
  const results: (LookupResult | Planned)[] = requests.map((request) => {
    const head = heads.get(request.table);
    if (!head) return { status: 'no_table', table: request.table };
    const version = versionOf(head, request.version);
    if (!version) return { status: 'no_version', table: request.table, version: request.version! };
    const key = leadKey(head.kind, request.value);
    if ('skip' in key) return { status: 'skipped', table: head.name, version: version.version, reason: key.skip };
    return { head, version, plan: planLookup(version.layout, key.keys, key.code) };
  });
  const refs = new Map<string, PartRef>();
  for (const r of results) {
    if (!('plan' in r)) continue;
    for (const part of [...r.plan.keys.map((k) => k.part), ...(r.plan.range ? [r.plan.range.part] : [])]) {
      refs.set(`${r.head.name}@${r.version.version}#${part}`, { table: r.head.name, version: r.version.version, part });
    }
  }
  const texts = await reader.parts([...refs.values()]);
  const parts = new Map([...refs.keys()].map((id, i) => [id, texts[i]]));
  if (!fresh && [...parts.values()].some((t) => t === undefined)) return undefined;
  return results.map((r): LookupResult => {
    if (!('plan' in r)) return r;
    const { head, version, plan } = r;
    const rowsOf = (part: string) =>
      decodePart(parts.get(`${head.name}@${version.version}#${part}`) ?? '', head.target);
    const found = resolvePlan(plan, rowsOf);
    if (!found)
      return { status: 'no_row', table: head.name, version: version.version, keys: plan.keys.map((k) => k.key) };
    const key = found.how === 'range' ? plan.range!.code : plan.keys.find((k) => k.key === found.row.key)!.key;
    return {
      status: 'matched',
      match: { table: head.name, version: version.version, key, how: found.how, row: found.row },
    };
  });
}
