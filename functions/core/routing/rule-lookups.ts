import type * as z from 'zod/mini';
import type { LookupResult, TableMatch } from '../tables/table-lookup';
import type { LookupTraceSchema } from './route-schemas';
import type { Rule } from './rules';

/** The lookups made for one lead, by rule: fetched before the (synchronous) rule evaluation. */
export type RuleLookups = ReadonlyMap<Rule, LookupResult>;

/** Whether a rule finds its pool in a table. */
export function isLookupRule(rule: Rule): boolean {
  return rule.table !== undefined || rule.accountOwner !== undefined;
}

export type LookupTrace = z.output<typeof LookupTraceSchema>;

/** A lookup rule's verdict: the pool (and the account owner, for rep rows), or why it does not match. */
export type LookupOutcome =
  | { matched: true; poolId: string; match: TableMatch; owner?: string; trace: LookupTrace }
  | { matched: false; trace: LookupTrace };

/**
 * What a lookup rule does with its lookup: a pool row sends the lead to its pool; an owner
 * row gives it to the owner, starting in the row's fallback pool (else the rule's `poolId`,
 * else the default pool), which takes the lead when the owner cannot. No row: no match.
 */
export function lookupOutcome(rule: Rule, result: LookupResult | undefined, defaultPoolId?: string): LookupOutcome {
  const table = rule.table ?? rule.accountOwner?.table ?? '';
  if (!result) return { matched: false, trace: { table, found: false, reason: 'no_table' } };
  switch (result.status) {
    case 'no_table':
    case 'no_version':
      return { matched: false, trace: { table, found: false, reason: 'no_table' } };
    case 'skipped':
      return { matched: false, trace: { table, version: result.version, found: false, reason: result.reason } };
    case 'no_row':
      return {
        matched: false,
        trace: { table, version: result.version, keys: result.keys, found: false, reason: 'no_row' },
      };
    case 'matched': {
      const { match } = result;
      const trace: LookupTrace = {
        table,
        version: match.version,
        key: match.key,
        how: match.how,
        row: match.row,
        found: true,
      };
      if (match.row.poolId) return { matched: true, poolId: match.row.poolId, match, trace };
      const poolId = match.row.fallbackPoolId ?? rule.poolId ?? defaultPoolId;
      if (!poolId) return { matched: false, trace: { ...trace, found: false, reason: 'no_pool' } };
      return { matched: true, poolId, match, owner: match.row.repId!, trace };
    }
  }
}
