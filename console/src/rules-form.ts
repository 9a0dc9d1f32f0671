// The rule set as the form holds it (text per input), and the `PUT /admin/rules` body it
// makes. Paths match the API's, so its errors land beside the right input.
import type { Condition, RuleSet } from './types';

export interface ConditionDraft {
  op: string;
  field: string;
  /** Lists are typed comma-separated. */
  value: string;
  not: boolean;
  ignoreCase: boolean;
  timeZone: string;
  days: string[];
  from: string;
  to: string;
}

export interface RuleDraft {
  name: string;
  match: 'all' | 'any';
  conditions: ConditionDraft[];
  poolId: string;
  stickyDays: string;
  /** A lookup rule's table settings (`table`, `field`, `accountOwner`), kept as read: this form does not edit them. */
  lookup?: Record<string, unknown>;
}

export interface RuleSetDraft {
  rules: RuleDraft[];
  defaultPoolId: string;
}

const NUMERIC_FIELDS = new Set(['score', 'employees']);

/** A new condition: `country equals …`. */
export function blankCondition(): ConditionDraft {
  return {
    op: 'eq',
    field: 'country',
    value: '',
    not: false,
    ignoreCase: false,
    timeZone: 'UTC',
    days: [],
    from: '09:00',
    to: '17:00',
  };
}

/** A new rule with one condition. */
export function blankRule(poolId: string, n: number): RuleDraft {
  return { name: `Rule ${n}`, match: 'all', conditions: [blankCondition()], poolId, stickyDays: '' };
}

function conditionDraft(c: Condition): ConditionDraft {
  const draft = { ...blankCondition(), op: c.op, not: c.not ?? false };
  if (c.op === 'businessHours')
    return { ...draft, field: '', timeZone: c.timeZone, days: c.days ?? [], from: c.from, to: c.to };
  draft.field = c.field;
  if (c.op === 'regex') return { ...draft, value: c.value, ignoreCase: c.ignoreCase ?? false };
  if (c.op === 'exists') return draft;
  return { ...draft, value: Array.isArray(c.value) ? c.value.join(', ') : String(c.value) };
}

/** The form's values for a stored rule set. */
export function ruleSetDraft(set: RuleSet): RuleSetDraft {
  return {
    rules: set.rules.map((rule) => {
      const match = rule.when?.any ? 'any' : 'all';
      const { table, field, accountOwner } = rule as { table?: unknown; field?: unknown; accountOwner?: unknown };
      const lookup = Object.fromEntries(
        Object.entries({ table, field, accountOwner }).filter(([, value]) => value !== undefined),
      );
      return {
        name: rule.name,
        match,
        conditions: (rule.when?.[match] ?? []).map(conditionDraft),
        poolId: rule.poolId ?? '',
        stickyDays: rule.stickyDays === undefined ? '' : String(rule.stickyDays),
        ...(Object.keys(lookup).length ? { lookup } : {}),
      };
    }),
    defaultPoolId: set.defaultPoolId ?? '',
  };
}

function scalar(text: string, numeric: boolean): string | number {
  const trimmed = text.trim();
  return numeric && trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

const items = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** One condition as the API reads it; text that is no number stays text, for the API to name. */
export function conditionBody(c: ConditionDraft): Record<string, unknown> {
  const not = c.not ? { not: true } : {};
  const numeric = NUMERIC_FIELDS.has(c.field.trim());
  switch (c.op) {
    case 'businessHours':
      return {
        op: c.op,
        timeZone: c.timeZone.trim(),
        ...(c.days.length ? { days: c.days } : {}),
        from: c.from,
        to: c.to,
        ...not,
      };
    case 'exists':
      return { op: c.op, field: c.field.trim(), ...not };
    case 'in':
      return { op: c.op, field: c.field.trim(), value: items(c.value).map((v) => scalar(v, numeric)), ...not };
    case 'prefix':
    case 'contains': {
      const list = items(c.value);
      return { op: c.op, field: c.field.trim(), value: list.length === 1 ? list[0] : list, ...not };
    }
    case 'gte':
    case 'lte':
      return { op: c.op, field: c.field.trim(), value: scalar(c.value, true), ...not };
    case 'regex':
      return { op: c.op, field: c.field.trim(), value: c.value, ...(c.ignoreCase ? { ignoreCase: true } : {}), ...not };
    default:
      return { op: c.op, field: c.field.trim(), value: scalar(c.value, numeric), ...not };
  }
}

/** The `PUT /admin/rules` body. */
export function ruleSetBody(draft: RuleSetDraft): Record<string, unknown> {
  return {
    rules: draft.rules.map((rule) => ({
      name: rule.name.trim(),
      ...(rule.conditions.length || !rule.lookup ? { when: { [rule.match]: rule.conditions.map(conditionBody) } } : {}),
      ...(rule.poolId ? { poolId: rule.poolId } : {}),
      ...(rule.stickyDays.trim() ? { stickyDays: scalar(rule.stickyDays, true) } : {}),
      ...rule.lookup,
    })),
    ...(draft.defaultPoolId ? { defaultPoolId: draft.defaultPoolId } : {}),
  };
}
