import { createHmac } from 'node:crypto';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LinkClaims, LinkSigner } from '../../functions/core/links/link-tokens';
import { newUlid } from '../../functions/core/shared/ids';

const key = 'k'.repeat(48);
const now = Date.parse('2026-11-23T10:00:00Z');
const claims = { purpose: 'claim' as const, leadId: '01LEAD', repId: 'rep_1', round: 2, expiresAt: now / 1000 + 3600 };

describe('LinkSigner', () => {
  it('verifies what it signed, with the same claims', () => {
    const signer = new LinkSigner(key);
    expect(signer.verify(signer.sign(claims), now)).toEqual({ ok: true, claims });
    const real = {
      purpose: 'accept' as const,
      leadId: newUlid(now),
      repId: `rep_${newUlid(now)}`,
      expiresAt: now / 1000 + 86_400,
    };
    expect(signer.verify(signer.sign(real), now)).toEqual({ ok: true, claims: real });
  });

  it('round-trips any ids, rounds and expiries', () => {
    const signer = new LinkSigner(key);
    const ulid = fc
      .uint8Array({ minLength: 10, maxLength: 10 })
      .chain((random) => fc.integer({ min: 0, max: 2 ** 48 - 1 }).map((t) => newUlid(t, random)));
    const id = fc.oneof(
      ulid,
      ulid.map((u) => `rep_${u}`),
      ulid.map((u) => `pool_${u}`),
      ulid.map((u) => u.toLowerCase()),
      fc.string({ minLength: 1, maxLength: 60 }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom('claim', 'accept', 'queue'),
        id,
        id,
        fc.integer({ min: now / 1000 + 1, max: 0xffffffff }),
        fc.nat(),
        (purpose, subject, repId, expiresAt, round) => {
          const link =
            purpose === 'queue'
              ? { purpose, poolId: subject, repId, expiresAt }
              : { purpose, leadId: subject, repId, expiresAt, ...(round > 0 ? { round } : {}) };
          expect(signer.verify(signer.sign(link as LinkClaims), now)).toEqual({ ok: true, claims: link });
        },
      ),
    );
  });

  it('is short: a lead link with our ids is 72 characters, ids and limits only', () => {
    const signer = new LinkSigner(key);
    const token = signer.sign({
      purpose: 'accept',
      leadId: newUlid(now),
      repId: `rep_${newUlid(now)}`,
      expiresAt: now / 1000 + 86_400,
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{72}$/);
    // purpose and id shapes, two ids of 16 bytes, expiry, round, 16 bytes of MAC: no room for lead data.
    expect(Buffer.from(token, 'base64url')).toHaveLength(1 + 16 + 16 + 4 + 1 + 16);
  });

  it('refuses a token signed with another key, any changed character, or garbage', () => {
    const token = new LinkSigner(key).sign(claims);
    expect(new LinkSigner('x'.repeat(48)).verify(token, now)).toEqual({ ok: false, problem: 'forged' });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 0; i < token.length; i++) {
      const other = alphabet[(alphabet.indexOf(token[i]!) + 1 + (i % 63)) % 64]!;
      const tampered = token.slice(0, i) + other + token.slice(i + 1);
      expect(new LinkSigner(key).verify(tampered, now), `character ${i}`).toEqual({ ok: false, problem: 'forged' });
    }
    for (const junk of [
      '',
      'abc',
      'a.b.c',
      `${token}x`,
      `${token}A`,
      token.slice(0, -1),
      '.'.repeat(5),
      `${token}=`,
      token.replace(/^./, '+'),
    ]) {
      expect(new LinkSigner(key).verify(junk, now).ok, junk).toBe(false);
    }
  });

  it('says when a token has expired', () => {
    const signer = new LinkSigner(key);
    const token = signer.sign({ ...claims, expiresAt: now / 1000 - 1 });
    expect(signer.verify(token, now)).toMatchObject({ ok: false, problem: 'expired' });
  });

  it('binds the purpose: a claim token is not an accept token', () => {
    const signer = new LinkSigner(key);
    const accept = signer.sign({ ...claims, purpose: 'accept' });
    expect(signer.verify(accept, now)).toMatchObject({ ok: true, claims: { purpose: 'accept' } });
    expect(accept).not.toBe(signer.sign(claims));
    // The claim token's payload with the accept purpose bits, under the claim token's MAC.
    const bytes = Buffer.from(signer.sign(claims), 'base64url');
    bytes[0] = (bytes[0]! & 0x3f) | (2 << 6);
    expect(signer.verify(bytes.toString('base64url'), now)).toEqual({ ok: false, problem: 'forged' });
  });

  it('needs a key of at least 32 bytes', () => {
    expect(() => new LinkSigner('short')).toThrow('at least 32 bytes');
  });
});

