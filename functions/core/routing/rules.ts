import * as z from 'zod/mini';
import { ClockTimeSchema, EQUAL_ENDS, WEEKDAYS, windowEndsDiffer } from '../shared/time-windows';
import { entityId, requiredText, timeZoneName } from '../shared/validation';
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

/** A named rule: when its conditions hold, the lead goes to `poolId`. */
export const RuleSchema = z.strictObject({
  name: requiredText(100),
  /** `all` (every condition holds) or `any` (at least one does). */
  when: z.strictObject({ all: z.optional(conditions), any: z.optional(conditions) }).check(
    z.refine((when) => (when.all === undefined) !== (when.any === undefined), {
      message: 'Give exactly one of "all" and "any"',
    }),
  ),
  poolId: entityId,
  /**
   * Reserved for sticky owner: a lead whose email or phone matches a lead of the last N days
   * goes to that lead's owner. Stored and returned; matching arrives with the distribution work.
   */
  stickyDays: z.optional(z.number().check(z.int(), z.gte(1), z.lte(365))),
});
export type Rule = z.output<typeof RuleSchema>;

/** `PUT /admin/rules` body: the whole ordered rule set, replaced at once. */
export const RuleSetInputSchema = z.strictObject({
  rules: z.array(RuleSchema).check(
    z.maxLength(100),
    z.refine((rules) => new Set(rules.map((r) => r.name)).size === rules.length, {
      message: 'Rule names must be unique',
    }),
  ),
  /** Where a lead goes when no rule matches (and its source pins no pool). */
  defaultPoolId: z.optional(entityId),
});
export type RuleSetInput = z.output<typeof RuleSetInputSchema>;

/** The rule set as stored: one item, versioned; version 0 is "never set". */
export interface RuleSet extends RuleSetInput {
  version: number;
  updatedAt?: string;
}

export const EMPTY_RULE_SET: RuleSet = { version: 0, rules: [] };
