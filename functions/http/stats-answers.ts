// What `GET /admin/stats` answers, as JSON and as CSV. The handler types its body with the
// schema, and the OpenAPI document is generated from it (docs function only).
import * as z from 'zod/mini';
import { timestamp } from '../core/shared/timestamp';
import { STATS_GROUPS, type StatsAnswer, type StatsAnswerRow } from '../core/stats/stats-query';
import { PLAIN_COUNTERS } from '../core/stats/stats-row';

const seconds = z.nullable(z.number());
const PercentilesSchema = z.strictObject({ count: z.number(), p50: seconds, p90: seconds, p95: seconds });

const StatsRowSchema = z.strictObject({
  repId: z.optional(z.string()),
  poolId: z.optional(z.string()),
  sourceId: z.optional(z.string()),
  rule: z.optional(z.string()),
  day: z.optional(z.string()),
  ...(Object.fromEntries(PLAIN_COUNTERS.map((name) => [name, z.number()])) as Record<
    (typeof PLAIN_COUNTERS)[number],
    z.ZodMiniNumber
  >),
  /** Closes by reason. */
  closed: z.record(z.string(), z.number()),
  /** Outcomes by stage: how many, and their summed value. */
  outcomes: z.record(z.string(), z.strictObject({ count: z.number(), value: z.number() })),
  timeToAssignSeconds: PercentilesSchema,
  timeToAcceptSeconds: PercentilesSchema,
  timeToContactSeconds: PercentilesSchema,
  /** `groupBy=pool`: the pool's reps' assigned counts against their target shares. */
  fairness: z.optional(
    z.strictObject({
      jain: z.number(),
      spread: z.number(),
      reps: z.array(
        z.strictObject({
          repId: z.string(),
          assigned: z.number(),
          targetShare: z.number(),
          actualShare: z.number(),
          deviation: z.number(),
        }),
      ),
    }),
  ),
});

/** The stats of a period; see docs/metrics.md. */
export const StatsAnswerSchema = z.strictObject({
  from: timestamp,
  to: timestamp,
  groupBy: z.enum(STATS_GROUPS),
  days: z.strictObject({ first: z.string(), last: z.string() }),
  rows: z.array(StatsRowSchema),
});
export type StatsAnswerBody = z.output<typeof StatsAnswerSchema>;

/** Whether the caller asked for CSV: `format=csv`, or `Accept: text/csv` without `format=json`. */
export function wantsCsv(format: string | undefined, accept: string | undefined): boolean {
  return format === 'csv' || (format === undefined && /\btext\/csv\b/i.test(accept ?? ''));
}

/**
 * The rows as CSV with a header line: the group's column, the counters, a column per close
 * reason and per outcome stage found, the percentiles, and fairness for pools.
 */
export function statsCsv(answer: StatsAnswer): string {
  const groupColumn = { rep: 'repId', pool: 'poolId', source: 'sourceId', rule: 'rule', day: 'day' }[answer.groupBy];
  const reasons = [...new Set(answer.rows.flatMap((r) => Object.keys(r.closed)))].sort();
  const stages = [...new Set(answer.rows.flatMap((r) => Object.keys(r.outcomes)))].sort();
  const durations = ['timeToAssignSeconds', 'timeToAcceptSeconds', 'timeToContactSeconds'] as const;
  const header = [
    groupColumn,
    ...PLAIN_COUNTERS,
    ...reasons.map((r) => `closed.${r}`),
    ...stages.flatMap((s) => [`outcomes.${s}.count`, `outcomes.${s}.value`]),
    ...durations.flatMap((d) => ['p50', 'p90', 'p95'].map((p) => `${d}.${p}`)),
    ...(answer.groupBy === 'pool' ? ['fairness.jain', 'fairness.spread'] : []),
  ];
  const line = (row: StatsAnswerRow) => [
    row[groupColumn as keyof StatsAnswerRow] as string,
    ...PLAIN_COUNTERS.map((c) => row[c]),
    ...reasons.map((r) => row.closed[r] ?? 0),
    ...stages.flatMap((s) => [row.outcomes[s]?.count ?? 0, row.outcomes[s]?.value ?? 0]),
    ...durations.flatMap((d) => [row[d].p50, row[d].p90, row[d].p95]),
    ...(answer.groupBy === 'pool' ? [row.fairness?.jain, row.fairness?.spread] : []),
  ];
  return `${[header, ...answer.rows.map(line)].map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** A CSV cell: empty for no value; quoted when it holds a comma, quote or line break; never read as a formula. */
function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // Spreadsheets run cells that start with these as formulas; ids and rule names come from admins.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
