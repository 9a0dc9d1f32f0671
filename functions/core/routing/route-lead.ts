import type * as z from 'zod/mini';
import type { LeadMessage } from '../leads/lead';
import { inWindow, localTime, WORK_WEEK } from '../shared/time-windows';
import type { Source } from '../sources/source';
import type { TableMatch } from '../tables/table-lookup';
import type { ConditionFailureSchema, RuleTraceSchema } from './route-schemas';
import { isLookupRule, lookupOutcome, type RuleLookups } from './rule-lookups';
import { regexMatches } from './rule-regex';
import type { Condition, ConditionOperator, Rule, RuleSet } from './rules';

// A record, so an operator added to `ConditionSchema` and not here is a type error. Not
// taken from rules.ts at run time: the assigner would then bundle every rule schema.
export const CONDITION_OPERATORS: { [Op in ConditionOperator]: Op } = {
  eq: 'eq',
  neq: 'neq',
  in: 'in',
  prefix: 'prefix',
  contains: 'contains',
  gte: 'gte',
  lte: 'lte',
  exists: 'exists',
  regex: 'regex',
  businessHours: 'businessHours',
};

export type ConditionFailure = z.output<typeof ConditionFailureSchema>;
export type RuleTrace = z.output<typeof RuleTraceSchema>;

/** How a pool was chosen: the source pins it, a rule matched, or the rule set's default. */
export const ROUTE_VIAS = ['source', 'rule', 'default'] as const;
export type RouteVia = (typeof ROUTE_VIAS)[number];
export type UnroutedReason = 'source_not_found' | 'test_lead' | 'no_matching_rule';

/** Where a lead goes and why. Either `poolId` (with `via`) or `reason` is set. */
export interface RouteResult {
  poolId?: string;
  via?: RouteVia;
  /** The name of the rule that matched. */
  rule?: string;
  /** The matched rule's sticky-owner window, in days. */
  stickyDays?: number;
  /** The lookup table row that chose the pool: table, version, key and row. */
  table?: TableMatch;
  /** A named account's (or territory's) owner: they get the lead when eligible, else `poolId` decides. */
  owner?: string;
  reason?: UnroutedReason;
  /** Every rule tried, in order, up to and including the one that matched. */
  trace: RuleTrace[];
}

export type RoutableLead = Pick<LeadMessage, 'sourceId' | 'fields' | 'custom'> & { test?: boolean };

export interface RouteContext {
  source: Source | undefined;
  ruleSet: RuleSet | undefined;
  now: Date;
  /** The lookup rules' table rows for this lead (`prefetchRuleLookups`); without them lookup rules never match. */
  lookups?: RuleLookups;
}

/**
 * Routes a lead to a pool. In order: a lead whose source is gone is not routed; a test lead
 * (Google's "Send test data") is not routed unless its source says so; a source that pins a
 * pool sends every lead there; otherwise the first rule whose conditions hold wins; then
 * the rule set's `defaultPoolId`. Pure: the caller supplies the source, rules and clock.
 */
export function routeLead(lead: RoutableLead, context: RouteContext): RouteResult {
  const { source, ruleSet, now } = context;
  if (!source) return { reason: 'source_not_found', trace: [] };
  if (lead.test && !(source.kind === 'google_ads' && source.routeTestLeads)) return { reason: 'test_lead', trace: [] };
  if (source.poolId) return { poolId: source.poolId, via: 'source', trace: [] };
  const lookups = { ...(context.lookups ? { results: context.lookups } : {}), defaultPoolId: ruleSet?.defaultPoolId };
  const { rule, trace, found } = evaluateRules(ruleSet?.rules ?? [], lead, source, now, lookups);
  if (rule)
    return {
      poolId: found?.poolId ?? rule.poolId!,
      via: 'rule',
      rule: rule.name,
      ...(rule.stickyDays ? { stickyDays: rule.stickyDays } : {}),
      ...(found ? { table: found.match } : {}),
      ...(found?.owner ? { owner: found.owner } : {}),
      trace,
    };
  if (ruleSet?.defaultPoolId) return { poolId: ruleSet.defaultPoolId, via: 'default', trace };
  return { reason: 'no_matching_rule', trace };
}

/**
 * Tries the rules in order; the first that matches wins, and the trace stops there. A
 * lookup rule matches when its conditions (if any) hold and its table has a row for the lead.
 */
export function evaluateRules(
  rules: readonly Rule[],
  lead: RoutableLead,
  source: Source | undefined,
  now: Date,
  lookups: { results?: RuleLookups; defaultPoolId?: string | undefined } = {},
): { rule?: Rule; trace: RuleTrace[]; found?: { poolId: string; match: TableMatch; owner?: string } } {
  const trace: RuleTrace[] = [];
  for (const rule of rules) {
    const failed = rule.when ? firstFailure(rule, lead, source, now) : undefined;
    const pool = rule.poolId ? { poolId: rule.poolId } : {};
    if (failed || !isLookupRule(rule)) {
      trace.push({ rule: rule.name, ...pool, matched: !failed, ...(failed ? { failed } : {}) });
      if (!failed) return { rule, trace };
      continue;
    }
    const outcome = lookupOutcome(rule, lookups.results?.get(rule), lookups.defaultPoolId);
    if (!outcome.matched) {
      trace.push({ rule: rule.name, ...pool, matched: false, lookup: outcome.trace });
      continue;
    }
    trace.push({ rule: rule.name, poolId: outcome.poolId, matched: true, lookup: outcome.trace });
    return { rule, trace, found: outcome };
  }
  return { trace };
}

