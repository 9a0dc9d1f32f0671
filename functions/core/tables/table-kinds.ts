import { countryCode } from '../leads/country';
import { companyKey } from './company-names';
import { domainKey, emailDomainKey, isFreeMail, isPublicSuffix, parentDomains } from './email-domains';

/** What a table's key column holds; the header's first column names it. */
export const TABLE_KINDS = ['postal_code', 'region', 'country', 'email_domain', 'company'] as const;
export type TableKind = (typeof TABLE_KINDS)[number];

/** What a row sends a lead to: a pool, or a rep (an owner, with an optional fallback pool). */
export const TABLE_TARGETS = ['poolId', 'repId'] as const;
export type TableTarget = (typeof TABLE_TARGETS)[number];

/**
 * A key cell as read for its kind. Postal codes also come as prefixes (`941*`, a US ZIP3)
 * and inclusive ranges of codes of one length (`94000..94999`, or `94000-94999`).
 */
export type RowKey =
  | { type: 'exact'; key: string }
  | { type: 'prefix'; key: string }
  | { type: 'range'; from: string; to: string };

/** A key cell that cannot be read, and why. */
export interface KeyProblem {
  code: string;
  message: string;
}

/** The key as stored and shown: `94107`, `941*`, `94000..94999`. */
export function keyText(key: RowKey): string {
  if (key.type === 'range') return `${key.from}..${key.to}`;
  return key.type === 'prefix' ? `${key.key}*` : key.key;
}

/** Reads a stored key back (`941*` is a prefix, `a..b` a range). */
export function parseKeyText(text: string): RowKey {
  if (text.endsWith('*')) return { type: 'prefix', key: text.slice(0, -1) };
  const dots = text.indexOf('..');
  if (dots > 0) return { type: 'range', from: text.slice(0, dots), to: text.slice(dots + 2) };
  return { type: 'exact', key: text };
}

/**
 * A postal code as a key: upper case without spaces (`sw1a 1aa` → `SW1A1AA`); a US
 * ZIP+4 reads as its ZIP (`94107-1234` → `94107`).
 */
export function postalKey(text: string): string {
  const compact = text.normalize('NFKC').toUpperCase().replace(/\s+/g, '');
  return /^\d{5}-\d{4}$/.test(compact) ? compact.slice(0, 5) : compact;
}

const POSTAL = /^[0-9A-Z][0-9A-Z-]{0,19}$/;

/** Regions match as folded text: case, accents and repeated spaces do not count. */
export function regionKey(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Reads one key cell of a table of `kind`. */
export function readRowKey(kind: TableKind, text: string): RowKey | KeyProblem {
  const cell = text.trim();
  if (cell === '') return { code: 'missing_key', message: 'The key is empty' };
  switch (kind) {
    case 'postal_code':
      return readPostalKey(cell);
    case 'region': {
      const key = regionKey(cell);
      return key.length <= 80 ? { type: 'exact', key } : { code: 'key_too_long', message: 'At most 80 characters' };
    }
    case 'country': {
      const key = countryCode(cell);
      return key ? { type: 'exact', key } : { code: 'unknown_country', message: `"${cell}" is not a country we know` };
    }
    case 'email_domain': {
      const key = domainKey(cell);
      if (!key) return { code: 'not_a_domain', message: `"${cell}" is not a domain name` };
      if (isPublicSuffix(key)) return { code: 'public_suffix', message: `${key} is a public suffix, not a company's` };
      if (isFreeMail(key))
        return { code: 'free_mail_domain', message: `${key} is a free-mail provider; it never matches` };
      return { type: 'exact', key };
    }
    case 'company': {
      const key = companyKey(cell);
      if (key === '') return { code: 'missing_key', message: 'Nothing is left of the name once normalised' };
      return key.length <= 200 ? { type: 'exact', key } : { code: 'key_too_long', message: 'At most 200 characters' };
    }
  }
}

function readPostalKey(cell: string): RowKey | KeyProblem {
  const bad = { code: 'not_a_postal_code', message: `"${cell.slice(0, 40)}" is not a postal code, prefix or range` };
  if (cell.endsWith('*')) {
    const key = postalKey(cell.slice(0, -1));
    return POSTAL.test(key) ? { type: 'prefix', key } : bad;
  }
  const dashed = /^(\d+)\s*-\s*(\d+)$/.exec(cell);
  const parts = cell.includes('..')
    ? cell.split('..')
    : dashed && dashed[1]!.length === dashed[2]!.length
      ? [dashed[1]!, dashed[2]!]
      : undefined;
  if (parts) {
    const [from, to] = parts.map(postalKey);
    if (parts.length !== 2 || !from || !to || !POSTAL.test(from) || !POSTAL.test(to)) return bad;
    if (from.length !== to.length) {
      return { code: 'uneven_range', message: `${from}..${to}: both ends of a range have the same length` };
    }
    if (from > to) return { code: 'backward_range', message: `${from}..${to}: the range ends before it starts` };
    return { type: 'range', from, to };
  }
  const key = postalKey(cell);
  return POSTAL.test(key) ? { type: 'exact', key } : bad;
}

/**
 * What to look up for a lead's value: the exact keys to try, most specific first (an email
 * domain and its parents), and for postal codes the code itself for prefixes and ranges.
 * `skip` says why nothing is looked up (a free-mail address never matches an account).
 */
export type LeadKey = { keys: string[]; code?: string } | { skip: 'no_value' | 'free_mail' };

/** The keys a lead's value is looked up by in a table of `kind`. */
export function leadKey(kind: TableKind, value: string | number | undefined): LeadKey {
  const text = value === undefined ? '' : String(value).trim();
  if (text === '') return { skip: 'no_value' };
  switch (kind) {
    case 'postal_code': {
      const code = postalKey(text);
      return POSTAL.test(code) ? { keys: [code], code } : { skip: 'no_value' };
    }
    case 'region':
      return { keys: [regionKey(text)] };
    case 'country': {
      const code = countryCode(text);
      return code ? { keys: [code] } : { skip: 'no_value' };
    }
    case 'email_domain': {
      const domain = text.includes('@') ? emailDomainKey(text) : domainKey(text);
      if (!domain) return { skip: 'no_value' };
      if (isFreeMail(domain)) return { skip: 'free_mail' };
      const keys = parentDomains(domain);
      return keys.length ? { keys } : { skip: 'no_value' };
    }
    case 'company': {
      const key = companyKey(text);
      return key ? { keys: [key] } : { skip: 'no_value' };
    }
  }
}
