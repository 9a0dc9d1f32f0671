// A conservative static check that a regular expression cannot backtrack catastrophically.
//
// JavaScript's engine backtracks: some patterns take exponential (or high polynomial) time
// on inputs that almost match, and a routing rule must never stall the assigner. Rather than
// trusting the pattern, we parse it and refuse every construct that makes backtracking blow
// up, even where a particular use would have been harmless:
//
//   1. back-references and look-arounds (not needed for routing, and hard to bound);
//   2. nested repetition: a repeated part whose body can itself match different lengths,
//      e.g. `(a+)+`, `(\w+\s?)*`, `(a|ab)*`;
//   3. repeated alternation whose branches can start with the same character, e.g. `(\w|\d)+`;
//   4. two variable-length parts that can match the same text, unless a required part that
//      the first cannot match sits between them: `\d+\d+`, `a?b?a?` and `.*x.*` are refused,
//      `[a-z]+@[a-z]+` and `\s*,\s*` are fine;
//   5. more than 1,000 ways through ambiguous alternations (`(us|usa)` is fine; twenty of
//      them in a row are not).
//
// What is left runs in time at most quadratic in the input, and rules match against values
// cut to RULE_REGEX_INPUT_LIMIT characters. Some safe patterns are refused; the message says
// why, and the other operators (`prefix`, `contains`, `in`) usually say it more simply.

/** Longest pattern a rule may use. */
export const RULE_REGEX_MAX_LENGTH = 200;
/** Values are cut to this many characters before a regex sees them. */
export const RULE_REGEX_INPUT_LIMIT = 1_000;

type Range = readonly [number, number];
type CharSet = readonly Range[];

const MAX_CODE_POINT = 0x10ffff;
const ALL: CharSet = [[0, MAX_CODE_POINT]];
const EMPTY: CharSet = [];

type Node =
  | { type: 'chars'; set: CharSet }
  | { type: 'assert' }
  | { type: 'seq'; items: Node[] }
  | { type: 'alt'; branches: Node[] }
  | { type: 'repeat'; body: Node; min: number; max: number };

class Unsafe extends Error {}

