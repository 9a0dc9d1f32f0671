import { describe, expect, it } from 'vitest';
import { type RoutableLead, routeLead } from '../../functions/core/routing/route-lead';
import { regexProblem } from '../../functions/core/routing/rule-regex';
import { RuleSetInputSchema } from '../../functions/core/routing/rules';
import type { Source } from '../../functions/core/sources/source';
import { aSource } from '../support/memory-stores';

const unpinned: Source = { ...aSource('src_web', 'unused'), poolId: undefined } as Source;

/** Patterns a backtracking engine takes minutes on with a long value that almost matches. */
const CATASTROPHIC = [
  '\\d+[0x]\\d+[0x]\\d+$',
  '\\s*[ ,]\\s*[ ,]\\s*x',
  '\\w+[\\w@]\\w+[\\w@]\\w+@',
  '\\+?\\d+[\\d\\s-]\\d+[\\d\\s-]\\d+$',
  '(a+)+$',
  '^(\\w+\\s?)*$',
  '(a|ab)*c',
];

/** Values that almost match them, as long as a custom field may be. */
const ALMOST = [`${'0'.repeat(999)}!`, `${' '.repeat(999)}!`, `${'a'.repeat(999)}!`, `${'1 '.repeat(499)}!!`];

function routeWith(pattern: string, value: string): string | undefined {
  const ruleSet = RuleSetInputSchema.parse({
    rules: [{ name: 'r', poolId: 'pool_r', when: { all: [{ field: 'custom.ref', op: 'regex', value: pattern }] } }],
  });
  const lead: RoutableLead = { sourceId: 'src_web', fields: { email: 'a@example.com' }, custom: { ref: value } };
  return routeLead(lead, { source: unpinned, ruleSet: { ...ruleSet, version: 1 }, now: new Date() }).poolId;
}

describe('regex rules on RE2', () => {
  it('accept the patterns that froze a backtracking engine, and test them on long values in linear time', () => {
    const started = performance.now();
    for (const pattern of CATASTROPHIC) {
      expect(regexProblem(pattern)).toBeUndefined();
      for (const value of ALMOST) routeWith(pattern, value);
    }
    // Once measured at 49–88 s for one test of one of these on 1,000 characters.
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('still match what the patterns describe', () => {
    expect(routeWith('\\d+[0x]\\d+[0x]\\d+$', '12x34x56')).toBe('pool_r');
    expect(routeWith('\\d+[0x]\\d+[0x]\\d+$', `${'0'.repeat(999)}!`)).toBeUndefined();
    expect(routeWith('(a+)+$', `${'a'.repeat(5000)}`)).toBe('pool_r');
    expect(routeWith('^(?<area>\\d{3})-\\d{4}$', '555-1234')).toBe('pool_r');
    expect(routeWith('[\\p{L}]+', 'Zoë')).toBe('pool_r');
  });

  it('apply ignoreCase', () => {
    const ruleSet = (ignoreCase: boolean) => ({
      version: 1,
      rules: [
        {
          name: 'r',
          poolId: 'pool_r',
          when: { all: [{ field: 'email' as const, op: 'regex' as const, value: '@ACME\\.com$', ignoreCase }] },
        },
      ],
    });
    const lead: RoutableLead = { sourceId: 'src_web', fields: { email: 'ann@acme.com' }, custom: {} };
    expect(routeLead(lead, { source: unpinned, ruleSet: ruleSet(false), now: new Date() }).poolId).toBeUndefined();
    expect(routeLead(lead, { source: unpinned, ruleSet: ruleSet(true), now: new Date() }).poolId).toBe('pool_r');
  });

  it.each([
    ['(?=a)b', 'look-arounds'],
    ['(?<!a)b', 'look-arounds'],
    ['(x)\\1', 'back-references'],
    ['(?<n>x)\\k<n>', 'back-references'],
    ['[unclosed', 'missing closing ]'],
    ['a{1001}', 'invalid repeat count'],
    ['(?s).{600}', 'too large once compiled'],
    ['x'.repeat(201), 'at most 200 characters'],
  ])('refuse %s (%s)', (pattern, reason) => {
    expect(regexProblem(pattern)).toContain(reason);
  });

  it('refuse a bad pattern when the rules are saved, at the condition’s path', () => {
    const parsed = RuleSetInputSchema.safeParse({
      rules: [{ name: 'r', poolId: 'pool_r', when: { any: [{ field: 'email', op: 'regex', value: '(x)\\1' }] } }],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['rules.0.when.any.0.value']);
    expect(parsed.error?.issues[0]?.message).toContain('not a valid RE2 regular expression');
  });
});
