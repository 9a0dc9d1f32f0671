// The schemas of a routing trace, for explain's answer and the OpenAPI document. Apart from
// route-lead.ts so that the assigner, which routes but never answers explain, bundles no zod;
// route-lead.ts and rule-lookups.ts derive their types from these with type-only imports.
import * as z from 'zod/mini';
import { TableRowRefSchema } from '../leads/lead-schemas';
import { CONDITION_OPERATORS } from './route-lead';

/** What a lookup rule found for the trace: the table, version and key, the row or why none. */
export const LookupTraceSchema = z.strictObject({
  table: z.string(),
  version: z.optional(z.number()),
  /** The key that matched, or the keys tried. */
  key: z.optional(z.string()),
  keys: z.optional(z.array(z.string())),
  how: z.optional(z.enum(['exact', 'prefix', 'range'])),
  row: z.optional(TableRowRefSchema),
  found: z.boolean(),
  /** Why nothing matched: `no_row`, `no_value`, `free_mail`, `no_table`, `no_pool` (an owner row with no pool to fall back to). */
  reason: z.optional(z.string()),
});

/** The first condition that kept a rule from matching, with what it wanted and what it found. */
export const ConditionFailureSchema = z.strictObject({
  /** Its position in the rule's `all` or `any` list. */
  condition: z.int(),
  field: z.optional(z.string()),
  op: z.enum(CONDITION_OPERATORS),
  not: z.optional(z.boolean()),
  expected: z.unknown(),
  /** The lead's value (`null` when the lead has none; the local time for `businessHours`). */
  actual: z.unknown(),
});

/** How one rule fared: matched, or the condition that failed (for `any`, the first of them). */
export const RuleTraceSchema = z.strictObject({
  rule: z.string(),
  /** The rule's pool (a lookup rule's: the row's, when one matched). */
  poolId: z.optional(z.string()),
  matched: z.boolean(),
  failed: z.optional(ConditionFailureSchema),
  /** A lookup rule's table, version and key, with the row found or why none. */
  lookup: z.optional(LookupTraceSchema),
});
