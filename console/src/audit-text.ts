// The audit log in words: who made a change, what it was, and each changed field. Secrets are
// only ever "changed" (the API never sends their values; neither does this).
import type { AuditEntry, FieldChange } from '../../functions/core/audit/audit-entry';
import type { NameOf } from './decisions';
import { reasonText } from './decisions';
import { label } from './vocabulary';

export type { AuditEntry };

const KIND_NAMES: Record<string, string> = {
  rep: 'Rep',
  pool: 'Pool',
  source: 'Source',
  rules: 'The routing rules',
  key: 'API key',
  lead: 'Lead',
};

const ACTION_WORDS: Record<string, string> = {
  created: 'created',
  changed: 'changed',
  deleted: 'deleted',
  revoked: 'revoked',
  rotation_reset: 'rotation started over',
  open_leads_reassigned: 'open leads sent on',
  assigned: 'assigned',
  released: 'released',
  closed: 'closed',
};

/** An entity kind as a filter's option names it (`rules` → `routing rules`). */
export function entityKindText(kind: string): string {
  return kind === 'rules'
    ? 'routing rules'
    : kind === 'key'
      ? 'API keys'
      : kind === 'table'
        ? 'lookup tables'
        : `${kind}s`;
}

/** Who made the change: the admin key's name, the rep (through their availability link), or a tool. */
export function auditActor(actor: AuditEntry['actor'], nameOf: NameOf): string {
  switch (actor.type) {
    case 'admin':
      return `Admin key “${actor.keyName}”`;
    case 'rep':
      return `${nameOf(actor.repId)}, from their availability link`;
    case 'system':
      return actor.name;
  }
}

/** `Rep Ana Rivera changed (version 3 → 4)`. */
export function auditWhat(entry: AuditEntry, nameOf: NameOf): string {
  const { kind, id, name } = entry.entity;
  const subject = kind === 'rules' ? KIND_NAMES.rules : `${KIND_NAMES[kind] ?? kind} ${name ?? nameOf(id)}`;
  const action = ACTION_WORDS[entry.action] ?? entry.action.replaceAll('_', ' ');
  const before = entry.versionBefore;
  const after = entry.versionAfter;
  const versions =
    before !== undefined && after !== undefined
      ? ` (version ${before} → ${after})`
      : after !== undefined
        ? ` (version ${after})`
        : before !== undefined
          ? ` (was version ${before})`
          : '';
  return `${subject} ${action}${versions}`;
}

/**
 * One changed field: `status: active → paused`, reps, pools and sources by name; a secret
 * only as changed, a large value as too large to show.
 */
export function fieldChangeText(change: FieldChange, nameOf: NameOf): string {
  const value = (v: unknown) => valueText(v, nameOf);
  if (change.secret) return `${change.field}: changed (a secret: never shown)`;
  if (change.large) return `${change.field}: changed (too large to show)`;
  if (change.before === undefined) return `${change.field}: set to ${value(change.after)}`;
  if (change.after === undefined) return `${change.field}: removed (was ${value(change.before)})`;
  return `${change.field}: ${value(change.before)} → ${value(change.after)}`;
}

/** What an action did beyond fields: a lead's owner before and after, a close's reason, the leads sent on. */
export function auditDetails(entry: AuditEntry, nameOf: NameOf): string[] {
  const d = (entry.details ?? {}) as Record<string, unknown>;
  const lines: string[] = [];
  if (typeof d.statusBefore === 'string') lines.push(`It was ${label(d.statusBefore)}.`);
  if (typeof d.repIdBefore === 'string') lines.push(`Its owner was ${nameOf(d.repIdBefore)}.`);
  if (typeof d.repId === 'string') lines.push(`Now it is ${nameOf(d.repId)}’s${d.force ? ', past their caps' : ''}.`);
  if (typeof d.reason === 'string') lines.push(`Reason: ${reasonText(d.reason)}.`);
  if (typeof d.note === 'string') lines.push(`Note: “${d.note}”.`);
  if (Array.isArray(d.leadIds)) lines.push(`${d.leadIds.length} lead(s) sent back through their pools.`);
  if (Array.isArray(d.notInAPool) && d.notInAPool.length > 0)
    lines.push(`${d.notInAPool.length} lead(s) in no pool, left for an admin.`);
  if (d.more === true) lines.push('The rep had more open leads than one call sends on.');
  return lines;
}

const ENTITY_ID = /"((?:rep|pool|src)_[0-9A-Za-z]+)"/g;

function valueText(value: unknown, nameOf: NameOf): string {
  if (value === null) return 'none';
  if (typeof value === 'string') return `“${nameOf(value)}”`;
  return JSON.stringify(value).replace(ENTITY_ID, (_, id: string) => `“${nameOf(id)}”`);
}
