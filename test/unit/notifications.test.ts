import { describe, expect, it } from 'vitest';
import { assignmentNotice, offerNotice } from '../../functions/core/notices/notice-texts';
import { DEFAULT_OFFER_FIELDS } from '../../functions/core/team/pool';
import { aRep } from '../support/builders';

const fields = {
  name: 'Ada Lovelace',
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.com',
  phone: '+442079460958',
  company: 'Analytical Engines',
  product: 'Engines',
  city: 'London',
};
const ascii = (text: string) => [...text].every((c) => c.charCodeAt(0) < 128);

describe('rep notices', () => {
  it('use plain ASCII in their own words, so an SMS stays in 160-character GSM parts', () => {
    const assigned = assignmentNotice(aRep('rep_1'), 'L1', fields, 'https://x.example/l/abc');
    const offer = offerNotice('rep_1', 'L1', fields, DEFAULT_OFFER_FIELDS, 120, 'https://x.example/l/abc');
    for (const notice of [assigned, offer]) {
      expect(ascii(notice.text), notice.text).toBe(true);
      expect(ascii(notice.subject)).toBe(true);
    }
    expect(assigned.text).toContain('+442079460958 | ada@example.com');
  });

  it('keep offers to the first name, company and place, never contact details', () => {
    const offer = offerNotice('rep_1', 'L1', fields, DEFAULT_OFFER_FIELDS, 120);
    expect(offer.text).not.toContain('ada@example.com');
    expect(offer.text).not.toContain('+442079460958');
    expect(offer.text).toContain('Ada (Analytical Engines) in London');
  });
});

describe('a rep’s first notice', () => {
  it('carries their availability link in the email, and keeps the SMS to one part without it', () => {
    const url = 'https://leads.example/a/AAAA';
    const first = assignmentNotice(aRep('rep_1'), 'L1', fields, 'https://leads.example/l/BBBB', url);
    expect(first.text).toContain(`Set your availability here: ${url}`);
    expect(first.sms).not.toContain(url);
    const later = assignmentNotice(aRep('rep_1'), 'L1', fields, 'https://leads.example/l/BBBB');
    expect(later.text).not.toContain('/a/');
    const offer = offerNotice('rep_1', 'L1', fields, DEFAULT_OFFER_FIELDS, 120, 'https://leads.example/l/C', url);
    expect(offer.text).toContain(url);
  });
});
