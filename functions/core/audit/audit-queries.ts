import * as z from 'zod/mini';
import { ValidationError } from '../shared/errors';
import { entityId } from '../shared/validation';
import { AUDIT_ENTITY_KINDS } from './audit-entry';
import type { AuditLog } from './ports';

const instant = z.pipe(
  z.string().check(z.maxLength(40)),
  z.transform((value, ctx) => {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) {
      ctx.issues.push({ code: 'custom', input: value, message: 'Use an ISO 8601 time, e.g. 2026-12-01T09:00:00Z' });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  }),
);

/** `GET /admin/audit` query: a time range, one entity (a kind or an id), a page. */
export const AuditQuerySchema = z.strictObject({
  from: z.optional(instant),
  to: z.optional(instant),
  entity: z.optional(z.union([z.enum(AUDIT_ENTITY_KINDS), entityId])),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});
export type AuditQueryInput = z.output<typeof AuditQuerySchema>;

/** The audit log, newest first: who changed what, when, with versions and the changed fields. */
export async function listAuditEntries(deps: { audit: AuditLog }, query: AuditQueryInput) {
  if (query.from && query.to && query.from >= query.to) {
    throw new ValidationError('The time range is empty', [
      { path: 'from', code: 'empty_range', message: '`from` must be before `to`' },
    ]);
  }
  return deps.audit.list({
    limit: query.limit,
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.entity ? { entity: query.entity } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
}
