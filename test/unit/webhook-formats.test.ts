import { describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthorizedError, ValidationError } from '../../functions/core/shared/errors';
import { readGoogleAdsLead } from '../../functions/core/sources/kinds/google-ads';
import { applyFieldMapping, verifyJsonSignature } from '../../functions/core/sources/kinds/json';
import {
  metaDetailsPayload,
  metaSubscriptionChallenge,
  readMetaLeadgens,
  verifyMetaSignature,
} from '../../functions/core/sources/kinds/meta-lead-ads';
import { normalisePlatformLead } from '../../functions/core/sources/kinds/platform-lead';
import type { GoogleAdsSource, JsonSource, MetaLeadAdsSource } from '../../functions/core/sources/source';
import { parseJsonObject, quoteUnsafeIntegers } from '../../functions/http/webhook-body';
import { fixtureText, jsonSignature, metaSignature } from '../support/fixtures';

const base = { id: 'src_1', name: 'S', key: 'source-key-0123456789', createdAt: '', updatedAt: '', version: 1 };
const google: GoogleAdsSource = { ...base, kind: 'google_ads' };
const meta: MetaLeadAdsSource = {
  ...base,
  kind: 'meta_lead_ads',
  appSecret: 'app-secret',
  verifyToken: 'verify-me',
  accessToken: 'token',
};
const json: JsonSource = { ...base, kind: 'json', signingSecret: 'signing-secret-123' };
const now = new Date('2026-11-23T10:00:00Z');
const nowSeconds = now.getTime() / 1000;

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}

describe('exact integers in JSON', () => {
  it('quotes integers above 2^53 so no digit is lost, and leaves strings, floats and small numbers alone', () => {
    const text =
      '{"id":55459717045641545,"neg":-55459717045641545,"small":516540199134611,"f":1.5e300,"s":"55459717045641545 \\" 99999999999999999"}';
    expect(JSON.parse(quoteUnsafeIntegers(text))).toEqual({
      id: '55459717045641545',
      neg: '-55459717045641545',
      small: 516540199134611,
      f: 1.5e300,
      s: '55459717045641545 " 99999999999999999',
    });
    expect(String(JSON.parse(text).id)).not.toBe('55459717045641545'); // what plain JSON.parse does
  });

  it("keeps Meta's leadgen_id exact", () => {
    const body = parseJsonObject(fixtureText('meta-lead-ads-webhook.json'), { exactIntegers: true });
    expect(readMetaLeadgens(body)).toEqual([
      {
        leadgenId: '55459717045641545',
        ids: {
          leadgen_id: '55459717045641545',
          form_id: '551111744595541',
          page_id: '516540199134611',
          ad_id: '0',
          adgroup_id: '0',
        },
      },
    ]);
  });
});

describe('Google Ads lead form webhooks', () => {
  const fixture = () => parseJsonObject(fixtureText('google-ads-lead-form.json'), { exactIntegers: true });

  it('map columns by id, custom questions by their name, and keep Google ids', () => {
    const lead = readGoogleAdsLead(google, { ...fixture(), google_key: google.key });
    expect(lead).toEqual({
      externalId: 'TeSter-123-ABCDEFGHIJKLMNOPQRSTUVWXYZ-abcdefghijklmnopqrstuvwxyz-0123456789',
      test: true,
      payload: {
        name: 'Jane Doe',
        email: 'Jane.Doe@Example.com',
        phone: '1-650-555-0123',
        postalCode: '94043',
        company: 'Acme Robotics',
        'What product are you interested in?': 'Fleet plan',
        lead_id: 'TeSter-123-ABCDEFGHIJKLMNOPQRSTUVWXYZ-abcdefghijklmnopqrstuvwxyz-0123456789',
        form_id: '40000000000',
        campaign_id: '12345678901',
        adgroup_id: '20000000000',
        creative_id: '30000000000',
        gcl_id: 'EAIaIQobChMI-test-click-id',
      },
    });
  });

  it('check the google_key before reading anything else', () => {
    const malformedBody = { google_key: 'wrong', user_column_data: 'not a list' };
    expect(caught(() => readGoogleAdsLead(google, malformedBody))).toMatchObject({ code: 'invalid_google_key' });
    expect(caught(() => readGoogleAdsLead(google, { ...fixture(), google_key: undefined }))).toBeInstanceOf(
      UnauthorizedError,
    );
    expect(
      caught(() => readGoogleAdsLead({ ...google, googleKey: 'custom' }, { ...fixture(), google_key: google.key })),
    ).toBeInstanceOf(UnauthorizedError);
    expect(
      readGoogleAdsLead({ ...google, googleKey: 'custom' }, { ...fixture(), google_key: 'custom' }).externalId,
    ).toMatch(/^TeSter/);
  });

  it('refuse a body without a lead id or column list, naming the field', () => {
    const error = caught(() => readGoogleAdsLead(google, { google_key: google.key, user_column_data: [] }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details).toEqual([{ path: 'lead_id', message: 'required' }]);
  });
});

describe('Meta Lead Ads webhooks', () => {
  const body = Buffer.from(fixtureText('meta-lead-ads-webhook.json'));

  it('accept the signature made over the raw body with the app secret', () => {
    expect(() => verifyMetaSignature(meta, body, metaSignature('app-secret', body), now)).not.toThrow();
  });

  it.each([
    ['missing', undefined, 'missing_signature'],
    ['malformed', 'sha1=abc', 'missing_signature'],
    ['made with another secret', metaSignature('other-secret', body), 'invalid_signature'],
    [
      'over another body',
      metaSignature('app-secret', Buffer.from(body.toString().replace('551111744595541', '551111744595542'))),
      'invalid_signature',
    ],
  ])('refuse a signature that is %s', (_, header, code) => {
    const error = caught(() => verifyMetaSignature(meta, body, header, now));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ code });
  });

  it('accept the previous app secret during the rotation grace period only', () => {
    const rotated = {
      ...meta,
      appSecret: 'new-secret',
      previousSecret: { secret: 'app-secret', validUntil: '2026-11-24T10:00:00Z' },
    };
    expect(() => verifyMetaSignature(rotated, body, metaSignature('app-secret', body), now)).not.toThrow();
    expect(() =>
      verifyMetaSignature(rotated, body, metaSignature('app-secret', body), new Date('2026-11-24T10:00:01Z')),
    ).toThrow(UnauthorizedError);
  });

  it('echo the challenge of a handshake with the right verify token, refuse a wrong one', () => {
    expect(
      metaSubscriptionChallenge(meta, {
        'hub.mode': 'subscribe',
        'hub.verify_token': 'verify-me',
        'hub.challenge': '1158201444',
      }),
    ).toBe('1158201444');
    expect(
      caught(() =>
        metaSubscriptionChallenge(meta, { 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '1' }),
      ),
    ).toBeInstanceOf(ForbiddenError);
    expect(
      caught(() => metaSubscriptionChallenge(meta, { 'hub.verify_token': 'verify-me', 'hub.challenge': '1' })),
    ).toBeInstanceOf(ValidationError);
  });

  it('skip changes other than leadgen, and refuse a leadgen change without a numeric id', () => {
    const page = (changes: unknown[]) => ({ object: 'page', entry: [{ id: '1', changes }] });
    expect(readMetaLeadgens(page([{ field: 'feed', value: {} }]))).toEqual([]);
    const error = caught(() => readMetaLeadgens(page([{ field: 'leadgen', value: { form_id: 1 } }])));
    expect((error as ValidationError).details).toEqual([
      { path: 'entry.0.changes.0.value.leadgen_id', message: 'a numeric id is required' },
    ]);
  });

  it("read the Graph API's answers into a lead payload", () => {
    expect(
      metaDetailsPayload({
        id: '1',
        fieldData: [
          { name: 'full_name', values: ['Joe Example'] },
          { name: 'topics', values: ['a', ' b '] },
          { name: 'empty', values: [] },
        ],
      }),
    ).toEqual({
      full_name: 'Joe Example',
      topics: 'a, b',
    });
  });
});

