import { callingCode } from './country';

const E164_MAX_DIGITS = 15;
const E164_MIN_DIGITS = 8;
// Countries whose national numbers keep their leading 0 after the country code.
const KEEPS_LEADING_ZERO = new Set(['IT', 'SM', 'VA']);
// Countries whose trunk prefix is 8 rather than 0.
const TRUNK_EIGHT = new Set(['RU', 'KZ']);

/**
 * The E.164 form (`+15551234567`) of a phone number as people type it, or undefined when
 * it cannot be known for sure. `country` (ISO alpha-2) resolves national numbers.
 */
export function toE164(raw: string, country?: string): string | undefined {
  const withoutExtension = raw.split(/\s*(?:ext\.?|extension|x|#)\s*\d+\s*$/i)[0] ?? '';
  const trimmed = withoutExtension.trim();
  if (!/^[+(]?[\d\s().\-/]+$/.test(trimmed)) return undefined;
  const digits = trimmed.replace(/\D/g, '');

  if (trimmed.startsWith('+')) return international(digits);
  if (digits.startsWith('00')) return international(digits.slice(2));

  const code = country ? callingCode(country) : undefined;
  if (code === '1' || code === undefined) {
    // North American numbering plan: area code and exchange never start with 0 or 1.
    const nanp = /^1?([2-9]\d{2}[2-9]\d{6})$/.exec(digits);
    if (nanp && (code === '1' || digits.length === 11)) return `+1${nanp[1]}`;
    if (code === '1' && digits.startsWith('011')) return international(digits.slice(3));
    return undefined;
  }

  let national = digits;
  const upper = country!.toUpperCase();
  if (TRUNK_EIGHT.has(upper) && national.length === 11 && national.startsWith('8')) {
    national = national.slice(1);
  } else if (!KEEPS_LEADING_ZERO.has(upper) && national.startsWith('0')) {
    national = national.slice(1);
  }
  if (national.length < 6) return undefined;
  return international(code + national);
}

function international(digits: string): string | undefined {
  if (digits.startsWith('0')) return undefined;
  if (digits.length < E164_MIN_DIGITS || digits.length > E164_MAX_DIGITS) return undefined;
  return `+${digits}`;
}
