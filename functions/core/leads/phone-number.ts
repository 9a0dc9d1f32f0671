// Phone numbers are read by libphonenumber-js with its `min` metadata (120 KB of the ingest
// bundle, 82 KB of it metadata): dialling rules differ by country and change (Argentina's
// mobile 15, Hungary's 06, Côte d'Ivoire's numbers that keep their 0, Japan's 010 to dial
// abroad), and the hand-written reader this replaced got them wrong in 19 countries.
// test/unit/phone-number-differential.test.ts holds this reading to the library's example
// number for every country, typed every way people type it.
import {
  type CountryCode,
  getCountryCallingCode,
  isSupportedCountry,
  Metadata,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/min';

const metadata = new Metadata();

/**
 * The E.164 form (`+15551234567`) of a phone number as people type it, or undefined when
 * it cannot be known for sure. `country` (ISO alpha-2) resolves national numbers.
 */
export function toE164(raw: string, country?: string): string | undefined {
  const text = raw.trim();
  const region = country?.toUpperCase();
  const known = region !== undefined && isSupportedCountry(region) ? region : undefined;
  if (text.startsWith('00')) return readDoubleZero(text, known);
  if (known) return possible(text, known);
  // Without a country a bare leading 1 can only be North American, and only a valid number there says so.
  if (text.startsWith('1')) {
    const number = parsePhoneNumberFromString(`+${text}`, { extract: false });
    return number?.countryCallingCode === '1' && number.isValid() ? number.number : undefined;
  }
  return possible(text);
}

// A leading 00 is the international prefix most of the world dials, and what people write
// before their own calling code. Where the country dials abroad with a longer prefix that
// starts 00 (Guyana's 001, Australia's 0011, Korea's carrier codes), its own reading comes
// first. Either reading gives way to the other when it is not a possible number.
function readDoubleZero(text: string, country: CountryCode | undefined): string | undefined {
  const international = possible(`+${text.slice(2)}`);
  if (!country) return international;
  const asDialled = possible(text, country);
  const digits = text.replace(/\D/g, '');
  const ownNumber = digits.startsWith(`00${getCountryCallingCode(country)}`);
  return ownNumber || !dialsAbroadWith(digits, country) ? (international ?? asDialled) : (asDialled ?? international);
}

function dialsAbroadWith(digits: string, country: CountryCode): boolean {
  metadata.selectNumberingPlan(country);
  const prefix = metadata.numberingPlan?.IDDPrefix();
  return prefix !== undefined && new RegExp(`^(?:${prefix})`).test(digits);
}

// A number whose length no numbering plan allows has digits missing or extra: not known for sure.
function possible(text: string, country?: CountryCode): string | undefined {
  const number = parsePhoneNumberFromString(text, { defaultCountry: country, extract: false });
  return number?.isPossible() ? number.number : undefined;
}
