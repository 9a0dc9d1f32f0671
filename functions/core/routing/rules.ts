import * as z from 'zod/mini';
import { ClockTimeSchema } from '../shared/time-window-schemas';
import { EQUAL_ENDS, WEEKDAYS, windowEndsDiffer } from '../shared/time-windows';
import { timestamp } from '../shared/timestamp';
import { entityId, requiredText, timeZoneName } from '../shared/validation';
import { TableNameSchema } from '../tables/table';
import { RULE_REGEX_MAX_LENGTH, regexProblem } from './rule-regex';

/** The normalised lead fields a condition can test, plus where the lead came from. */
export const RULE_FIELDS = [
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'company',
  'companySize',
  'employees',
  'country',
  'region',
  'city',
  'postalCode',
  'product',
  'score',
  'message',
  'utm.source',
  'utm.medium',
  'utm.campaign',
  'utm.term',
  'utm.content',
  'sourceId',
  'sourceKind',
] as const;

/** A known field, or `custom.<name>` for a custom field. */
const field = z.string().check(
  z.maxLength(71),
  z.refine((name) => (RULE_FIELDS as readonly string[]).includes(name) || /^custom\..{1,64}$/s.test(name), {
    message: `Use one of ${RULE_FIELDS.join(', ')}, or custom.<name>`,
  }),
);

const text = z.string().check(z.maxLength(200));
const scalar = z.union([text, z.number()]);
const list = <T extends z.ZodMiniType>(item: T) => z.array(item).check(z.minLength(1), z.maxLength(500));
/** Every condition may be negated: `"not": true` matches exactly when the condition would not. */
const not = z.optional(z.boolean());

const regexPattern = z.string().check(z.minLength(1), z.maxLength(RULE_REGEX_MAX_LENGTH));

/** One test on a lead (or on the time it arrived). */
export const ConditionSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal(['eq', 'neq']), field, value: scalar, not }),
  z.strictObject({ op: z.literal('in'), field, value: list(scalar), not }),
  z.strictObject({ op: z.literal(['prefix', 'contains']), field, value: z.union([text, list(text)]), not }),
  z.strictObject({ op: z.literal(['gte', 'lte']), field, value: z.number(), not }),
  z.strictObject({ op: z.literal('exists'), field, not }),
  z
    .strictObject({ op: z.literal('regex'), field, value: regexPattern, ignoreCase: z.optional(z.boolean()), not })
    .check(
      z.superRefine((condition, ctx) => {
        const problem = regexProblem(condition.value, condition.ignoreCase ?? false);
        if (problem)
          ctx.issues.push({
            code: 'custom',
            input: condition.value,
            path: ['value'],
            message: `Refused pattern: ${problem}`,
          });
      }),
    ),
  z
    .strictObject({
      op: z.literal('businessHours'),
      timeZone: timeZoneName,
      days: z.optional(z.array(z.enum(WEEKDAYS)).check(z.minLength(1), z.maxLength(7))),
      from: ClockTimeSchema,
      to: ClockTimeSchema,
      not,
    })
    .check(z.refine(windowEndsDiffer, EQUAL_ENDS)),
]);
export type Condition = z.output<typeof ConditionSchema>;
export type ConditionOperator = Condition['op'];

const conditions = z.array(ConditionSchema).check(z.minLength(1), z.maxLength(20));

/** `all` (every condition holds) or `any` (at least one does). */
const WhenSchema = z.strictObject({ all: z.optional(conditions), any: z.optional(conditions) }).check(
  z.refine((when) => (when.all === undefined) !== (when.any === undefined), {
    message: 'Give exactly one of "all" and "any"',
  }),
);

/** Named accounts match a lead by its email's domain or its company name. */
export const ACCOUNT_MATCHES = ['email_domain', 'company'] as const;

/**
 * A named rule: when its conditions hold, the lead goes to `poolId`. A lookup rule finds
 * the pool in a table instead: `table` + `field` (the row's pool, or its owner), or
 * `accountOwner` (the named account's owner); `when` then narrows it and is optional, and
 * `poolId` is where leads go whose row names an owner but no fallback pool.
 */
export const RuleSchema = z
  .strictObject({
    name: requiredText(100),
    when: z.optional(WhenSchema),
    poolId: z.optional(entityId),
    /**
     * Reserved for sticky owner: a lead whose email or phone matches a lead of the last N days
     * goes to that lead's owner. Stored and returned; matching arrives with the distribution work.
     */
    stickyDays: z.optional(z.number().check(z.int(), z.gte(1), z.lte(365))),
    /** Looks the lead's `field` up in this lookup table; no row: the next rule. */
    table: z.optional(TableNameSchema),
    field: z.optional(field),
    /** Gives the lead to the owner of the named account its email domain or company matches. */
    accountOwner: z.optional(z.strictObject({ table: TableNameSchema, match: z.enum(ACCOUNT_MATCHES) })),
  })
  .check(
    z.superRefine((rule, ctx) => {
      const problem = (path: string, message: string) =>
        ctx.issues.push({ code: 'custom', input: rule, path: [path], message });
      const lookup = rule.table !== undefined || rule.accountOwner !== undefined;
      if (rule.table !== undefined && rule.accountOwner !== undefined)
        problem('accountOwner', 'A rule looks up one table: "table" or "accountOwner"');
      if ((rule.table === undefined) !== (rule.field === undefined))
        problem(rule.table === undefined ? 'table' : 'field', '"table" and "field" go together');
      if (!lookup && rule.when === undefined) problem('when', 'Required, unless the rule looks up a table');
      if (!lookup && rule.poolId === undefined) problem('poolId', 'Required, unless the rule looks up a table');
    }),
  );
export type Rule = z.output<typeof RuleSchema>;

/** Most rules in a rule set: evaluating all of them takes microseconds per lead (see docs/performance.md). */
export const MAX_RULES = 1_000;

/** `PUT /admin/rules` body: the whole ordered rule set, replaced at once. */
export const RuleSetInputSchema = z.strictObject({
  rules: z.array(RuleSchema).check(
    z.maxLength(MAX_RULES),
    z.refine((rules) => new Set(rules.map((r) => r.name)).size === rules.length, {
      message: 'Rule names must be unique',
    }),
  ),
  /** Where a lead goes when no rule matches (and its source pins no pool). */
  defaultPoolId: z.optional(entityId),
});
export type RuleSetInput = z.output<typeof RuleSetInputSchema>;

/** The rule set as stored and returned: one item, versioned; version 0 is "never set". */
export const RuleSetSchema = z.extend(RuleSetInputSchema, { version: z.int(), updatedAt: z.optional(timestamp) });
export type RuleSet = z.output<typeof RuleSetSchema>;

export const EMPTY_RULE_SET: RuleSet = { version: 0, rules: [] };
