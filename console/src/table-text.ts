// Lookup tables in words: what an upload would change (or did), where a row sends a lead,
// and which row a lead's value matches.
import type * as z from 'zod/mini';
import type {
  TableDetailSchema,
  TableRowMatchSchema,
  TableSummarySchema,
  TableUploadReportSchema,
} from '../../functions/http/table-answers';
import type { NameOf } from './decisions';

export type TableSummary = z.output<typeof TableSummarySchema>;
export type TableDetail = z.output<typeof TableDetailSchema>;
export type UploadReport = z.output<typeof TableUploadReportSchema>;
export type RowMatch = z.output<typeof TableRowMatchSchema>;
type RowRef = NonNullable<RowMatch['row']>;

/** The media type an upload is sent as. */
export const CSV_TYPE = 'text/csv';

/** Uploads larger than this are gzipped before they are sent: the API takes 4 MB as sent, 64 MB unzipped. */
export const GZIP_FROM_CHARACTERS = 1024 * 1024;

/** The CSV as sent: gzipped (with the browser's own CompressionStream) when it is large. */
export async function uploadBody(text: string): Promise<{ body: string | ArrayBuffer; encoding?: 'gzip' }> {
  if (text.length < GZIP_FROM_CHARACTERS) return { body: text };
  const zipped = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return { body: await new Response(zipped).arrayBuffer(), encoding: 'gzip' };
}

/** One sentence on an upload: what a dry run would do, or what the upload did. */
export function uploadSummary(report: UploadReport): string {
  const c = report.changes;
  const diff = `${c.added} added, ${c.removed} removed, ${c.changed} changed, ${c.unchanged} unchanged`;
  if (report.problemCount > 0)
    return `${report.problemCount} problem(s) in ${report.rows} row(s): fix them and check again; nothing was changed.`;
  if (report.dryRun) {
    return report.version === 0
      ? `Ready: a new table of ${report.rows} row(s). Nothing is saved until you upload it.`
      : `Ready: it would replace version ${report.version} with ${report.rows} row(s): ${diff}. Nothing is saved until you upload it.`;
  }
  return report.previousVersion === undefined
    ? `Uploaded: version ${report.version}, ${report.rows} row(s). Leads are routed by it within half a minute.`
    : `Uploaded: version ${report.version} replaces version ${report.previousVersion}, ${report.rows} row(s): ${diff}. Leads are routed by it within half a minute.`;
}

/** Where a row sends a lead: `pool Inbound`, or `Ana (else pool EMEA)`. */
export function rowTarget(row: RowRef, nameOf: NameOf): string {
  if (row.poolId) return `pool ${nameOf(row.poolId)}`;
  const owner = row.repId ? nameOf(row.repId) : 'nobody';
  return row.fallbackPoolId ? `${owner} (else pool ${nameOf(row.fallbackPoolId)})` : owner;
}

/** A row as the upload typed it, and where it sends a lead. */
export function rowText(row: RowRef, nameOf: NameOf): string {
  return `${row.as ?? row.key} → ${rowTarget(row, nameOf)}`;
}

/** A row whose key stays and whose target changes: `94107: pool A → pool B`. */
export function changedRowText(change: { before: RowRef; after: RowRef }, nameOf: NameOf): string {
  return `${change.after.as ?? change.after.key}: ${rowTarget(change.before, nameOf)} → ${rowTarget(change.after, nameOf)}`;
}

const HOW: Record<string, string> = { exact: 'exactly', prefix: 'by prefix', range: 'in a range' };
const MISSES: Record<string, string> = {
  no_value: 'it gives no key to look up',
  free_mail: 'it is a free-mail address, which named accounts never match',
};

/** Which row a value matches and why, or why none does. */
export function rowMatchText(match: RowMatch, nameOf: NameOf): string {
  const at = match.version !== undefined ? ` in version ${match.version}` : '';
  if (match.found && match.row) {
    return `“${match.value}” matches ${match.row.as ?? match.key} ${HOW[match.how ?? ''] ?? ''}${at}: it goes to ${rowTarget(match.row, nameOf)}.`;
  }
  if (match.reason === 'no_row') {
    const tried = match.keys?.length ? ` (looked for ${match.keys.join(', ')})` : '';
    return `No row matches “${match.value}”${at}${tried}: the rule does not match, and the next rule is tried.`;
  }
  return `No row matches “${match.value}”: ${MISSES[match.reason ?? ''] ?? (match.reason ?? 'no row').replaceAll('_', ' ')}.`;
}
