import examples from 'libphonenumber-js/examples.mobile.json';
import { type CountryCode, getCountries, getExampleNumber, Metadata, type PhoneNumber } from 'libphonenumber-js/min';

/** A number as a person typed it, the country the form knew (if any) and the E.164 it stands for. */
export interface TypedNumber {
  raw: string;
  country: CountryCode | undefined;
  e164: string;
  how: string;
}

/** How the digits are laid out: the dialling prefix in front and whether the form knows the country. */
export type Layout =
  | 'national'
  | 'international'
  | 'international, no country'
  | '00'
  | '00, no country'
  | 'own prefix';

/** How one typed number is written: `separators` in turn between digit groups, none for the library's own format. */
export interface Typing {
  layout: Layout;
  separators: readonly string[];
  parenthesised: boolean;
  extension: string;
}

/** Each country the library knows, with its mobile example number (the library ships no fixed-line examples). */
export const EXAMPLE_NUMBERS: readonly { country: CountryCode; number: PhoneNumber }[] = getCountries().flatMap(
  (country) => {
    const number = getExampleNumber(country, examples);
    return number ? [{ country, number }] : [];
  },
);

/** One separator throughout, or (empty) the library's own national and international formats. */
const SEPARATORS: readonly (readonly string[])[] = [[], [' '], ['-'], ['.'], ['']];
export const EXTENSIONS = ['', ' ext. 12', ' x12', ' #12', ' extension 4711'] as const;

/** The layouts that make sense for a country: its own international prefix only where it is not 00. */
export function layoutsFor(country: CountryCode): Layout[] {
  const base: Layout[] = ['national', 'international', 'international, no country', '00', '00, no country'];
  return ownInternationalPrefix(country) ? [...base, 'own prefix'] : base;
}

/** The number written as `typing` says, or undefined when the layout does not apply to its country. */
export function typeNumber(country: CountryCode, number: PhoneNumber, typing: Typing): TypedNumber | undefined {
  const asFormatted = typing.separators.length === 0;
  const national = asFormatted ? number.formatNational() : join(groups(number.formatNational()), typing);
  const international = asFormatted
    ? number.formatInternational().replace(/^\+\d+ /, '')
    : join(groups(number.formatInternational()).slice(1), typing);
  const callingCode = number.countryCallingCode;
  const separator = typing.separators[0] ?? ' ';
  let raw: string;
  switch (typing.layout) {
    case 'national':
      raw = national;
      break;
    case 'international':
    case 'international, no country':
      raw = `+${callingCode}${separator}${international}`;
      break;
    case '00':
    case '00, no country':
      raw = `00${separator}${callingCode}${separator}${international}`;
      break;
    case 'own prefix': {
      const prefix = ownInternationalPrefix(country);
      if (!prefix) return undefined;
      raw = `${prefix}${separator}${callingCode}${separator}${international}`;
      break;
    }
  }
  const withCountry = !typing.layout.endsWith('no country');
  const written = asFormatted
    ? 'as the library formats it'
    : `separated by ${typing.separators.map((s) => JSON.stringify(s)).join('/')}`;
  const how = `${typing.layout}, ${written}${typing.parenthesised ? ', parenthesised' : ''}${typing.extension ? `, with${typing.extension}` : ''}`;
  return { raw: raw + typing.extension, country: withCountry ? country : undefined, e164: number.number, how };
}

/** Every typing of every example number with one separator throughout (the exhaustive sweep). */
export function everyTypedNumber(): TypedNumber[] {
  return EXAMPLE_NUMBERS.flatMap(({ country, number }) =>
    layoutsFor(country).flatMap((layout) =>
      SEPARATORS.flatMap((separators) =>
        (separators.length === 0 ? [false] : [false, true]).flatMap((parenthesised) =>
          EXTENSIONS.flatMap((extension) => {
            const typed = typeNumber(country, number, { layout, separators, parenthesised, extension });
            return typed ? [typed] : [];
          }),
        ),
      ),
    ),
  );
}

const metadata = new Metadata();

/** Whether people in `country` dial abroad with a plain 00 (most of the world; not North America, Japan, Australia…). */
export function dialsAbroadWithDoubleZero(country: CountryCode): boolean {
  metadata.selectNumberingPlan(country);
  const pattern = metadata.numberingPlan?.IDDPrefix();
  return pattern !== undefined && new RegExp(`^(?:${pattern})$`).test('00');
}

/**
 * The prefix people in `country` dial abroad with, when it is not 00 and is one fixed string
 * (011 in North America, 010 in Japan, 0011 in Australia, 8~10 in Russia, typed as 810).
 */
function ownInternationalPrefix(country: CountryCode): string | undefined {
  metadata.selectNumberingPlan(country);
  const plan = metadata.numberingPlan;
  if (!plan) return undefined;
  const pattern = new RegExp(`^(?:${plan.IDDPrefix()})$`);
  // The minified metadata stores a preferred prefix like Taiwan's "0" as a number.
  const preferred = plan.defaultIDDPrefix();
  const prefix = /^\d+$/.test(plan.IDDPrefix()) ? plan.IDDPrefix() : preferred && String(preferred).replace('~', '');
  if (!prefix || dialsAbroadWithDoubleZero(country) || !pattern.test(prefix)) return undefined;
  return prefix;
}

function groups(formatted: string): string[] {
  return formatted.split(/\D+/).filter((group) => group !== '');
}

// Parentheses go around the first group of two or more digits: "8 (029) 491…", "(020) 7946…", "+44 (20) 7946…".
function join(digitGroups: string[], { separators, parenthesised }: Typing): string {
  const around = parenthesised && digitGroups.length > 1 ? digitGroups.findIndex((group) => group.length > 1) : -1;
  return digitGroups
    .map((group, index) => (index === around ? `(${group})` : group))
    .reduce((text, group, index) => text + (separators[(index - 1) % separators.length] ?? '') + group);
}
