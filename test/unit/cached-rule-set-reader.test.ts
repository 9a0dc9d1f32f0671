import { describe, expect, it } from 'vitest';
import { CachedRuleSetReader } from '../../functions/adapters/caching/cached-rule-set-reader';
import type { RuleSet } from '../../functions/core/routing/rules';
import { fixedClock } from '../support/builders';

function countingReader(results: (RuleSet | Error)[]) {
  let reads = 0;
  return {
    reader: {
      current: async () => {
        const next = results[Math.min(reads++, results.length - 1)]!;
        if (next instanceof Error) throw next;
        return next;
      },
    },
    reads: () => reads,
  };
}

describe('CachedRuleSetReader', () => {
  it('reads the rule set once per TTL, concurrent callers sharing one read', async () => {
    const clock = fixedClock();
    const { reader, reads } = countingReader([
      { version: 1, rules: [] },
      { version: 2, rules: [] },
    ]);
    const cached = new CachedRuleSetReader(reader, clock, 30_000);
    const [a, b] = await Promise.all([cached.current(), cached.current()]);
    expect([a?.version, b?.version, reads()]).toEqual([1, 1, 1]);
    clock.advance(30_001);
    expect((await cached.current())?.version).toBe(2);
  });

  it('does not remember a failed read', async () => {
    const { reader, reads } = countingReader([new Error('throttled'), { version: 3, rules: [] }]);
    const cached = new CachedRuleSetReader(reader, fixedClock(), 30_000);
    await expect(cached.current()).rejects.toThrow('throttled');
    expect((await cached.current())?.version).toBe(3);
    expect(reads()).toBe(2);
  });
});
