/**
 * SMS sizing. A part holds 160 GSM 7-bit characters (153 when a message spans several), and
 * the extension characters `^{}\[~]|€` take two; one character outside the alphabet sends the
 * whole message as UCS-2, 70 UTF-16 units a part (67 when several). Carriers bill per part.
 */

const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('^{}\\[~]|€\f');

/** The most one SMS part holds: a notice longer than this costs at least two. */
export const SMS_SINGLE_PART_GSM7 = 160;

/** True when every character is in the GSM 7-bit alphabet (basic set and extension table). */
export function isGsm7(text: string): boolean {
  for (const char of text) if (!GSM7_BASIC.has(char) && !GSM7_EXTENSION.has(char)) return false;
  return true;
}

/** The message's length in the units its encoding counts: septets for GSM-7, UTF-16 units for UCS-2. */
export function smsLength(text: string): { encoding: 'gsm7' | 'ucs2'; units: number } {
  if (!isGsm7(text)) return { encoding: 'ucs2', units: text.length };
  let units = 0;
  for (const char of text) units += GSM7_EXTENSION.has(char) ? 2 : 1;
  return { encoding: 'gsm7', units };
}

/** How many parts the message is billed as. */
export function smsParts(text: string): number {
  const { encoding, units } = smsLength(text);
  const [single, multi] = encoding === 'gsm7' ? [160, 153] : [70, 67];
  return units <= single ? 1 : Math.ceil(units / multi);
}

const PUNCTUATION: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u00a0': ' ',
  '\t': ' ',
};

/**
 * The text with what has a GSM-7 spelling spelled so: curly quotes, dashes and the ellipsis
 * as ASCII, letters outside the alphabet without their accents (`ł` stays, `ā` becomes `a`).
 * Letters with no GSM-7 form are kept: a name turned into question marks helps nobody, and
 * the message then goes as UCS-2.
 */
export function foldForSms(text: string): string {
  let out = '';
  for (const char of text) {
    if (GSM7_BASIC.has(char) || GSM7_EXTENSION.has(char)) out += char;
    else if (PUNCTUATION[char] !== undefined) out += PUNCTUATION[char];
    else {
      const bare = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += bare && isGsm7(bare) ? bare : char;
    }
  }
  return out;
}

/**
 * The richest of `candidates` (each a list of lines, richest first) that fits one part with
 * the link on its own last line. When none fits, the last candidate's first line is cut
 * (ending in `...`) to make room. Only when the link itself leaves no room, or a line has
 * characters with no GSM-7 form, can the result take more than one part.
 */
export function fitSms(candidates: readonly (readonly string[])[], link?: string): string {
  const compose = (lines: readonly string[]) => [...lines.map(foldForSms), ...(link ? [link] : [])].join('\n');
  for (const lines of candidates) {
    const text = compose(lines);
    if (smsParts(text) === 1) return text;
  }
  const [first = '', ...rest] = candidates[candidates.length - 1] ?? [];
  const folded = foldForSms(first);
  const spare = SMS_SINGLE_PART_GSM7 - smsLength(compose(['', ...rest])).units;
  if (spare >= 4 && isGsm7(compose([folded, ...rest]))) {
    let cut = '';
    for (const char of folded) {
      if (smsLength(`${cut}${char}...`).units > spare) break;
      cut += char;
    }
    return compose([`${cut.trimEnd()}...`, ...rest]);
  }
  return compose([first, ...rest]);
}
