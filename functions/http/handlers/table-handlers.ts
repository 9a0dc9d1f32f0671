import { gunzipSync, gzipSync } from 'node:zlib';
import * as z from 'zod/mini';
import type { Actor } from '../../core/shared/actor';
import { ValidationError } from '../../core/shared/errors';
import { parseInput } from '../../core/shared/validation';
import { JsonTableSchema, TableNameSchema } from '../../core/tables/table';
import {
  deleteTable,
  exportTable,
  findTableRow,
  getTable,
  listTables,
  putTable,
  type TableAdminDeps,
} from '../../core/tables/table-admin';
import { readCsvTable, readJsonTable, type TableUpload } from '../../core/tables/table-upload';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '../http-errors';
import type { HttpRequest, HttpResponse, RouteHandler } from '../http-types';
import { assertBodySize, mediaType } from '../request-body';
import type {
  TableDetailSchema,
  TableListSchema,
  TableRowMatchSchema,
  TableUploadReportSchema,
} from '../table-answers';
import { TableRowsQuerySchema, TableUploadQuerySchema } from '../table-queries';
import { parseJsonObject } from '../webhook-body';

/**
 * Largest table upload as sent. API Gateway's HTTP APIs take 10 MB, but Lambda takes 6 MB
 * per invocation and a body API Gateway base64-encodes grows by a third: 4 MB fits either
 * way. 100,000 postal-code rows are about 3.5 MB; gzip (`Content-Encoding: gzip`) carries
 * tables up to the row limit.
 */
export const MAX_TABLE_UPLOAD_BYTES = 4 * 1024 * 1024;
/** Largest upload once unzipped: generous for 200,000 rows, and a bound on a zip bomb. */
export const MAX_TABLE_UNZIPPED_BYTES = 64 * 1024 * 1024;
/** Largest download sent unzipped; Lambda answers at most 6 MB (base64 included). */
const MAX_PLAIN_DOWNLOAD_BYTES = 4 * 1024 * 1024;

export const CSV_MEDIA_TYPES = ['text/csv', 'application/csv'] as const;

/** The query of a download (`GET /admin/tables/{name}.csv`). */
const DownloadQuerySchema = z.object({ version: z.optional(z.string().check(z.regex(/^\d{1,9}$/))) });

const tableName = (request: HttpRequest) =>
  parseInput(TableNameSchema, request.pathParameters.name ?? '', 'table name in the path');

/** The body as sent, unzipped when `Content-Encoding: gzip`, within the table limits. */
function uploadBody(request: HttpRequest): string {
  assertBodySize(request, MAX_TABLE_UPLOAD_BYTES);
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (!encoding || encoding === 'identity') return request.bodyBytes.toString('utf8');
  if (encoding !== 'gzip') throw new UnsupportedMediaTypeError(`content-encoding ${encoding}`, ['gzip', 'identity']);
  try {
    return gunzipSync(request.bodyBytes, { maxOutputLength: MAX_TABLE_UNZIPPED_BYTES }).toString('utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new PayloadTooLargeError(MAX_TABLE_UNZIPPED_BYTES);
    throw new ValidationError('The body is not valid gzip', [
      { path: 'body', code: 'invalid_gzip', message: String(error) },
    ]);
  }
}

/** Reads an upload: CSV (`text/csv`) or JSON rows (`application/json`). */
export function readUpload(request: HttpRequest): TableUpload {
  const type = mediaType(request);
  if (type === 'application/json')
    return readJsonTable(parseInput(JsonTableSchema, parseJsonObject(uploadBody(request))));
  if ((CSV_MEDIA_TYPES as readonly string[]).includes(type ?? '')) return readCsvTable(uploadBody(request));
  throw new UnsupportedMediaTypeError(type, [...CSV_MEDIA_TYPES, 'application/json']);
}

/** A table's CSV, gzipped when the caller accepts it (large tables need it to fit Lambda's answer). */
async function download(deps: TableAdminDeps, name: string, request: HttpRequest): Promise<HttpResponse> {
  const query = parseInput(DownloadQuerySchema, request.query, 'query string');
  const { version, csv } = await exportTable(deps, name, query.version ? Number(query.version) : undefined);
  const headers = {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${name}-v${version}.csv"`,
    etag: `"${version}"`,
    vary: 'accept-encoding',
  };
  if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
    return { status: 200, body: gzipSync(csv), headers: { ...headers, 'content-encoding': 'gzip' } };
  }
  if (Buffer.byteLength(csv) > MAX_PLAIN_DOWNLOAD_BYTES) {
    throw new ValidationError(
      'The table is too large to send unzipped; ask with Accept-Encoding: gzip (curl --compressed)',
      [{ path: 'Accept-Encoding', code: 'response_too_large', message: 'send Accept-Encoding: gzip' }],
      'response_too_large',
    );
  }
  return { status: 200, body: csv, headers };
}

/** The admin routes of lookup tables. */
export function tableHandlers(
  deps: TableAdminDeps,
  ifMatch: (request: HttpRequest) => { ifVersion?: number },
  actorOf: (request: HttpRequest) => Actor,
): Record<'putTable' | 'listTables' | 'getTable' | 'findTableRows' | 'deleteTable', RouteHandler> {
  return {
    putTable: async (request) => {
      const query = parseInput(TableUploadQuerySchema, request.query, 'query string');
      const dryRun = query.dryRun === 'true';
      const report = await putTable(deps, tableName(request), readUpload(request), actorOf(request), {
        dryRun,
        ...ifMatch(request),
      });
      const created = !dryRun && report.previousVersion === undefined;
      const body = report satisfies z.output<typeof TableUploadReportSchema>;
      return { status: created ? 201 : 200, body, headers: { etag: `"${report.version}"` } };
    },
    listTables: async () => ({
      status: 200,
      body: { tables: await listTables(deps) } satisfies z.output<typeof TableListSchema>,
    }),
    getTable: async (request) => {
      const raw = request.pathParameters.name ?? '';
      // API Gateway matches whole path segments only, so `/admin/tables/{name}.csv` arrives here.
      if (raw.endsWith('.csv'))
        return download(deps, parseInput(TableNameSchema, raw.slice(0, -4), 'table name'), request);
      const name = tableName(request);
      if (/^\s*text\/csv\b/i.test(request.headers.accept ?? '')) return download(deps, name, request);
      const table = await getTable(deps, name);
      const body = table satisfies z.output<typeof TableDetailSchema>;
      return { status: 200, body, headers: { etag: `"${table.version}"` } };
    },
    findTableRows: async (request) => {
      const query = parseInput(TableRowsQuerySchema, request.query, 'query string');
      const version = query.version ? Number(query.version) : undefined;
      const result = await findTableRow(deps, tableName(request), query.key, version);
      const answer =
        result.status === 'matched'
          ? {
              found: true,
              table: result.match.table,
              version: result.match.version,
              key: result.match.key,
              how: result.match.how,
              row: result.match.row,
            }
          : result.status === 'no_row'
            ? { found: false, table: result.table, version: result.version, keys: result.keys, reason: 'no_row' }
            : result.status === 'skipped'
              ? { found: false, table: result.table, version: result.version, reason: result.reason }
              : { found: false, table: result.table, reason: result.status };
      return { status: 200, body: { value: query.key, ...answer } satisfies z.output<typeof TableRowMatchSchema> };
    },
    deleteTable: async (request) => {
      await deleteTable(deps, tableName(request), actorOf(request), ifMatch(request).ifVersion);
      return { status: 204 };
    },
  };
}
