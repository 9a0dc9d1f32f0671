import type { AdminDeps } from '../admin/admin-deps';
import { actionEntry } from '../audit/audit-entry';
import type { AuditRecorder } from '../audit/ports';
import type { RuleSetStore } from '../routing/ports';
import type { Actor } from '../shared/actor';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { assertVersion } from '../shared/preconditions';
import type { PoolStore, RepStore } from '../team/ports';
import type { TableStore } from './ports';
import { headerOf, type TableHead, type TableRow, type TableVersion } from './table';
import { parseKeyText } from './table-kinds';
import { decodePart, layoutRows, partIds } from './table-layout';
import { type LookupResult, lookupRows, versionOf } from './table-lookup';
import type { RowProblem, TableUpload } from './table-upload';
import { diffRows, type TableDiff, uploadProblems } from './upload-checks';

export type TableAdminDeps = AdminDeps<
  Pick<PoolStore, 'listPools'> & Pick<RepStore, 'listReps'> & Pick<RuleSetStore, 'getRuleSet'>
> & { tables: TableStore; audit: AuditRecorder };

/** A table as listed: no layout, no row data. */
export interface TableSummary {
  name: string;
  kind: TableHead['kind'];
  columns: string[];
  version: number;
  rows: number;
  counts: TableVersion['counts'];
  createdAt: string;
  updatedAt: string;
  previousVersion?: number;
}

/** What an upload did, or (dry run) would do. */
export interface UploadReport {
  table: string;
  dryRun: boolean;
  columns: string[];
  /** The version leads are routed by after the upload (the current one for a dry run; 0: none). */
  version: number;
  previousVersion?: number;
  rows: number;
  changes: TableDiff;
  /** Every problem, in line order (at most 1,000 shown; `problemCount` counts them all). */
  problems: RowProblem[];
  problemCount: number;
}

const SHOWN_PROBLEMS = 1_000;

/** The summary of a table's head. */
export function summarise(head: TableHead): TableSummary {
  return {
    name: head.name,
    kind: head.kind,
    columns: headerOf(head),
    version: head.current.version,
    rows: head.current.rows,
    counts: head.current.counts,
    createdAt: head.createdAt,
    updatedAt: head.updatedAt,
    ...(head.previous ? { previousVersion: head.previous.version } : {}),
  };
}

async function requireHead(deps: Pick<TableAdminDeps, 'tables'>, name: string): Promise<TableHead> {
  const head = await deps.tables.head(name, true);
  if (!head) throw new NotFoundError('table', name);
  return head;
}

/** Every row of a version, read part by part (an admin download or diff, never a routing path). */
async function versionRows(deps: Pick<TableAdminDeps, 'tables'>, head: TableHead, version: TableVersion) {
  const ids = partIds(version.layout);
  const texts = await deps.tables.parts(ids.map((part) => ({ table: head.name, version: version.version, part })));
  return texts.flatMap((text) => decodePart(text ?? '', head.target));
}

/**
 * `PUT /admin/tables/{name}`: checks an upload (pools and reps exist, keys are unique,
 * ranges do not overlap), compares it with the current version and, unless a dry run,
 * stores it as a new version and switches the table to it in one conditional write. Leads
 * routed meanwhile read the old version or the new one, whole; the old one stays readable
 * as the previous version, and the one before it is deleted.
 */
