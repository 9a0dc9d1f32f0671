import fc from 'fast-check';
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { describe, expect, it } from 'vitest';
import { countryCode } from '../../functions/core/leads/country';
import { toE164 } from '../../functions/core/leads/phone-number';
import {
  dialsAbroadWithDoubleZero,
  EXAMPLE_NUMBERS,
  EXTENSIONS,
  everyTypedNumber,
  type Layout,
  layoutsFor,
  type TypedNumber,
  typeNumber,
} from '../support/typed-phone-numbers';

// Differential test: toE164 against libphonenumber-js's own parse, `parse(raw, country)?.number`,
// on the library's example number for every country it knows (mobile: the package ships no
// fixed-line examples), typed the ways people type numbers. toE164 must read each one as the
// number it is; it may differ from the plain parse only on a leading 00, which the library
// reads through the form's country alone (Japan dials abroad with 010, so "00 81…" is national there).

/** What is wrong with our reading of one typed number, or undefined when it is the number. */
function misreading(typed: TypedNumber): string | undefined {
  const ours = toE164(typed.raw, typed.country);
  if (ours === typed.e164) return undefined;
  const library = parsePhoneNumberFromString(typed.raw, typed.country)?.number;
  return `${JSON.stringify(typed.raw)} (${typed.country ?? 'no country'}; ${typed.how}): ours ${ours}, library ${library}, the number is ${typed.e164}`;
}

describe('toE164 against libphonenumber-js', () => {
  const typedNumbers = everyTypedNumber();

  it("reads every country's example number, typed every way, as the number it is", () => {
    const countries = new Set(typedNumbers.flatMap((typed) => (typed.country ? [typed.country] : [])));
    expect(countries.size).toBe(EXAMPLE_NUMBERS.length);
    expect(typedNumbers.map(misreading).filter((reason) => reason !== undefined)).toEqual([]);
  });

  it('differs from the library only on a leading 00: without a country, or where the country dials abroad otherwise', () => {
    const differing = typedNumbers.filter(
      (typed) => toE164(typed.raw, typed.country) !== parsePhoneNumberFromString(typed.raw, typed.country)?.number,
    );
    expect(new Set(differing.map((typed) => typed.how.split(', ')[0]))).toEqual(new Set(['00']));
    const countries = new Set(differing.flatMap((typed) => (typed.country ? [typed.country] : [])));
    expect(countries).toContain('JP');
    // Hong Kong dials abroad with 00 too, but the library takes "00 852" for its carrier prefix 008 and Mexico's 52.
    expect([...countries].filter(dialsAbroadWithDoubleZero)).toEqual(['HK']);
  });

  // Mixed separators, odd spacing and any extension, on top of the exhaustive sweep above.
  const typedAnyWay = fc
    .record({
      example: fc.constantFrom(...EXAMPLE_NUMBERS),
      layoutIndex: fc.nat(),
      separators: fc.array(fc.constantFrom(' ', '  ', '-', ' - ', '.', '', '/'), { minLength: 1, maxLength: 4 }),
      parenthesised: fc.boolean(),
      extension: fc.oneof(
        fc.constantFrom(...EXTENSIONS),
        fc
          .tuple(fc.constantFrom(' ext ', ' ext. ', ' x', ' x ', ' # ', ' extension '), fc.stringMatching(/^\d{1,5}$/))
          .map(([word, digits]) => word + digits),
      ),
      padding: fc.constantFrom('', ' ', '\t'),
    })
    .map(({ example, layoutIndex, separators, parenthesised, extension, padding }) => {
      const layouts: Layout[] = layoutsFor(example.country);
      const layout = layouts[layoutIndex % layouts.length] ?? 'national';
      const typed = typeNumber(example.country, example.number, { layout, separators, parenthesised, extension });
      return typed && { ...typed, raw: padding + typed.raw + padding };
    })
    .filter((typed): typed is TypedNumber => typed !== undefined);

  const randomSeed = Math.floor(Math.random() * 2 ** 31);
  it.each([20_240_101, 7, randomSeed])('agrees on numbers typed any which way (seed %i)', (seed) => {
    fc.assert(
      fc.property(typedAnyWay, (typed) => {
        expect(misreading(typed)).toBeUndefined();
      }),
      { seed, numRuns: 2_000 },
    );
  });
});

describe('country codes, against the phone library', () => {
  it('accept exactly the two-letter codes the library has a numbering plan for', () => {
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (const a of letters) {
      for (const b of letters) {
        const code = a + b;
        if (isSupportedCountry(code)) expect(countryCode(code.toLowerCase())).toBe(code);
        else expect(countryCode(code)).not.toBe(code);
      }
    }
  });
});
