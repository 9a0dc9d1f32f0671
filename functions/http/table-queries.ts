// The query strings of the lookup-table routes: the handlers parse with them, the OpenAPI
// document describes them (kept apart so the docs function does not bundle the handlers).
import * as z from 'zod/mini';

/** The query of `PUT /admin/tables/{name}`. */
export const TableUploadQuerySchema = z.object({
  /** `true`: answer what would change, write nothing. */
  dryRun: z.optional(z.enum(['true', 'false'])),
});

/** The query of `GET /admin/tables/{name}/rows`: the value to look up, and optionally a kept version. */
export const TableRowsQuerySchema = z.object({
  key: z.string().check(z.minLength(1), z.maxLength(254)),
  version: z.optional(z.string().check(z.regex(/^\d{1,9}$/))),
});
