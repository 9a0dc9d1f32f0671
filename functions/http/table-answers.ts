// What the lookup-table routes answer. The handlers type their bodies with these, and the
// OpenAPI document is generated from them (docs function only).
import * as z from 'zod/mini';
import { TableRowRefSchema } from '../core/leads/lead-schemas';
import { timestamp } from '../core/shared/timestamp';
import { TABLE_KINDS } from '../core/tables/table-kinds';

const counts = z.strictObject({ exact: z.number(), prefix: z.number(), range: z.number() });

/** A table as listed: kind, columns, the version leads are routed by, and the one kept before it. */
export const TableSummarySchema = z.strictObject({
  name: z.string(),
  kind: z.enum(TABLE_KINDS),
  columns: z.array(z.string()),
  version: z.number(),
  rows: z.number(),
  counts,
  createdAt: timestamp,
  updatedAt: timestamp,
  previousVersion: z.optional(z.number()),
});

export const TableListSchema = z.strictObject({ tables: z.array(TableSummarySchema) });

/** A table with the version kept before the current one and the rules that look it up. */
export const TableDetailSchema = z.extend(TableSummarySchema, {
  previous: z.optional(z.strictObject({ version: z.number(), rows: z.number(), createdAt: timestamp })),
  /** Rules that look the table up. */
  usedBy: z.array(z.string()),
});

const problem = z.strictObject({ path: z.string(), line: z.number(), code: z.string(), message: z.string() });

/** What an upload did, or (dry run) would do: the diff, and every problem with its line. */
export const TableUploadReportSchema = z.strictObject({
  table: z.string(),
  dryRun: z.boolean(),
  columns: z.array(z.string()),
  version: z.number(),
  previousVersion: z.optional(z.number()),
  rows: z.number(),
  changes: z.strictObject({
    added: z.number(),
    removed: z.number(),
    changed: z.number(),
    unchanged: z.number(),
    samples: z.strictObject({
      added: z.array(TableRowRefSchema),
      removed: z.array(TableRowRefSchema),
      changed: z.array(z.strictObject({ before: TableRowRefSchema, after: TableRowRefSchema })),
    }),
  }),
  problems: z.array(problem),
  problemCount: z.number(),
});

/** Which row a lead's value matches, and how; or why none. */
export const TableRowMatchSchema = z.strictObject({
  value: z.string(),
  found: z.boolean(),
  table: z.string(),
  version: z.optional(z.number()),
  key: z.optional(z.string()),
  how: z.optional(z.enum(['exact', 'prefix', 'range'])),
  row: z.optional(TableRowRefSchema),
  /** The keys tried when no row matched. */
  keys: z.optional(z.array(z.string())),
  /** `no_row`, `no_value` or `free_mail` when nothing matched. */
  reason: z.optional(z.string()),
});
