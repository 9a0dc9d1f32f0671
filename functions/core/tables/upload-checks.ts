import type { TableRow } from './table';
import { parseKeyText } from './table-kinds';
import type { RowProblem, TableUpload, UploadedRow } from './table-upload';

/**
 * What keeps an upload's readable rows from being saved: a key given twice, ranges that
 * overlap (a code would have two rows), and pools or reps that do not exist.
 */
export function uploadProblems(
  upload: TableUpload,
  known: { poolIds: ReadonlySet<string>; repIds: ReadonlySet<string> },
): RowProblem[] {
  const problems: RowProblem[] = [];
  const at = (row: UploadedRow, code: string, message: string) =>
    problems.push({ path: `line ${row.line}`, line: row.line, code, message });
  const seen = new Map<string, number>();
  for (const row of upload.rows) {
    const first = seen.get(row.key);
    if (first !== undefined) at(row, 'duplicate_key', `${row.key} is also on line ${first}`);
    else seen.set(row.key, row.line);
    if (row.poolId && !known.poolIds.has(row.poolId)) at(row, 'unknown_pool', `No pool has the id ${row.poolId}`);
    if (row.repId && !known.repIds.has(row.repId)) at(row, 'unknown_rep', `No rep has the id ${row.repId}`);
    if (row.fallbackPoolId && !known.poolIds.has(row.fallbackPoolId)) {
      at(row, 'unknown_pool', `No pool has the id ${row.fallbackPoolId} (fallbackPoolId)`);
    }
  }
  const ranges = upload.rows
    .flatMap((row) => {
      const key = parseKeyText(row.key);
      return key.type === 'range' ? [{ row, from: key.from, to: key.to }] : [];
    })
    .sort((a, b) => a.from.length - b.from.length || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  for (let i = 1; i < ranges.length; i++) {
    const [before, range] = [ranges[i - 1]!, ranges[i]!];
    if (before.from.length === range.from.length && range.from <= before.to) {
      at(range.row, 'overlapping_range', `${range.row.key} overlaps ${before.row.key} (line ${before.row.line})`);
    }
  }
  return problems.sort((a, b) => a.line - b.line);
}

/** How a replacement changes a table: rows added, removed and changed (same key, new target), with a few of each. */
export interface TableDiff {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  /** Up to 20 of each, to see what an upload would do. */
  samples: { added: TableRow[]; removed: TableRow[]; changed: { before: TableRow; after: TableRow }[] };
}

const SAMPLES = 20;

/** Compares the rows of the current version with an upload's, by key. */
export function diffRows(before: readonly TableRow[], after: readonly TableRow[]): TableDiff {
  const old = new Map(before.map((r) => [r.key, r]));
  const diff: TableDiff = {
    added: 0,
    removed: 0,
    changed: 0,
    unchanged: 0,
    samples: { added: [], removed: [], changed: [] },
  };
  const strip = ({ key, poolId, repId, fallbackPoolId, as }: TableRow): TableRow => ({
    key,
    ...(poolId ? { poolId } : {}),
    ...(repId ? { repId } : {}),
    ...(fallbackPoolId ? { fallbackPoolId } : {}),
    ...(as ? { as } : {}),
  });
  const seen = new Set<string>();
  for (const row of after) {
    // A key given twice is a problem of its own; the diff counts its first row.
    if (seen.has(row.key)) continue;
    seen.add(row.key);
    const was = old.get(row.key);
    old.delete(row.key);
    if (!was) {
      diff.added++;
      if (diff.samples.added.length < SAMPLES) diff.samples.added.push(strip(row));
    } else if (was.poolId !== row.poolId || was.repId !== row.repId || was.fallbackPoolId !== row.fallbackPoolId) {
      diff.changed++;
      if (diff.samples.changed.length < SAMPLES) diff.samples.changed.push({ before: strip(was), after: strip(row) });
    } else diff.unchanged++;
  }
  diff.removed = old.size;
  diff.samples.removed = [...old.values()].slice(0, SAMPLES).map(strip);
  return diff;
}
