import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignmentNotice, offerNotice, queueNotice } from '../../functions/core/notices/notice-texts';
import { fitSms, foldForSms, isGsm7, smsLength, smsParts } from '../../functions/core/notices/sms';
import { DEFAULT_OFFER_FIELDS } from '../../functions/core/team/pool';
import { aRep } from '../support/builders';

describe('SMS sizing', () => {
  it('counts GSM-7 parts of 160, then 153, with extension characters taking two', () => {
    expect(smsParts('a'.repeat(160))).toBe(1);
    expect(smsParts('a'.repeat(161))).toBe(2);
    expect(smsParts('a'.repeat(306))).toBe(2);
    expect(smsParts('a'.repeat(307))).toBe(3);
    expect(smsLength('{a}')).toEqual({ encoding: 'gsm7', units: 5 });
    expect(smsParts(`${'a'.repeat(159)}€`)).toBe(2);
    expect(smsParts(`${'a'.repeat(158)}€`)).toBe(1);
  });

  it('counts UCS-2 parts of 70, then 67, as soon as one character is outside the alphabet', () => {
    expect(isGsm7('Łukasz')).toBe(false);
    expect(smsParts(`Ł${'a'.repeat(69)}`)).toBe(1);
    expect(smsParts(`Ł${'a'.repeat(70)}`)).toBe(2);
    expect(smsParts(`Ł${'a'.repeat(134)}`)).toBe(3);
    expect(smsLength('😀')).toEqual({ encoding: 'ucs2', units: 2 });
  });

  it('folds accents and typographic punctuation to GSM-7, and keeps letters that have no GSM-7 form', () => {
    expect(foldForSms('José Müller Ærø')).toBe('José Müller Ærø');
    expect(foldForSms('Żaneta Čapek Ōsaka')).toBe('Zaneta Capek Osaka');
    expect(foldForSms('O’Brien – “Acme”…')).toBe('O\'Brien - "Acme"...');
    expect(foldForSms('Łukasz 東京')).toBe('Łukasz 東京');
  });

  it('picks the richest candidate that fits one part, else cuts the last one', () => {
    const link = `https://leads.example.com/l/${'x'.repeat(72)}`;
    expect(fitSms([['short'], ['shorter']], link)).toBe(`short\n${link}`);
    const cut = fitSms(
      [
        ['a'.repeat(100), '555'],
        ['b'.repeat(100), '555'],
      ],
      link,
    );
    expect(smsParts(cut)).toBe(1);
    expect(cut).toMatch(new RegExp(`^b+\\.\\.\\.\\n555\\n${link}$`));
    expect(smsLength(cut).units).toBe(160);
  });
});

describe('SMS notices', () => {
  const ourLink = `https://leads.example.com/l/${'A'.repeat(72)}`;
  const apiLink = `https://a1b2c3d4e5.execute-api.eu-central-1.amazonaws.com/l/${'A'.repeat(72)}`;
  const name = fc.string({
    unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ-'éüñçØ".split('')),
    minLength: 1,
    maxLength: 120,
  });
  const phone = fc.integer({ min: 1_000_000, max: 99_999_999_999_999 }).map((n) => `+${n}`);

  it('fit one part, end with the link and keep the phone, whatever the name, company and product', () => {
    fc.assert(
      fc.property(
        name,
        fc.option(name, { nil: undefined }),
        fc.option(name, { nil: undefined }),
        phone,
        fc.constantFrom(ourLink, apiLink),
        (who, company, product, tel, link) => {
          const notice = assignmentNotice(
            aRep('rep_1'),
            'L1',
            { name: who, company, product, phone: tel, email: 'someone@example.com' },
            link,
          );
          expect(smsParts(notice.sms!), notice.sms).toBe(1);
          expect(notice.sms!.endsWith(`\n${link}`)).toBe(true);
          expect(notice.sms).toContain(`\n${tel}\n`);
          expect(notice.sms).not.toContain('someone@example.com');
          expect(notice.text).toContain('someone@example.com');
        },
      ),
    );
  });

  it('keep name and company whole when the link leaves room', () => {
    const notice = assignmentNotice(
      aRep('rep_1'),
      'L1',
      { name: 'Ada Lovelace', company: 'Analytical Engines', phone: '+14155550000', email: 'ada@example.com' },
      ourLink,
    );
    expect(notice.sms).toBe(`New lead: Ada Lovelace (Analytical Engines)\n+14155550000\n${ourLink}`);
  });

  it('fit offers and queue reminders in one part too', () => {
    fc.assert(
      fc.property(name, name, fc.constantFrom(ourLink, apiLink), (who, pool, link) => {
        const offer = offerNotice(
          'rep_1',
          'L1',
          { firstName: who, city: who, company: who, product: who, score: 90 },
          DEFAULT_OFFER_FIELDS,
          120,
          link,
        );
        expect(smsParts(offer.sms!), offer.sms).toBe(1);
        expect(offer.sms!.endsWith(`\n${link}`)).toBe(true);
        const queue = queueNotice('rep_1', 'L1', { name: pool, method: 'pull_blind' }, link);
        expect(smsParts(queue.sms!), queue.sms).toBe(1);
        expect(queue.sms!.endsWith(`\n${link}`)).toBe(true);
      }),
    );
  });
});