/** Why `pattern` is refused for a routing rule, or undefined when it is accepted. */
export function regexProblem(pattern: string, ignoreCase = false): string | undefined {
  if (pattern.length > RULE_REGEX_MAX_LENGTH) return `at most ${RULE_REGEX_MAX_LENGTH} characters`;
  try {
    new RegExp(pattern, ignoreCase ? 'iu' : 'u');
  } catch (error) {
    return `not a valid regular expression: ${(error as Error).message}`;
  }
  try {
    const tree = new Parser(pattern, ignoreCase).parse();
    check(tree);
    if (ambiguity(tree) > 1_000) throw new Unsafe('too many overlapping alternatives; simplify the alternations');
    return undefined;
  } catch (error) {
    if (error instanceof Unsafe) return error.message;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------
// Character sets as sorted, disjoint code point ranges.

function normalise(ranges: Range[]): CharSet {
  const sorted = ranges.filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function union(...sets: CharSet[]): CharSet {
  return normalise(sets.flatMap((s) => s.map(([lo, hi]): Range => [lo, hi])));
}

function complement(set: CharSet): CharSet {
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

function intersects(a: CharSet, b: CharSet): boolean {
  return a.some(([lo, hi]) => b.some(([lo2, hi2]) => lo <= hi2 && lo2 <= hi));
}

function isSubset(a: CharSet, b: CharSet): boolean {
  return a.every(([lo, hi]) => b.some(([lo2, hi2]) => lo2 <= lo && hi <= hi2));
}

/** Adds the other ASCII case of every letter in the set (what the `i` flag does, near enough). */
function foldCase(set: CharSet): CharSet {
  const extra: Range[] = [];
  for (const [lo, hi] of set) {
    for (const [from, to, shift] of [
      [65, 90, 32],
      [97, 122, -32],
    ] as const) {
      const a = Math.max(lo, from);
      const b = Math.min(hi, to);
      if (a <= b) extra.push([a + shift, b + shift]);
    }
  }
  return union(set, extra);
}

const char = (c: number): CharSet => [[c, c]];
const DIGITS: CharSet = [[48, 57]];
const WORD: CharSet = normalise([
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
]);
const SPACE: CharSet = normalise(
  [9, 10, 11, 12, 13, 32, 160, 5760, 8232, 8233, 8239, 8287, 12288, 65279]
    .map((c): Range => [c, c])
    .concat([[8192, 8202]]),
);

// ---------------------------------------------------------------------------------------
// A parser for the `u`-mode syntax (the pattern already compiled, so it is well formed).

class Parser {
  private at = 0;

  constructor(
    private readonly source: string,
    private readonly ignoreCase: boolean,
  ) {}

  parse(): Node {
    const node = this.alternation();
    if (this.at < this.source.length) throw new Unsafe(`unexpected "${this.source[this.at]}"`);
    return node;
  }

  private peek(offset = 0): string | undefined {
    return this.source[this.at + offset];
  }

  private alternation(): Node {
    const branches = [this.sequence()];
    while (this.peek() === '|') {
      this.at++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0]! : { type: 'alt', branches };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.at < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      items.push(this.quantified(this.atom()));
    }
    return { type: 'seq', items };
  }

  private quantified(atom: Node): Node {
    const c = this.peek();
    let bounds: [number, number] | undefined;
    if (c === '*') bounds = [0, Infinity];
    else if (c === '+') bounds = [1, Infinity];
    else if (c === '?') bounds = [0, 1];
    if (bounds) {
      this.at++;
    } else if (c === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
      if (!match) return atom;
      const min = Number(match[1]);
      bounds = [min, match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3])];
      this.at += match[0].length;
    } else {
      return atom;
    }
    if (this.peek() === '?') this.at++; // lazy: same search space
    return { type: 'repeat', body: atom, min: bounds[0], max: bounds[1] };
  }

  private atom(): Node {
    const c = this.source[this.at++]!;
    switch (c) {
      case '^':
      case '$':
        return { type: 'assert' };
      case '.':
        return { type: 'chars', set: ALL };
      case '[':
        return { type: 'chars', set: this.fold(this.characterClass()) };
      case '(':
        return this.group();
      case '\\':
        return this.escape(false);
      default: {
        const code = this.source.codePointAt(this.at - 1)!;
        if (code > 0xffff) this.at++;
        return { type: 'chars', set: this.fold(char(code)) };
      }
    }
  }

  private group(): Node {
    if (this.peek() === '?') {
      const next = this.peek(1);
      if (next === ':') this.at += 2;
      else if (next === '<' && this.peek(2) !== '=' && this.peek(2) !== '!')
        this.at = this.source.indexOf('>', this.at) + 1;
      else throw new Unsafe('look-ahead and look-behind are not supported');
    }
    const body = this.alternation();
    this.at++; // ')'
    return body;
  }

  private fold(set: CharSet): CharSet {
    return this.ignoreCase ? foldCase(set) : set;
  }

  /** An escape outside or inside a class; inside, `\b` is a backspace. */
  private escape(inClass: boolean): Node {
    const c = this.source[this.at++]!;
    const set = (s: CharSet): Node => ({ type: 'chars', set: this.fold(s) });
    switch (c) {
      case 'd':
        return set(DIGITS);
      case 'D':
        return set(complement(DIGITS));
      case 'w':
        return set(WORD);
      case 'W':
        return set(complement(WORD));
      case 's':
        return set(SPACE);
      case 'S':
        return set(complement(SPACE));
      case 'b':
        return inClass ? set(char(8)) : { type: 'assert' };
      case 'B':
        return { type: 'assert' };
      case 't':
        return set(char(9));
      case 'n':
        return set(char(10));
      case 'v':
        return set(char(11));
      case 'f':
        return set(char(12));
      case 'r':
        return set(char(13));
      case '0':
        return set(char(0));
      case 'k':
        throw new Unsafe('back-references are not supported');
      case 'c':
        return set(char(this.source.charCodeAt(this.at++) % 32));
      case 'p':
      case 'P':
        this.at = this.source.indexOf('}', this.at) + 1;
        return set(ALL); // a Unicode property: assume it may match anything
      case 'x': {
        const code = parseInt(this.source.slice(this.at, this.at + 2), 16);
        this.at += 2;
        return set(char(code));
      }
      case 'u': {
        if (this.peek() === '{') {
          const end = this.source.indexOf('}', this.at);
          const code = parseInt(this.source.slice(this.at + 1, end), 16);
          this.at = end + 1;
          return set(char(code));
        }
        const code = parseInt(this.source.slice(this.at, this.at + 4), 16);
        this.at += 4;
        return set(char(code));
      }
      default:
        if (/[1-9]/.test(c)) throw new Unsafe('back-references are not supported');
        return set(char(c.codePointAt(0)!));
    }
  }

  private characterClass(): CharSet {
    const negated = this.peek() === '^';
    if (negated) this.at++;
    const ranges: CharSet[] = [];
    while (this.peek() !== ']') {
      const low = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && low.length === 1 && low[0]![0] === low[0]![1]) {
        this.at++;
        const high = this.classAtom();
        ranges.push([[low[0]![0], high[0]![1]]]);
      } else {
        ranges.push(low);
      }
    }
    this.at++; // ']'
    const set = union(...ranges);
    return negated ? complement(set) : set;
  }

  private classAtom(): CharSet {
    if (this.peek() === '\\') {
      this.at++;
      const node = this.escape(true);
      return node.type === 'chars' ? node.set : EMPTY;
    }
    const code = this.source.codePointAt(this.at)!;
    this.at += code > 0xffff ? 2 : 1;
    return char(code);
  }
}

