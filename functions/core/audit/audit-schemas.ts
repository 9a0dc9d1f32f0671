// The audit log's schemas, for the OpenAPI document and answers' checks. Apart from
// audit-entry.ts so that functions which only write entries need not bundle zod; that file
// derives its types from these with type-only imports.
import * as z from 'zod/mini';
import { timestamp } from '../shared/timestamp';
import { AUDIT_ACTIONS, AUDIT_ENTITY_KINDS } from './audit-entry';

/** Who made a change: an admin API key, a rep through their availability link, or leadrouter itself. */
export const ActorSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('admin'), keyId: z.string(), keyName: z.string() }),
  z.strictObject({ type: z.literal('rep'), repId: z.string(), via: z.literal('availability_link') }),
  z.strictObject({ type: z.literal('system'), name: z.string() }),
]);

/** One field that changed: its value before and after, or only that it changed when it is secret or large. */
export const FieldChangeSchema = z.strictObject({
  field: z.string(),
  before: z.optional(z.unknown()),
  after: z.optional(z.unknown()),
  /** A secret: the values are never recorded. */
  secret: z.optional(z.literal(true)),
  /** Too large to record (over 2,000 characters as JSON). */
  large: z.optional(z.literal(true)),
});

/** One change to the configuration, or one admin action on a lead: who, when, what. */
export const AuditEntrySchema = z.strictObject({
  id: z.string(),
  at: timestamp,
  actor: ActorSchema,
  action: z.enum(AUDIT_ACTIONS),
  entity: z.strictObject({ kind: z.enum(AUDIT_ENTITY_KINDS), id: z.string(), name: z.optional(z.string()) }),
  /** The entity's version before and after (absent when it did not exist, or has none). */
  versionBefore: z.optional(z.int()),
  versionAfter: z.optional(z.int()),
  changes: z.optional(z.array(FieldChangeSchema)),
  /** What an action did beyond fields: a lead's owner before and after, a close's reason, the leads moved. */
  details: z.optional(z.record(z.string(), z.unknown())),
});

/** One page of the audit log, newest first; `nextCursor`, passed back, reads the next. */
export const AuditListSchema = z.strictObject({
  entries: z.array(AuditEntrySchema),
  nextCursor: z.optional(z.string()),
});
