import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a rep link lets its holder do. */
export type LinkPurpose = 'claim' | 'accept';

/** The claims a link token carries: ids and limits only, never lead data. */
export interface LinkClaims {
  purpose: LinkPurpose;
  leadId: string;
  repId: string;
  /** Unix seconds after which the link no longer works. */
  expiresAt: number;
  /** For claims: the offer round the link belongs to. */
  round?: number;
}

export type LinkVerification =
  | { ok: true; claims: LinkClaims }
  | { ok: false; problem: 'forged' | 'expired'; claims?: LinkClaims };

/** Links work for a day unless the pool says otherwise. */
export const DEFAULT_LINK_TTL_SECONDS = 24 * 60 * 60;

const PURPOSE_CODES: Record<LinkPurpose, string> = { claim: 'c', accept: 'a' };
const PURPOSES: Record<string, LinkPurpose> = { c: 'claim', a: 'accept' };

/**
 * Signs and verifies rep link tokens: `<payload>.<signature>`, both base64url, where the
 * payload is a short JSON array and the signature its HMAC-SHA256 with the link key. The
 * token binds lead, rep and purpose and expires; whether it still works is then decided by
 * the lead's state (a claimed or accepted lead refuses a second use).
 */
export class LinkSigner {
  private readonly key: Buffer;

  constructor(key: string | Buffer) {
    this.key = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
    if (this.key.length < 32) throw new Error('The link signing key must be at least 32 bytes');
  }

  sign(claims: LinkClaims): string {
    const body = [PURPOSE_CODES[claims.purpose], claims.leadId, claims.repId, claims.expiresAt, claims.round ?? 0];
    const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  verify(token: string, nowMs: number): LinkVerification {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined || token.length > 1_000) return { ok: false, problem: 'forged' };
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: 'forged' };
    const claims = parseClaims(payload);
    if (!claims) return { ok: false, problem: 'forged' };
    if (claims.expiresAt * 1000 <= nowMs) return { ok: false, problem: 'expired', claims };
    return { ok: true, claims };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

function parseClaims(payload: string): LinkClaims | undefined {
  try {
    const body: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!Array.isArray(body) || body.length !== 5) return undefined;
    const [code, leadId, repId, expiresAt, round] = body as unknown[];
    const purpose = typeof code === 'string' ? PURPOSES[code] : undefined;
    if (!purpose || typeof leadId !== 'string' || typeof repId !== 'string') return undefined;
    if (typeof expiresAt !== 'number' || typeof round !== 'number') return undefined;
    return { purpose, leadId, repId, expiresAt, ...(round > 0 ? { round } : {}) };
  } catch {
    return undefined;
  }
}

/** The link for a token. */
export function repLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/l/${token}`;
}