function firstFailure(
  rule: Rule,
  lead: RoutableLead,
  source: Source | undefined,
  now: Date,
): ConditionFailure | undefined {
  if (rule.when?.all) {
    for (const [i, condition] of rule.when.all.entries()) {
      const failure = test(condition, i, lead, source, now);
      if (failure) return failure;
    }
    return undefined;
  }
  let first: ConditionFailure | undefined;
  for (const [i, condition] of (rule.when?.any ?? []).entries()) {
    const failure = test(condition, i, lead, source, now);
    if (!failure) return undefined;
    first ??= failure;
  }
  return first;
}

/** Undefined when the condition holds, else why not. */
function test(
  condition: Condition,
  index: number,
  lead: RoutableLead,
  source: Source | undefined,
  now: Date,
): ConditionFailure | undefined {
  let holds: boolean;
  let actual: unknown;
  if (condition.op === 'businessHours') {
    const at = localTime(now, condition.timeZone);
    holds = inWindow({ days: condition.days ?? WORK_WEEK, from: condition.from, to: condition.to }, at);
    const [hours, minutes] = [Math.floor(at.minutes / 60), at.minutes % 60];
    actual = `${at.day} ${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
  } else {
    const value = readField(lead, source, condition.field);
    actual = value === undefined ? null : shown(value);
    // A lead without the field fails every test but `exists` (and so passes its `not`).
    holds = value !== undefined && value !== '' && compare(condition, value);
  }
  if (holds !== (condition.not === true)) return undefined;
  const { op, not } = condition;
  return {
    condition: index,
    ...('field' in condition ? { field: condition.field } : {}),
    op,
    ...(not ? { not } : {}),
    expected: expectedOf(condition),
    actual,
  };
}

function expectedOf(condition: Condition): unknown {
  switch (condition.op) {
    case 'exists':
      return true;
    case 'businessHours':
      return {
        timeZone: condition.timeZone,
        days: condition.days ?? WORK_WEEK,
        from: condition.from,
        to: condition.to,
      };
    default:
      return condition.value;
  }
}

function compare(condition: Exclude<Condition, { op: 'businessHours' }>, value: string | number): boolean {
  switch (condition.op) {
    case 'eq':
      return equals(value, condition.value);
    case 'neq':
      return !equals(value, condition.value);
    case 'in':
      return condition.value.some((expected) => equals(value, expected));
    case 'prefix':
      return listOf(condition.value).some((prefix) => folded(value).startsWith(folded(prefix)));
    case 'contains':
      return listOf(condition.value).some((part) => folded(value).includes(folded(part)));
    case 'gte': {
      const n = numberOf(value);
      return n !== undefined && n >= condition.value;
    }
    case 'lte': {
      const n = numberOf(value);
      return n !== undefined && n <= condition.value;
    }
    case 'regex':
      return regexMatches(condition.value, condition.ignoreCase ?? false, String(value));
    case 'exists':
      return true;
  }
}

/** Text compares trimmed and case-insensitively; a number compares as a number. */
function equals(actual: string | number, expected: string | number): boolean {
  if (typeof expected === 'number') return numberOf(actual) === expected;
  return folded(actual) === folded(expected);
}

function folded(value: string | number): string {
  return String(value).trim().toLowerCase();
}

function numberOf(value: string | number): number | undefined {
  if (typeof value === 'number') return value;
  if (value.trim() === '') return undefined;
  const n = Number(value.replace(/,/g, ''));
  return Number.isFinite(n) ? n : undefined;
}

function listOf<T>(value: T | readonly T[]): readonly T[] {
  return Array.isArray(value) ? value : [value as T];
}

function shown(value: string | number): string | number {
  return typeof value === 'string' && value.length > 200 ? `${value.slice(0, 200)}…` : value;
}

/** A lead's value for a rule field: normalised fields, `utm.*`, `custom.*`, `sourceId`, `sourceKind`. */
export function readField(lead: RoutableLead, source: Source | undefined, field: string): string | number | undefined {
  if (field === 'sourceId') return lead.sourceId;
  if (field === 'sourceKind') return source?.kind;
  if (field.startsWith('custom.')) {
    const name = field.slice(7);
    if (Object.hasOwn(lead.custom, name)) return lead.custom[name];
    const lower = name.toLowerCase();
    const key = Object.keys(lead.custom).find((k) => k.toLowerCase() === lower);
    return key === undefined ? undefined : lead.custom[key];
  }
  if (field.startsWith('utm.'))
    return lead.fields.utm?.[field.slice(4) as keyof NonNullable<LeadMessage['fields']['utm']>];
  const value = (lead.fields as Record<string, unknown>)[field];
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}
