import { describe, expect, it } from 'vitest';
import { RULE_REGEX_INPUT_LIMIT, regexProblem } from '../../functions/core/routing/safe-regex';

describe('regexProblem', () => {
  it.each([
    ['^[a-z]+@[a-z]+\\.[a-z]+$'],
    ['\\s*,\\s*'],
    ['^\\+?\\d{7,15}$'],
    ['^(us|usa|united states)$'],
    ['^(a|b)+$'],
    ['(\\d{3}-)+\\d{4}'],
    ['@(acme|example)\\.com$'],
    ['^[A-Z]{2}\\d{2}'],
    ['^EC[0-9][A-Z]? '],
    ['foo.*bar'],
    ['^(?<area>\\d{3})-\\d{4}$'],
    ['[\\p{L}]+'],
  ])('accepts %s', (pattern) => {
    expect(regexProblem(pattern)).toBeUndefined();
  });

  it.each([
    ['(a+)+$', 'nested repetition'],
    ['^(\\w+\\s?)*$', 'nested repetition'],
    ['(a|ab)*c', 'repeated alternation'],
    ['(ab|b)+c', 'nested repetition'],
    ['(\\w|\\d)+$', 'repeated alternation'],
    ['(a|a)+$', 'repeated alternation'],
    ['\\d+\\d+$', 'two variable-length parts'],
    ['^a?a?a?a?a?aaaaa$', 'two variable-length parts'],
    ['.*x.*y', 'two variable-length parts'],
    ['^(a|ab)(c|bcd)(d*)$', 'two variable-length parts'],
    ['(x)\\1', 'back-references'],
    ['(?<n>x)\\k<n>', 'back-references'],
    ['(?=a)b', 'look-ahead'],
    ['(?<!a)b', 'look-ahead'],
    [`${'(a|a)b'.repeat(10)}c`, 'too many overlapping alternatives'],
    ['[unclosed', 'not a valid regular expression'],
    ['x'.repeat(201), 'at most 200 characters'],
  ])('refuses %s (%s)', (pattern, reason) => {
    expect(regexProblem(pattern)).toContain(reason);
  });

  it('applies the i flag when comparing what parts can match', () => {
    expect(regexProblem('[a-z]+[A-Z]+$')).toBeUndefined();
    expect(regexProblem('[a-z]+[A-Z]+$', true)).toContain('two variable-length parts');
  });

  it('accepts only patterns that stay fast on long inputs that almost match', () => {
    const accepted = [
      '^[a-z]+@[a-z]+\\.[a-z]+$',
      '\\s*,\\s*x',
      'foo.*bar',
      '^(a|b)+$',
      '(\\d{3}-)+\\d{4}$',
      '^\\d+-\\d+$',
    ];
    const inputs = [
      'a'.repeat(RULE_REGEX_INPUT_LIMIT),
      `${'ab'.repeat(RULE_REGEX_INPUT_LIMIT / 2 - 1)}!`,
      ' ,'.repeat(RULE_REGEX_INPUT_LIMIT / 2),
      `${'1'.repeat(RULE_REGEX_INPUT_LIMIT - 1)}x`,
      'foo'.repeat(333),
    ];
    const started = performance.now();
    for (const pattern of accepted) {
      expect(regexProblem(pattern)).toBeUndefined();
      for (const input of inputs) new RegExp(pattern, 'u').test(input);
    }
    // A catastrophic pattern on these inputs takes minutes; these take milliseconds.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