export async function putTable(
  deps: TableAdminDeps,
  name: string,
  upload: TableUpload,
  actor: Actor,
  options: { dryRun?: boolean; ifVersion?: number } = {},
): Promise<UploadReport> {
  const head = await deps.tables.head(name, true);
  assertVersion(head?.current.version ?? 0, options.ifVersion);
  if (head && (head.kind !== upload.kind || head.target !== upload.target)) {
    throw new ValidationError(
      `${name} is a ${head.kind} table of ${head.target}; delete it to change its kind or target`,
      [{ path: 'header', code: 'immutable', message: `Expected ${head.kind},${head.target}` }],
      'immutable',
    );
  }
  const [pools, reps] = await Promise.all([deps.config.listPools(), deps.config.listReps()]);
  const problems = [
    ...upload.problems,
    ...uploadProblems(upload, { poolIds: new Set(pools.map((p) => p.id)), repIds: new Set(reps.map((r) => r.id)) }),
  ].sort((a, b) => a.line - b.line);
  const rows: TableRow[] = upload.rows.map(({ line: _line, ...row }) => row);
  const before = head ? await versionRows(deps, head, head.current) : [];
  const report: UploadReport = {
    table: name,
    dryRun: options.dryRun ?? false,
    columns: headerOf(upload),
    version: head?.current.version ?? 0,
    ...(head ? { previousVersion: head.previous?.version } : {}),
    rows: rows.length,
    changes: diffRows(before, rows),
    problems: problems.slice(0, SHOWN_PROBLEMS),
    problemCount: problems.length,
  };
  if (options.dryRun) return report;
  if (problems.length > 0) {
    throw new ValidationError(`The table has ${problems.length} problem(s); nothing was saved`, report.problems);
  }

  const version = await deps.tables.reserveVersion(name);
  const { layout, parts } = layoutRows(rows, upload.target);
  await deps.tables.writeParts(name, version, parts);
  const now = deps.clock.now().toISOString();
  const current: TableVersion = {
    version,
    rows: rows.length,
    counts: countKeys(rows),
    createdAt: now,
    layout,
    poolIds: [...new Set(rows.flatMap((r) => [r.poolId, r.fallbackPoolId].filter((p) => p !== undefined)))],
    repIds: [...new Set(rows.flatMap((r) => (r.repId ? [r.repId] : [])))],
  };
  const next: TableHead = {
    name,
    kind: upload.kind,
    target: upload.target,
    fallback: upload.fallback,
    current,
    ...(head ? { previous: head.current } : {}),
    createdAt: head?.createdAt ?? now,
    updatedAt: now,
  };
  if (!(await deps.tables.switchVersion(next, head?.current.version ?? 0))) {
    await deps.tables.deleteParts(name, version, [...parts.keys()]).catch(() => undefined);
    throw new ConflictError(
      'Another upload replaced the table meanwhile; read it and upload again',
      {},
      'version_conflict',
    );
  }
  // Recorded once the switch is done: a table's versions live in their own table, so the
  // entry cannot share the switch's write (at worst an entry is missing, never invented).
  await deps.audit.record(
    actionEntry({
      actor,
      at: deps.clock.now(),
      action: head ? 'changed' : 'created',
      entity: { kind: 'table', id: name, name },
      details: {
        version,
        ...(head ? { previousVersion: head.current.version } : {}),
        rows: rows.length,
        added: report.changes.added,
        removed: report.changes.removed,
        changed: report.changes.changed,
      },
    }),
  );
  // Retired: the version before the previous one. Leftovers cost storage only, never a wrong lookup.
  if (head?.previous) {
    await deps.tables.deleteParts(name, head.previous.version, partIds(head.previous.layout)).catch(() => undefined);
  }
  return { ...report, version, ...(head ? { previousVersion: head.current.version } : {}) };
}

function countKeys(rows: readonly TableRow[]): TableVersion['counts'] {
  const counts = { exact: 0, prefix: 0, range: 0 };
  for (const row of rows) counts[parseKeyText(row.key).type]++;
  return counts;
}

/** `GET /admin/tables`. */
export async function listTables(deps: Pick<TableAdminDeps, 'tables'>): Promise<TableSummary[]> {
  return (await deps.tables.listHeads()).map(summarise).sort((a, b) => a.name.localeCompare(b.name));
}

/** Names of the rules that look a table up. */
async function rulesUsing(deps: Pick<TableAdminDeps, 'config'>, name: string): Promise<string[]> {
  const ruleSet = await deps.config.getRuleSet();
  return (ruleSet?.rules ?? []).filter((r) => r.table === name || r.accountOwner?.table === name).map((r) => r.name);
}