/** A token for any payload, with the MAC the signer would give it (to test what it reads). */
function signedCompact(payload: Buffer): string {
  const mac = createHmac('sha256', Buffer.from(key)).update('leadrouter-link-v2:').update(payload).digest();
  return Buffer.concat([payload, mac.subarray(0, 16)]).toString('base64url');
}

describe('queue link tokens', () => {
  const queue = { purpose: 'queue' as const, poolId: 'pool_7', repId: 'rep_1', expiresAt: now / 1000 + 7 * 86_400 };

  it('bind a rep and a pool, and read back with the same claims', () => {
    const signer = new LinkSigner(key);
    const token = signer.sign(queue);
    expect(signer.verify(token, now)).toEqual({ ok: true, claims: queue });
    expect(token).not.toBe(signer.sign({ ...claims, purpose: 'accept', leadId: 'pool_7', round: undefined }));
  });

  it('cannot be turned into a lead token or back: the purpose is signed', () => {
    const signer = new LinkSigner(key);
    const asAccept = Buffer.from(signer.sign(queue), 'base64url');
    asAccept[0] = (asAccept[0]! & 0x3f) | (2 << 6);
    expect(signer.verify(asAccept.toString('base64url'), now)).toEqual({ ok: false, problem: 'forged' });
    const asQueue = Buffer.from(signer.sign({ ...claims, purpose: 'accept', round: undefined }), 'base64url');
    asQueue[0] = asQueue[0]! | (3 << 6);
    expect(signer.verify(asQueue.toString('base64url'), now)).toEqual({ ok: false, problem: 'forged' });
  });

  it('refuse a queue payload that carries an offer round, even under a valid MAC', () => {
    const signer = new LinkSigner(key);
    const payload = Buffer.from(signer.sign(queue), 'base64url').subarray(0, -16);
    const withRound = Buffer.concat([payload.subarray(0, -1), Buffer.from([3])]);
    expect(signer.verify(signedCompact(withRound), now)).toEqual({ ok: false, problem: 'forged' });
    expect(signer.verify(signedCompact(payload), now)).toEqual({ ok: true, claims: queue });
  });
});

describe('availability link tokens', () => {
  const availability = {
    purpose: 'availability' as const,
    repId: 'rep_01JD5Z6T9QH8X0R2B7C4M1N3PZ',
    expiresAt: now / 1000 + 30 * 86_400,
  };

  it('bind a rep only, and read back with the same claims', () => {
    const signer = new LinkSigner(key);
    expect(signer.verify(signer.sign(availability), now)).toEqual({ ok: true, claims: availability });
  });

  it('cannot become a lead or queue token, nor one become them: the purpose is signed', () => {
    const signer = new LinkSigner(key);
    for (const purpose of [1, 2, 3]) {
      const bytes = Buffer.from(signer.sign(availability), 'base64url');
      bytes[0] = (bytes[0]! & 0x3f) | (purpose << 6);
      expect(signer.verify(bytes.toString('base64url'), now)).toEqual({ ok: false, problem: 'forged' });
    }
    const accept = Buffer.from(signer.sign({ ...claims, purpose: 'accept', round: undefined }), 'base64url');
    accept[0] = accept[0]! & 0x3f;
    expect(signer.verify(accept.toString('base64url'), now)).toEqual({ ok: false, problem: 'forged' });
  });
});
