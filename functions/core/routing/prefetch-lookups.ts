import type { Source } from '../sources/source';
import type { TableReader } from '../tables/ports';
import { type LookupRequest, lookupRows } from '../tables/table-lookup';
import { type RoutableLead, readField } from './route-lead';
import { isLookupRule, type RuleLookups } from './rule-lookups';
import type { Rule, RuleSet } from './rules';

/** The lookup a rule makes for a lead: its `field` in its table, or the account's email or company. */
function lookupRequestOf(rule: Rule, lead: RoutableLead, source: Source | undefined): LookupRequest {
  if (rule.table) return { table: rule.table, value: readField(lead, source, rule.field!) };
  const { table, match } = rule.accountOwner!;
  return { table, value: match === 'email_domain' ? lead.fields.email : lead.fields.company };
}

/**
 * Rule evaluation is synchronous, so a lead's table rows are fetched first: every lookup
 * rule's, together (one batch read on a cold cache, none on a warm one). Undefined when no
 * rule looks anything up, or the rules will not be consulted (a pinned or missing source).
 */
export async function prefetchRuleLookups(
  reader: TableReader,
  ruleSet: RuleSet | undefined,
  lead: RoutableLead,
  source: Source | undefined,
): Promise<RuleLookups | undefined> {
  const rules = (ruleSet?.rules ?? []).filter(isLookupRule);
  if (rules.length === 0 || !source || source.poolId) return undefined;
  const results = await lookupRows(
    reader,
    rules.map((rule) => lookupRequestOf(rule, lead, source)),
  );
  return new Map(rules.map((rule, i) => [rule, results[i]!]));
}
