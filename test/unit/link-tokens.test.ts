import { describe, expect, it } from 'vitest';
import { LinkSigner } from '../../functions/core/link-tokens';

const key = 'k'.repeat(48);
const now = Date.parse('2026-11-23T10:00:00Z');
const claims = { purpose: 'claim' as const, leadId: '01LEAD', repId: 'rep_1', round: 2, expiresAt: now / 1000 + 3600 };

describe('LinkSigner', () => {
  it('verifies what it signed, with the same claims', () => {
    const signer = new LinkSigner(key);
    expect(signer.verify(signer.sign(claims), now)).toEqual({ ok: true, claims });
  });

  it('carries ids and limits only, no lead data', () => {
    const token = new LinkSigner(key).sign(claims);
    const payload = Buffer.from(token.split('.')[0]!, 'base64url').toString();
    expect(JSON.parse(payload)).toEqual(['c', '01LEAD', 'rep_1', claims.expiresAt, 2]);
  });

  it('refuses a token signed with another key, a tampered payload or garbage', () => {
    const token = new LinkSigner(key).sign(claims);
    expect(new LinkSigner('x'.repeat(48)).verify(token, now)).toEqual({ ok: false, problem: 'forged' });
    const [, signature] = token.split('.');
    const otherRep = Buffer.from(JSON.stringify(['c', '01LEAD', 'rep_2', claims.expiresAt, 2])).toString('base64url');
    expect(new LinkSigner(key).verify(`${otherRep}.${signature}`, now)).toEqual({ ok: false, problem: 'forged' });
    for (const junk of ['', 'abc', 'a.b.c', `${token}x`, '.'.repeat(5)]) {
      expect(new LinkSigner(key).verify(junk, now).ok).toBe(false);
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
  });

  it('needs a key of at least 32 bytes', () => {
    expect(() => new LinkSigner('short')).toThrow('at least 32 bytes');
  });
});
