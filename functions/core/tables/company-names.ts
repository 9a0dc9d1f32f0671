// Company names as people type them: "ACME, Inc.", "Acme Incorporated" and "acme" are one
// account. The key is the name folded (case, accents, punctuation, "&"), with legal-form
// words taken off the end while something is left.

/** Legal forms removed from the end of a name, as they read once punctuation is gone. */
const LEGAL_SUFFIXES = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'llc',
  'llp',
  'lp',
  'ltd',
  'limited',
  'plc',
  'pllc',
  'pc',
  'pty',
  'gmbh',
  'mbh',
  'ag',
  'kg',
  'ohg',
  'ug',
  'se',
  'sa',
  'sas',
  'sarl',
  'sl',
  'srl',
  'spa',
  'bv',
  'nv',
  'oy',
  'oyj',
  'ab',
  'as',
  'asa',
  'aps',
  'kk',
  'sro',
  'zoo',
  'sp',
]);

/** Words that join a legal form to the name ("GmbH & Co. KG"), dropped with it. */
const JOINERS = new Set(['and']);

/**
 * The key a company name matches on: lower case without accents, `&` read as "and",
 * punctuation gone (dots inside abbreviations too: "S.A." is "sa"), spaces collapsed, a
 * leading "the" and trailing legal forms (Inc, LLC, Ltd, GmbH, SA, ...) removed. Empty
 * when nothing is left.
 */
export function companyKey(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[.'’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  if (words[0] === 'the' && words.length > 1) words.shift();
  while (words.length > 1 && (LEGAL_SUFFIXES.has(words.at(-1)!) || JOINERS.has(words.at(-1)!))) words.pop();
  return words.join(' ');
}
