import type { RuleSetReader } from '../../core/routing/ports';
import type { RuleSet } from '../../core/routing/rules';
import type { Clock } from '../../core/shared/ports';

/**
 * Remembers the rule set for `ttlMs`, so a warm assigner reads it once per period rather
 * than once per lead. A change to the rules is seen within `ttlMs`. Concurrent callers
 * share one read.
 */
export class CachedRuleSetReader implements RuleSetReader {
  private cached: { ruleSet: Promise<RuleSet | undefined>; until: number } | undefined;

  constructor(
    private readonly inner: RuleSetReader,
    private readonly clock: Clock,
    private readonly ttlMs = 30_000,
  ) {}

  current(): Promise<RuleSet | undefined> {
    const now = this.clock.now().getTime();
    if (this.cached && this.cached.until > now) return this.cached.ruleSet;
    const ruleSet = this.inner.current();
    this.cached = { ruleSet, until: now + this.ttlMs };
    // A failed read is not remembered: the next lead tries again.
    ruleSet.catch(() => {
      if (this.cached?.ruleSet === ruleSet) this.cached = undefined;
    });
    return ruleSet;
  }
}
