import { RE2JS } from 're2js';

// Regex rules run on RE2 semantics (re2js, a JavaScript port of Google's RE2), not on the
// JavaScript engine: RE2 never backtracks, so a test takes time linear in the value whatever
// the pattern, and no pattern can stall the assigner. RE2 has no back-references and no
// look-arounds; a pattern that uses them is refused when the rules are saved, with RE2's word.

/** Longest pattern a rule may use. */
export const RULE_REGEX_MAX_LENGTH = 200;

/**
 * Largest compiled pattern: matching costs up to this many steps per character, and a
 * bounded repeat such as `.{1000}` compiles to a thousand of them.
 */
const RULE_REGEX_MAX_PROGRAM = 500;

/** Why `pattern` is refused for a routing rule, or undefined when it is accepted. */
export function regexProblem(pattern: string, ignoreCase = false): string | undefined {
  if (pattern.length > RULE_REGEX_MAX_LENGTH) return `at most ${RULE_REGEX_MAX_LENGTH} characters`;
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    const reason = (error as Error).message.replace(/^error parsing regexp: /, '');
    return `not a valid RE2 regular expression: ${hintFor(pattern) ?? reason}`;
  }
  if (programSize(regex) > RULE_REGEX_MAX_PROGRAM) return 'too large once compiled; use smaller repeat counts';
  return undefined;
}

/** Whether the pattern matches anywhere in `value`, in time linear in the value. */
export function regexMatches(pattern: string, ignoreCase: boolean, value: string): boolean {
  return compiled(pattern, ignoreCase).test(value);
}

/** RE2's own words for what it lacks are cryptic (`invalid named capture` for a look-behind). */
function hintFor(pattern: string): string | undefined {
  if (/\(\?<?[=!]/.test(pattern)) return 'look-arounds ((?=, (?!, (?<=, (?<!) are not supported';
  if (/\\(?:[1-9]|k<)/.test(pattern)) return 'back-references (\\1, \\k<name>) are not supported';
  return undefined;
}

function programSize(regex: RE2JS): number {
  return (regex.re2().prog as { numInst(): number }).numInst();
}

const patterns = new Map<string, RE2JS>();

/** Patterns compile once per process (they were checked when the rules were saved). */
function compiled(pattern: string, ignoreCase: boolean): RE2JS {
  const key = `${ignoreCase ? 'i' : '-'}${pattern}`;
  let regex = patterns.get(key);
  if (!regex) {
    if (patterns.size >= 1_000) patterns.clear();
    regex = RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
    patterns.set(key, regex);
  }
  return regex;
}
