import * as z from 'zod/mini';
import { entityId } from '../shared/validation';
import { TABLE_KINDS, type TableKind, type TableTarget } from './table-kinds';

/** A table's name: lower-case letters, digits, `-` and `_` (no dots: `/admin/tables/{name}.csv` downloads it). */
export const TableNameSchema = z.string().check(
  z.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, {
    message: 'Use 1–64 lower-case letters, digits, "-" or "_", starting with a letter or digit',
  }),
);

/** One row as stored: the key (`94107`, `941*`, `94000..94999`) and where it sends a lead. */
export interface TableRow {
  key: string;
  poolId?: string;
  repId?: string;
  fallbackPoolId?: string;
  /** The key cell as the upload typed it, when that differs from the key ("Acme, Inc." for `acme`). */
  as?: string;
}

/**
 * Where a version's rows live, so that a lookup reads exactly the item that can hold its
 * key: exact keys and prefixes hash to one of `buckets` items; ranges sit in sorted chunks,
 * and `rangeChunks` holds the first range of each (`<length>:<from>`), so a code finds its
 * chunk by binary search here, not by a query.
 */
export interface TableLayout {
  buckets: number;
  /** The lengths of the prefixes the version holds, longest first (a code tries each). */
  prefixLengths: number[];
  rangeChunks: string[];
}

/** One uploaded version of a table. Versions never change; a replacement is a new one. */
export interface TableVersion {
  version: number;
  rows: number;
  counts: { exact: number; prefix: number; range: number };
  createdAt: string;
  layout: TableLayout;
  /** Every pool and rep the rows name (fallbacks included), so deletions can check them. */
  poolIds: string[];
  repIds: string[];
}

/**
 * A table as routing sees it: its kind and columns, the version leads are routed by, and
 * the one before it (kept readable for explain and audit). Switching `current` is one
 * conditional write of this item, after every row of the new version is stored.
 */
export interface TableHead {
  name: string;
  kind: TableKind;
  target: TableTarget;
  /** Whether rows carry a `fallbackPoolId` column. */
  fallback: boolean;
  current: TableVersion;
  previous?: TableVersion;
  createdAt: string;
  updatedAt: string;
}

/** The header line a table's CSV has: `postal_code,poolId` or `email_domain,repId,fallbackPoolId`. */
export function headerOf(head: Pick<TableHead, 'kind' | 'target' | 'fallback'>): string[] {
  return [head.kind, head.target, ...(head.fallback ? ['fallbackPoolId'] : [])];
}

/** `PUT /admin/tables/{name}` with JSON: the kind, and rows as `{ key, poolId | repId, fallbackPoolId? }`. */
export const JsonTableSchema = z.strictObject({
  kind: z.enum(TABLE_KINDS),
  rows: z.array(
    z.strictObject({
      key: z.string().check(z.maxLength(200)),
      poolId: z.optional(entityId),
      repId: z.optional(entityId),
      fallbackPoolId: z.optional(entityId),
    }),
  ),
});
export type JsonTable = z.output<typeof JsonTableSchema>;
