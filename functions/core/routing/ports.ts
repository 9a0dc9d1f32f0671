import type { AuditEntry } from '../audit/audit-entry';
import type { RuleSet } from './rules';
/** The routing rule set as the assigner sees it (cached). */
export interface RuleSetReader {
  current(): Promise<RuleSet | undefined>;
}

/** The rule set as admins replace it: one versioned item. */
export interface RuleSetStore {
  /** The routing rule set; undefined until one is saved. */
  getRuleSet(): Promise<RuleSet | undefined>;
  /** Replaces the rule set if the stored one still has `expectedVersion` (0: none stored yet), with its audit entry. */
  saveRuleSet(ruleSet: RuleSet, expectedVersion: number, audit: AuditEntry): Promise<void>;
}
