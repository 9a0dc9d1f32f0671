import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UnauthorizedError, ValidationError } from '../../functions/core/shared/errors';
import {
  linkedinChallenge,
  linkedinDetailsPayload,
  readLinkedInNotification,
  verifyLinkedInSignature,
} from '../../functions/core/sources/kinds/linkedin-lead-gen';
import type { LinkedInLeadGenSource } from '../../functions/core/sources/source';
import { fixtureText } from '../support/fixtures';

const source: LinkedInLeadGenSource = {
  id: 'src_li',
  name: 'LinkedIn',
  key: 'source-key-0123456789',
  createdAt: '',
  updatedAt: '',
  version: 1,
  kind: 'linkedin_lead_gen',
  clientSecret: 'li-client-secret',
  accessToken: 'AQV-token',
};
const now = new Date('2026-11-23T10:00:00Z');
const body = Buffer.from(fixtureText('linkedin-lead-notification.json'));
const hex = (secret: string, data: string | Buffer) => createHmac('sha256', secret).update(data).digest('hex');

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe("LinkedIn's webhook validation", () => {
  it('answers the challenge code with its hex HMAC-SHA256 keyed with the client secret', () => {
    const challengeCode = '890e4665-4dfe-4ab1-b689-ed553bceeed0';
    expect(linkedinChallenge(source, { challengeCode })).toEqual({
      challengeCode,
      challengeResponse: hex('li-client-secret', challengeCode),
    });
  });

  it('refuses a request without a usable challenge code', () => {
    expect(caught(() => linkedinChallenge(source, {}))).toBeInstanceOf(ValidationError);
    expect(caught(() => linkedinChallenge(source, { challengeCode: 'a b' }))).toBeInstanceOf(ValidationError);
  });
});

describe('X-LI-Signature', () => {
  it('accepts the hex HMAC of the raw body, with or without the hmacsha256= prefix', () => {
    const signature = hex('li-client-secret', body);
    expect(() => verifyLinkedInSignature(source, body, signature, now)).not.toThrow();
    expect(() => verifyLinkedInSignature(source, body, `hmacsha256=${signature}`, now)).not.toThrow();
    expect(() => verifyLinkedInSignature(source, body, signature.toUpperCase(), now)).not.toThrow();
  });

  it('refuses a missing signature, another secret and a changed body', () => {
    const missing = caught(() => verifyLinkedInSignature(source, body, undefined, now));
    expect(missing).toMatchObject({ code: 'missing_signature' });
    expect(missing).toBeInstanceOf(UnauthorizedError);
    expect(caught(() => verifyLinkedInSignature(source, body, hex('other-secret', body), now))).toMatchObject({
      code: 'invalid_signature',
    });
    const tampered = Buffer.from(body.toString().replace('SPONSORED', 'EVENT'));
    expect(caught(() => verifyLinkedInSignature(source, tampered, hex('li-client-secret', body), now))).toMatchObject({
      code: 'invalid_signature',
    });
  });

  it('accepts a rotated-out client secret during its grace period only', () => {
    const rotated = {
      ...source,
      clientSecret: 'li-client-secret-2',
      previousSecret: { secret: 'li-client-secret', validUntil: '2026-11-24T10:00:00Z' },
    };
    const old = hex('li-client-secret', body);
    expect(() => verifyLinkedInSignature(rotated, body, old, now)).not.toThrow();
    expect(caught(() => verifyLinkedInSignature(rotated, body, old, new Date('2026-11-25T00:00:00Z')))).toMatchObject({
      code: 'invalid_signature',
    });
  });
});

describe('a Lead Sync notification', () => {
  it('names the lead form response to fetch, its form and its lead type', () => {
    expect(readLinkedInNotification(JSON.parse(body.toString()))).toEqual([
      {
        leadId: '3b5e6a9c-7d2f-4e1b-9a8c-0f1e2d3c4b5a',
        ids: {
          linkedin_lead_id: '3b5e6a9c-7d2f-4e1b-9a8c-0f1e2d3c4b5a',
          linkedin_form_id: '8765432',
          linkedin_lead_type: 'SPONSORED',
        },
      },
    ]);
  });

  it('brings no lead for a withdrawn (DELETED) lead, and refuses a new one without a response URN', () => {
    const notification = JSON.parse(body.toString());
    expect(readLinkedInNotification({ ...notification, leadAction: 'DELETED' })).toEqual([]);
    const error = caught(() => readLinkedInNotification({ ...notification, leadGenFormResponse: 'urn:li:x:1' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details).toEqual([expect.objectContaining({ path: 'leadGenFormResponse' })]);
  });

  it('reads each notification of a list', () => {
    const notification = JSON.parse(body.toString());
    const second = { ...notification, leadGenFormResponse: 'urn:li:leadGenFormResponse:second-1' };
    expect(readLinkedInNotification([notification, second]).map((ref) => ref.leadId)).toEqual([
      '3b5e6a9c-7d2f-4e1b-9a8c-0f1e2d3c4b5a',
      'second-1',
    ]);
  });
});

describe("a LinkedIn lead's answers", () => {
  it('are named by predefined field, lower-cased, first answer kept, empty ones dropped', () => {
    expect(
      linkedinDetailsPayload({
        id: 'x',
        campaignId: '40123456',
        answers: [
          { name: 'EMAIL', value: ' ada@example.com ' },
          { name: 'EMAIL', value: 'second@example.com' },
          { name: 'JOB_TITLE', value: '' },
        ],
      }),
    ).toEqual({ email: 'ada@example.com', linkedin_campaign_id: '40123456' });
  });
});
