// Reading an uploaded table: a CSV file (csv-parse: quoted fields, a BOM, Windows line ends)
// or JSON rows, into rows with their line numbers and every problem found, so a dry run
// can list them all at once.
import { parse } from 'csv-parse/sync';
import { ValidationError } from '../shared/errors';
import type { JsonTable, TableRow } from './table';
import { keyText, readRowKey, TABLE_KINDS, TABLE_TARGETS, type TableKind, type TableTarget } from './table-kinds';

/** Most rows one table may hold. */
export const MAX_TABLE_ROWS = 200_000;

/** One problem with an upload: where (`line 12`, `rows.11.key`), what, and why. */
export interface RowProblem {
  path: string;
  /** The CSV line (or the JSON row, counted from 1) it is on. */
  line: number;
  code: string;
  message: string;
}

/** A row read from an upload, with where it came from. */
export interface UploadedRow extends TableRow {
  line: number;
}

/** An upload as read: its columns, its readable rows and the problems of the others. */
export interface TableUpload {
  kind: TableKind;
  target: TableTarget;
  fallback: boolean;
  rows: UploadedRow[];
  problems: RowProblem[];
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

function headerProblem(message: string): ValidationError {
  return new ValidationError('The header line is not one this API reads', [
    { path: 'header', code: 'bad_header', message },
  ]);
}

/** Reads the header cells: `<kind>,poolId` or `<kind>,repId[,fallbackPoolId]`. */
function readHeader(cells: readonly string[]): Pick<TableUpload, 'kind' | 'target' | 'fallback'> {
  // Column names are read case-insensitively (`PostalCode`, `POOLID` and `postal code` too).
  const canonical = new Map(
    [...TABLE_KINDS, ...TABLE_TARGETS, 'fallbackPoolId'].map((name) => [name.replace(/_/g, '').toLowerCase(), name]),
  );
  const [kind, target, third, ...rest] = cells.map((c) => {
    const cell = c.trim();
    return canonical.get(cell.replace(/[\s_-]/g, '').toLowerCase()) ?? cell;
  });
  const usage = `Name the key column after the kind (${TABLE_KINDS.join(', ')}), then poolId or repId, then optionally fallbackPoolId`;
  if (!(TABLE_KINDS as readonly string[]).includes(kind ?? '')) throw headerProblem(`"${kind ?? ''}": ${usage}`);
  if (!(TABLE_TARGETS as readonly string[]).includes(target ?? '')) throw headerProblem(`"${target ?? ''}": ${usage}`);
  if ((third !== undefined && third !== 'fallbackPoolId') || rest.length > 0) throw headerProblem(usage);
  if (third && target !== 'repId')
    throw headerProblem('fallbackPoolId goes with repId rows (an owner who cannot take the lead)');
  return { kind: kind as TableKind, target: target as TableTarget, fallback: third === 'fallbackPoolId' };
}

/** Reads one row's cells into a row, or the problems that keep it out. */
function readRow(
  columns: Pick<TableUpload, 'kind' | 'target' | 'fallback'>,
  cells: readonly string[],
  line: number,
  path: (column: string) => string,
): UploadedRow | RowProblem[] {
  const problems: RowProblem[] = [];
  const problem = (column: string, code: string, message: string) =>
    problems.push({ path: path(column), line, code, message });
  const width = columns.fallback ? 3 : 2;
  if (cells.length > width) problem('', 'extra_columns', `Expected ${width} columns, found ${cells.length}`);
  const [keyCell = '', to = '', fallback = ''] = cells.map((c) => c.trim());
  if (/[\t\r\n]/.test(keyCell)) problem(columns.kind, 'control_character', 'The key may not hold tabs or line ends');
  const key = readRowKey(columns.kind, keyCell);
  if ('code' in key) problem(columns.kind, key.code, key.message);
  if (!ID.test(to))
    problem(columns.target, to ? 'not_an_id' : 'missing_target', `Give the ${columns.target} as the API shows it`);
  if (fallback && !ID.test(fallback)) problem('fallbackPoolId', 'not_an_id', 'Give the pool id as the API shows it');
  if (problems.length > 0 || 'code' in key) return problems;
  const text = keyText(key);
  return {
    line,
    key: text,
    [columns.target]: to,
    ...(fallback ? { fallbackPoolId: fallback } : {}),
    ...(keyCell !== text ? { as: keyCell } : {}),
  };
}

function collect(upload: TableUpload, row: UploadedRow | RowProblem[]): void {
  if (Array.isArray(row)) upload.problems.push(...row);
  else upload.rows.push(row);
}

function assertRowCount(count: number): void {
  if (count > MAX_TABLE_ROWS) {
    throw new ValidationError(`A table holds at most ${MAX_TABLE_ROWS} rows; this one has ${count}`, [
      {
        path: 'rows',
        code: 'too_many_rows',
        message: `Split it, e.g. one table per country, each named by its own rule`,
      },
    ]);
  }
}

/** Reads a CSV upload. The first line is the header; blank lines are skipped. */
export function readCsvTable(text: string): TableUpload {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = Number((error as { lines?: number }).lines ?? 0);
    throw new ValidationError('The CSV cannot be read', [
      { path: `line ${line}`, line, code: 'malformed_csv', message: (error as Error).message },
    ]);
  }
  const [header, ...body] = records;
  if (!header) throw headerProblem('The file is empty: the first line names the columns');
  assertRowCount(body.length);
  const upload: TableUpload = { ...readHeader(header.record), rows: [], problems: [] };
  for (const { record, info } of body) {
    collect(
      upload,
      readRow(upload, record, info.lines, () => `line ${info.lines}`),
    );
  }
  return upload;
}

/** Reads JSON rows: every row names the same target (`poolId`, or `repId` with optional fallbacks). */
export function readJsonTable(body: JsonTable): TableUpload {
  assertRowCount(body.rows.length);
  const target: TableTarget = body.rows.some((r) => r.repId !== undefined) ? 'repId' : 'poolId';
  const fallback = body.rows.some((r) => r.fallbackPoolId !== undefined);
  const columns = readHeader([body.kind, target, ...(fallback ? ['fallbackPoolId'] : [])]);
  const upload: TableUpload = { ...columns, rows: [], problems: [] };
  for (const [i, row] of body.rows.entries()) {
    const other = target === 'repId' ? row.poolId : row.repId;
    if (other !== undefined) {
      upload.problems.push({
        path: `rows.${i}`,
        line: i + 1,
        code: 'mixed_targets',
        message: 'Every row names a poolId, or every row a repId',
      });
      continue;
    }
    const cells = [row.key, row[target] ?? '', ...(fallback ? [row.fallbackPoolId ?? ''] : [])];
    const path = (column: string) => `rows.${i}${column === body.kind ? '.key' : column ? `.${column}` : ''}`;
    collect(upload, readRow(columns, cells, i + 1, path));
  }
  return upload;
}