// ---------------------------------------------------------------------------------------
// Properties of a tree and the checks.

function minLength(node: Node): number {
  switch (node.type) {
    case 'chars':
      return 1;
    case 'assert':
      return 0;
    case 'seq':
      return node.items.reduce((sum, item) => sum + minLength(item), 0);
    case 'alt':
      return Math.min(...node.branches.map(minLength));
    case 'repeat':
      return node.min * minLength(node.body);
  }
}

function maxLength(node: Node): number {
  switch (node.type) {
    case 'chars':
      return 1;
    case 'assert':
      return 0;
    case 'seq':
      return node.items.reduce((sum, item) => sum + maxLength(item), 0);
    case 'alt':
      return Math.max(...node.branches.map(maxLength));
    case 'repeat': {
      const body = maxLength(node.body);
      return body === 0 ? 0 : node.max * body;
    }
  }
}

/** Can this part match texts of different lengths (so the engine has choices to undo)? */
function isVariable(node: Node): boolean {
  return minLength(node) !== maxLength(node) || (node.type === 'alt' && hasOverlappingBranches(node));
}

/** Every character the part may consume. */
function alphabet(node: Node): CharSet {
  switch (node.type) {
    case 'chars':
      return node.set;
    case 'assert':
      return EMPTY;
    case 'seq':
      return union(...node.items.map(alphabet));
    case 'alt':
      return union(...node.branches.map(alphabet));
    case 'repeat':
      return node.max === 0 ? EMPTY : alphabet(node.body);
  }
}

/** The characters the part may start with (a part that may match nothing starts with anything). */
function firstChars(node: Node): CharSet {
  switch (node.type) {
    case 'chars':
      return node.set;
    case 'assert':
      return EMPTY;
    case 'seq': {
      const sets: CharSet[] = [];
      for (const item of node.items) {
        sets.push(firstChars(item));
        if (minLength(item) > 0) return union(...sets);
      }
      return ALL;
    }
    case 'alt':
      return union(...node.branches.map(firstChars));
    case 'repeat':
      return node.min === 0 ? ALL : firstChars(node.body);
  }
}

function hasOverlappingBranches(node: Extract<Node, { type: 'alt' }>): boolean {
  const firsts = node.branches.map(firstChars);
  return firsts.some((a, i) => firsts.some((b, j) => j > i && intersects(a, b)));
}

function containsOverlappingAlternation(node: Node): boolean {
  switch (node.type) {
    case 'alt':
      return hasOverlappingBranches(node) || node.branches.some(containsOverlappingAlternation);
    case 'seq':
      return node.items.some(containsOverlappingAlternation);
    case 'repeat':
      return containsOverlappingAlternation(node.body);
    default:
      return false;
  }
}

function check(node: Node): void {
  switch (node.type) {
    case 'alt':
      node.branches.forEach(check);
      return;
    case 'repeat':
      if (node.max > 1 && containsOverlappingAlternation(node.body)) {
        throw new Unsafe('a repeated alternation whose branches can start with the same character, e.g. (\\w|\\d)+');
      }
      if (node.max > 1 && isVariable(node.body)) {
        throw new Unsafe('nested repetition (a repeated part whose inside can match different lengths), e.g. (a+)+');
      }
      check(node.body);
      return;
    case 'seq': {
      node.items.forEach(check);
      const items = node.items;
      for (let i = 0; i < items.length; i++) {
        if (!isVariable(items[i]!)) continue;
        const first = alphabet(items[i]!);
        for (let j = i + 1; j < items.length; j++) {
          const between = items.slice(i + 1, j);
          const separated = between.some((k) => minLength(k) > 0 && !isSubset(alphabet(k), first));
          if (separated) break;
          if (isVariable(items[j]!) && intersects(first, alphabet(items[j]!))) {
            throw new Unsafe(
              'two variable-length parts can match the same text with nothing required between them that tells them apart, e.g. \\d+\\d+ or .*x.*',
            );
          }
        }
      }
      return;
    }
    default:
      return;
  }
}

/** How many ways through the pattern's ambiguous alternations there are, at most. */
function ambiguity(node: Node): number {
  switch (node.type) {
    case 'alt': {
      const inner = node.branches.reduce((sum, b) => sum + ambiguity(b), 0);
      return hasOverlappingBranches(node) ? inner : Math.max(...node.branches.map(ambiguity));
    }
    case 'seq':
      return node.items.reduce((product, item) => product * ambiguity(item), 1);
    case 'repeat':
      return ambiguity(node.body) ** Math.min(node.max, 10);
    default:
      return 1;
  }
}
