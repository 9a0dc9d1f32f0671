import { describe, expect, it } from 'vitest';
import { toE164 } from '../../functions/core/leads/phone-number';

describe('toE164', () => {
  it.each([
    ['+44 20 7946 0958', undefined, '+442079460958'],
    ['0044 20 7946 0958', undefined, '+442079460958'],
    ['(650) 555-0123', 'US', '+16505550123'],
    ['1-650-555-0123', undefined, '+16505550123'],
    ['650.555.0123 ext. 12', 'US', '+16505550123'],
    ['011 44 20 7946 0958', 'US', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['030 1234567', 'DE', '+49301234567'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['06 1234 5678', 'IT', '+390612345678'],
    ['8 912 345 67 89', 'RU', '+79123456789'],
  ])('reads %s (country %s) as %s', (raw, country, expected) => {
    expect(toE164(raw, country)).toBe(expected);
  });

  it.each([
    ['650-555-0100', undefined],
    ['call me maybe', 'US'],
    ['+0 123 456', undefined],
    ['12', 'DE'],
    ['+1234567890123456', undefined],
  ])('gives up on %s (country %s)', (raw, country) => {
    expect(toE164(raw, country)).toBeUndefined();
  });
});