/** `GET /admin/tables/{name}`: the summary, the previous version and the rules that use it. */
export async function getTable(deps: Pick<TableAdminDeps, 'tables' | 'config'>, name: string) {
  const head = await requireHead(deps, name);
  const previous = head.previous;
  return {
    ...summarise(head),
    ...(previous
      ? { previous: { version: previous.version, rows: previous.rows, createdAt: previous.createdAt } }
      : {}),
    usedBy: await rulesUsing(deps, name),
  };
}

/** `GET /admin/tables/{name}/rows?key=…&version=…`: the row a lead's value would match, and how. */
export async function findTableRow(
  deps: Pick<TableAdminDeps, 'tables'>,
  name: string,
  value: string,
  version?: number,
): Promise<LookupResult> {
  const [result] = await lookupRows(deps.tables, [{ table: name, value, ...(version ? { version } : {}) }]);
  if (result!.status === 'no_table') throw new NotFoundError('table', name);
  if (result!.status === 'no_version') throw new NotFoundError('table version', `${name}@${version}`);
  return result!;
}

/** `GET /admin/tables/{name}.csv`: a version as CSV (the current one unless named), keys as uploaded. */
export async function exportTable(deps: Pick<TableAdminDeps, 'tables'>, name: string, version?: number) {
  const head = await requireHead(deps, name);
  const chosen = versionOf(head, version);
  if (!chosen) throw new NotFoundError('table version', `${name}@${version}`);
  const rows = (await versionRows(deps, head, chosen)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const lines = [headerOf(head)];
  for (const row of rows) {
    lines.push([row.as ?? row.key, row[head.target] ?? '', ...(head.fallback ? [row.fallbackPoolId ?? ''] : [])]);
  }
  return { version: chosen.version, csv: `${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n` };
}

function csvCell(cell: string): string {
  return /[",\r\n]/.test(cell) || cell !== cell.trim() ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** `DELETE /admin/tables/{name}`: refused while a rule looks it up; the rows of both kept versions go too. */
export async function deleteTable(
  deps: Pick<TableAdminDeps, 'tables' | 'config' | 'audit' | 'clock'>,
  name: string,
  actor: Actor,
  ifVersion?: number,
) {
  const head = await requireHead(deps, name);
  assertVersion(head.current.version, ifVersion);
  const rules = await rulesUsing(deps, name);
  if (rules.length > 0) {
    throw new ConflictError('Routing rules look this table up; change the rules first', { rules }, 'table_in_use');
  }
  if (!(await deps.tables.deleteHead(name, head.current.version))) {
    throw new ConflictError('The table changed meanwhile; read it again', {}, 'version_conflict');
  }
  await deps.audit.record(
    actionEntry({
      actor,
      at: deps.clock.now(),
      action: 'deleted',
      entity: { kind: 'table', id: name, name },
      details: { version: head.current.version, rows: head.current.rows },
    }),
  );
  for (const version of [head.current, head.previous]) {
    if (version) await deps.tables.deleteParts(name, version.version, partIds(version.layout));
  }
}

/**
 * Refuses to let a pool or rep go while the current version of a lookup table names it
 * (`409 pool_in_use` or `rep_in_use`, with the tables): leads would route to nothing.
 */
export async function assertNoTableNames(
  deps: { tables?: Pick<TableStore, 'listHeads'> },
  id: { poolId: string } | { repId: string },
): Promise<void> {
  if (!deps.tables) return;
  const tables = (await deps.tables.listHeads())
    .filter((h) => ('poolId' in id ? h.current.poolIds.includes(id.poolId) : h.current.repIds.includes(id.repId)))
    .map((h) => h.name);
  if (tables.length === 0) return;
  const what = 'poolId' in id ? 'pool' : 'rep';
  throw new ConflictError(
    `Lookup tables name this ${what}; upload them without it first`,
    { tables },
    `${what}_in_use`,
  );
}
