import type * as z from 'zod/mini';
import type { Actor } from '../shared/actor';
import { newId } from '../shared/ids';
import type { AuditEntrySchema, FieldChangeSchema } from './audit-schemas';

/** What an audit entry is about. `rules` is the one rule set (id `current`); a `table` is named by its name. */
export const AUDIT_ENTITY_KINDS = ['rep', 'pool', 'source', 'rules', 'table', 'key', 'lead'] as const;
export type AuditEntityKind = (typeof AUDIT_ENTITY_KINDS)[number];

/** What was done. Config entities are created, changed, deleted; the rest name the action. */
export const AUDIT_ACTIONS = [
  'created',
  'changed',
  'deleted',
  'revoked',
  'rotation_reset',
  'open_leads_reassigned',
  'assigned',
  'released',
  'closed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type FieldChange = z.output<typeof FieldChangeSchema>;
export type AuditEntry = z.output<typeof AuditEntrySchema>;

/** Values longer than this (as JSON) are recorded as `large` only: an entry stays small. */
export const MAX_RECORDED_VALUE = 2_000;

/** Bookkeeping every entity has; its changes say nothing. */
const BOOKKEEPING = new Set(['id', 'createdAt', 'updatedAt', 'version']);

/**
 * The fields that differ between two versions of an entity, top level, bookkeeping aside.
 * Fields named in `secrets` (and anything under them) are recorded as changed, never with
 * their values.
 */
export function fieldChanges(
  before: object | undefined,
  after: object | undefined,
  secrets: readonly string[] = [],
): FieldChange[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const names = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((n) => !BOOKKEEPING.has(n)).sort();
  const changes: FieldChange[] = [];
  for (const field of names) {
    const was = JSON.stringify(b[field]);
    const is = JSON.stringify(a[field]);
    if (was === is) continue;
    if (secrets.includes(field)) {
      changes.push({ field, secret: true });
    } else if ((was?.length ?? 0) > MAX_RECORDED_VALUE || (is?.length ?? 0) > MAX_RECORDED_VALUE) {
      changes.push({ field, large: true });
    } else {
      changes.push({
        field,
        ...(b[field] !== undefined ? { before: b[field] } : {}),
        ...(a[field] !== undefined ? { after: a[field] } : {}),
      });
    }
  }
  return changes;
}

interface Versioned {
  id: string;
  version?: number;
  name?: string;
}

/**
 * The entry for a change to a configuration entity (created: no `before`; deleted: no
 * `after`), with versions and the changed fields, secrets named but never shown.
 */
export function changeEntry(args: {
  actor: Actor;
  at: Date;
  kind: AuditEntityKind;
  before?: Versioned;
  after?: Versioned;
  secrets?: readonly string[];
  action?: AuditAction;
  details?: Record<string, unknown>;
}): AuditEntry {
  const { before, after } = args;
  const subject = (after ?? before)!;
  return {
    id: newAuditId(args.at),
    at: args.at.toISOString(),
    actor: args.actor,
    action: args.action ?? (!before ? 'created' : !after ? 'deleted' : 'changed'),
    entity: { kind: args.kind, id: subject.id, ...(subject.name ? { name: subject.name } : {}) },
    ...(before?.version !== undefined ? { versionBefore: before.version } : {}),
    ...(after?.version !== undefined ? { versionAfter: after.version } : {}),
    changes: fieldChanges(before, after, args.secrets),
    ...(args.details ? { details: args.details } : {}),
  };
}

/** The entry for an action that is not a field change (a lead assigned, a rotation reset). */
export function actionEntry(args: {
  actor: Actor;
  at: Date;
  action: AuditAction;
  entity: AuditEntry['entity'];
  details?: Record<string, unknown>;
}): AuditEntry {
  return {
    id: newAuditId(args.at),
    at: args.at.toISOString(),
    actor: args.actor,
    action: args.action,
    entity: args.entity,
    ...(args.details ? { details: args.details } : {}),
  };
}

/** Audit ids sort by time, like lead ids. */
function newAuditId(at: Date): string {
  return newId('aud', at.getTime());
}