describe('signed JSON posts', () => {
  const body = Buffer.from('{"email":"a@example.com"}');
  const header = (secret = 'signing-secret-123', t = nowSeconds, payload: Buffer | string = body) =>
    jsonSignature(secret, payload.toString(), t);

  it('accept a signature within five minutes and return its replay claim', () => {
    const claim = verifyJsonSignature(json, body, header(), now);
    expect(claim).toEqual({
      kind: 'signature',
      value: expect.stringMatching(/^[0-9a-f]{64}$/),
      expiresAt: nowSeconds + 360,
    });
    expect(verifyJsonSignature(json, body, header(undefined, nowSeconds + 299), now)).toBeDefined();
  });

  it.each([
    ['missing', () => undefined, 'missing_signature'],
    ['without a timestamp', () => header().replace(/^t=\d+,/, ''), 'missing_signature'],
    ['made with another secret', () => header('another-secret'), 'invalid_signature'],
    ['over another body', () => header(undefined, nowSeconds, '{"email":"b@example.com"}'), 'invalid_signature'],
    ['older than five minutes', () => header(undefined, nowSeconds - 301), 'signature_expired'],
    ['from the future', () => header(undefined, nowSeconds + 301), 'signature_expired'],
  ])('refuse a signature that is %s', (_, make, code) => {
    expect(caught(() => verifyJsonSignature(json, body, make(), now))).toMatchObject({ code });
  });

  it('accept any of several v1 signatures (a sender rotating its secret), and unsigned posts for a source without a secret', () => {
    const both = `${header('old-secret-value')},v1=${header().split('v1=')[1]}`;
    expect(verifyJsonSignature(json, body, both, now)).toBeDefined();
    expect(verifyJsonSignature({ ...json, signingSecret: undefined }, body, undefined, now)).toBeUndefined();
  });
});

describe('JSON field mapping', () => {
  it('read mapped paths first, keep the rest of the top level, and drop objects the mapping reached into', () => {
    const mapped = applyFieldMapping(
      { contact: { email: 'a@b.co', phones: ['+15550001'] }, id: 7, note: 'hi' },
      { email: 'contact.email', phone: 'contact.phones.0', externalId: 'id', 'custom.ref': 'id' },
    );
    expect(mapped).toEqual({ payload: { email: 'a@b.co', phone: '+15550001', ref: 7, note: 'hi' }, externalId: '7' });
  });

  it('does not follow inherited properties', () => {
    expect(applyFieldMapping({ a: {} }, { email: 'a.constructor' }).payload).toEqual({});
  });
});

describe('ad-platform leads', () => {
  it('keep a lead without contact, and a field that fails normalisation as typed', () => {
    const lead = normalisePlatformLead({ full_name: 'Ann Ad', email: 'not-an-email', question: 'x'.repeat(300) });
    expect(lead.fields).toMatchObject({ name: 'Ann Ad', message: 'x'.repeat(300) });
    expect(lead.fields.email).toBeUndefined();
    expect(lead.custom).toEqual({ email_as_sent: 'not-an-email' });
  });

  it('cut values to the lead limits rather than refuse them', () => {
    const lead = normalisePlatformLead({ email: 'a@b.co', city: 'c'.repeat(300), 'Long answer': 'y'.repeat(2_000) });
    expect(lead.fields.city).toBeUndefined();
    expect(lead.custom).toEqual({ city_as_sent: 'c'.repeat(200), 'Long answer': 'y'.repeat(1_000) });
  });
});
