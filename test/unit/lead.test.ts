import { describe, expect, it } from 'vitest';
import { type Decision, LEAD_LIMITS, type Lead, toLeadMessage } from '../../functions/core/leads/lead';
import { normaliseLead } from '../../functions/core/leads/normalise-lead';
import { ValidationError } from '../../functions/core/shared/errors';

function problemsOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('normaliseLead', () => {
  it('keeps a value sent with no field name under (unnamed), as DynamoDB refuses an empty attribute name', () => {
    const { custom } = normaliseLead({ email: 'a@x.com', '': { k: ['\ud800'] } });
    expect(Object.keys(custom)).toEqual(['(unnamed)']);
    expect(custom['(unnamed)']).toContain('k');
  });

  it('lower-cases the email and writes the phone in E.164 using the country', () => {
    const { fields } = normaliseLead({
      email: 'Jane.Doe@Example.COM',
      phone: '020 7946 0958',
      country: 'United Kingdom',
    });
    expect(fields).toMatchObject({ email: 'jane.doe@example.com', phone: '+442079460958', country: 'GB' });
  });

  it('reads the usual aliases of form field names', () => {
    const { fields, custom } = normaliseLead({
      'First Name': 'Ada',
      last_name: 'Lovelace',
      'E-mail Address': 'ada@example.com',
      phone_number: '+1 (650) 555-0123',
      company_name: 'Analytical Engines',
      zip: '94043',
      utm_source: 'newsletter',
    });
    expect(fields).toEqual({
      firstName: 'Ada',
      lastName: 'Lovelace',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+16505550123',
      company: 'Analytical Engines',
      postalCode: '94043',
      utm: { source: 'newsletter' },
    });
    expect(custom).toEqual({});
  });

  it('keeps unknown fields as custom fields, as text', () => {
    const { custom } = normaliseLead({
      email: 'a@b.co',
      'Favourite colour': 'blue',
      seats: 12,
      consent: true,
      plan: { tier: 'pro' },
    });
    expect(custom).toEqual({ 'Favourite colour': 'blue', seats: '12', consent: 'true', plan: '{"tier":"pro"}' });
  });

  it('splits a full name into first and last name', () => {
    expect(normaliseLead({ name: 'Mary Ann Evans', email: 'm@e.org' }).fields).toMatchObject({
      firstName: 'Mary',
      lastName: 'Ann Evans',
    });
  });

  it('reads the company size band into a number of employees (its lower bound)', () => {
    expect(normaliseLead({ email: 'a@b.co', company_size: '51-200' }).fields).toMatchObject({
      companySize: '51-200',
      employees: 51,
    });
    expect(normaliseLead({ email: 'a@b.co', employees: '1,000+' }).fields).toMatchObject({ employees: 1000 });
  });

  it('reads the score as a number and refuses one that is not', () => {
    expect(normaliseLead({ email: 'a@b.co', score: '87.5' }).fields.score).toBe(87.5);
    expect(problemsOf(() => normaliseLead({ email: 'a@b.co', score: 'high' })).details).toContainEqual(
      expect.objectContaining({ path: 'score' }),
    );
  });

  it('reports a bad score once, not once per check', () => {
    const { details } = problemsOf(() => normaliseLead({ email: 'a@b.co', score: 'high' }));
    expect((details as { path: string }[]).filter((p) => p.path === 'score')).toHaveLength(1);
  });

  it('keeps a phone it cannot read for sure as it was typed', () => {
    expect(normaliseLead({ phone: '650-555-0100' }).fields.phone).toBe('650-555-0100');
    expect(normaliseLead({ phone: '650-555-0100' }, { defaultCountry: 'US' }).fields.phone).toBe('+16505550100');
  });

  it('needs an email or a phone', () => {
    const error = problemsOf(() => normaliseLead({ name: 'Nobody' }));
    expect(error.code).toBe('missing_contact');
  });

  it('reports every invalid field at once, with its path', () => {
    const error = problemsOf(() =>
      normaliseLead({ email: 'not-an-email', name: 'x'.repeat(LEAD_LIMITS.textLength + 1) }),
    );
    expect(error.code).toBe('invalid_lead');
    expect((error.details as { path: string }[]).map((d) => d.path).sort()).toEqual(['email', 'name']);
  });

  it('bounds custom fields in number, key length and value length', () => {
    const many = Object.fromEntries(Array.from({ length: LEAD_LIMITS.customFields + 1 }, (_, i) => [`q${i}`, 'a']));
    expect(problemsOf(() => normaliseLead({ email: 'a@b.co', ...many })).details).toContainEqual(
      expect.objectContaining({ path: 'custom' }),
    );
    const longValue = { email: 'a@b.co', note2: 'x'.repeat(LEAD_LIMITS.customValueLength + 1) };
    expect(problemsOf(() => normaliseLead(longValue)).details).toContainEqual(
      expect.objectContaining({ path: 'custom.note2' }),
    );
    const longKey = { email: 'a@b.co', ['k'.repeat(LEAD_LIMITS.customKeyLength + 1)]: 'v' };
    expect(problemsOf(() => normaliseLead(longKey)).details).toHaveLength(1);
  });

  it('refuses an object where text is expected', () => {
    expect(problemsOf(() => normaliseLead({ email: { address: 'a@b.co' } })).details).toContainEqual(
      expect.objectContaining({ path: 'email' }),
    );
  });
});

describe('a lead on the queue', () => {
  const decided = (decisions: Decision[]): Lead => ({
    id: 'L1',
    sourceId: 'src_1',
    status: 'held',
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
    fields: { email: 'a@b.co' },
    custom: {},
    slaReassignments: 2,
    decisions,
  });
  const at = '2026-11-23T10:00:00.000Z';

  it('carries whom it must avoid (missed, passed, leaving), its SLA count, its offer rounds and that it is held', () => {
    const message = toLeadMessage(
      decided([
        { at, outcome: 'offered', candidates: ['a'], skipped: [], round: 1 },
        { at, outcome: 'assigned', candidates: ['b'], skipped: [{ repId: 'a', reason: 'sla_missed' }], repId: 'b' },
        { at, outcome: 'passed', candidates: [], skipped: [], repId: 'b' },
        { at, outcome: 'assigned', candidates: ['c'], skipped: [{ repId: 'd', reason: 'paused' }], repId: 'c' },
        { at, outcome: 'assigned', candidates: ['e'], skipped: [{ repId: 'c', reason: 'rep_leaving' }], repId: 'e' },
        { at, outcome: 'held', candidates: [], skipped: [], reason: 'sla_exhausted' },
      ]),
    );
    expect(message).toMatchObject({ held: true, slaReassignments: 2, offerRounds: 1 });
    expect(message.exclude).toEqual([
      { repId: 'a', reason: 'sla_missed' },
      { repId: 'b', reason: 'passed' },
      { repId: 'c', reason: 'rep_leaving' },
    ]);
  });
});
