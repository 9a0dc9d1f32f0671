import { createHmac, timingSafeEqual } from 'node:crypto';
import { CROCKFORD } from '../shared/ids';

/**
 * What a rep link lets its holder do: claim an offer, accept (or pass) a lead, work a pull
 * pool's queue, or set their own availability.
 */
export type LinkPurpose = 'claim' | 'accept' | 'queue' | 'availability';

/** The claims a lead link carries: ids and limits only, never lead data. */
export interface LeadLinkClaims {
  purpose: 'claim' | 'accept';
  leadId: string;
  repId: string;
  /** Unix seconds after which the link no longer works. */
  expiresAt: number;
  /** For claims: the offer round the link belongs to. */
  round?: number;
}

/** The claims a queue link carries: bound to a rep and a pull pool, not to a lead. */
export interface QueueLinkClaims {
  purpose: 'queue';
  poolId: string;
  repId: string;
  /** Unix seconds after which the link no longer works. */
  expiresAt: number;
}

/** The claims an availability link carries: bound to a rep only. */
export interface AvailabilityLinkClaims {
  purpose: 'availability';
  repId: string;
  /** Unix seconds after which the link no longer works. */
  expiresAt: number;
}

export type LinkClaims = LeadLinkClaims | QueueLinkClaims | AvailabilityLinkClaims;

export type LinkVerification =
  | { ok: true; claims: LinkClaims }
  | { ok: false; problem: 'forged' | 'expired'; claims?: LinkClaims };

/** Links work for a day unless the pool says otherwise. */
export const DEFAULT_LINK_TTL_SECONDS = 24 * 60 * 60;

/** Availability links work for 30 days: a rep keeps the one from their first notice. */
export const AVAILABILITY_LINK_TTL_SECONDS = 30 * 24 * 60 * 60;

/**
 * Signs and verifies rep link tokens. A token is one base64url string: a compact binary
 * payload (purpose, subject id, rep id, expiry, offer round) followed by the first 16 bytes
 * (128 bits) of its HMAC-SHA256 with the link key. Ids in our own shapes (a ULID, `rep_` or
 * `pool_` and a ULID) take 16 bytes each, so a lead link is 72 characters: short enough that
 * an SMS notice with its link fits one 160-character part (docs/rep-links.md). The token
 * binds lead (or, for a queue link, pool), rep and purpose and expires; whether it still
 * works is then decided by the lead's state (a claimed or accepted lead refuses a second use).
 */
export class LinkSigner {
  private readonly key: Buffer;

  constructor(key: string | Buffer) {
    this.key = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
    if (this.key.length < 32) throw new Error('The link signing key must be at least 32 bytes');
  }

  sign(claims: LinkClaims): string {
    const subject =
      claims.purpose === 'queue' ? claims.poolId : claims.purpose === 'availability' ? claims.repId : claims.leadId;
    const round = claims.purpose === 'claim' || claims.purpose === 'accept' ? (claims.round ?? 0) : 0;
    const payload = encodeClaims(claims.purpose, subject, claims.repId, claims.expiresAt, round);
    return Buffer.concat([payload, this.mac(payload)]).toString('base64url');
  }

  verify(token: string, nowMs: number): LinkVerification {
    if (token.length > 1_000) return { ok: false, problem: 'forged' };
    const claims = this.verifyCompact(token);
    if (!claims) return { ok: false, problem: 'forged' };
    if (claims.expiresAt * 1000 <= nowMs) return { ok: false, problem: 'expired', claims };
    return { ok: true, claims };
  }

  private verifyCompact(token: string): LinkClaims | undefined {
    if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
    const bytes = Buffer.from(token, 'base64url');
    if (bytes.length <= MAC_BYTES || bytes.toString('base64url') !== token) return undefined;
    const payload = bytes.subarray(0, bytes.length - MAC_BYTES);
    if (!timingSafeEqual(bytes.subarray(bytes.length - MAC_BYTES), this.mac(payload))) return undefined;
    return decodeClaims(payload);
  }

  /** The truncated MAC; the domain prefix keeps the link key's MACs apart from any other use of it. */
  private mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.key).update(MAC_DOMAIN).update(payload).digest().subarray(0, MAC_BYTES);
  }
}

/** 128 bits of HMAC-SHA256: the truncation NIST SP 800-107 allows, far beyond guessing by request. */
const MAC_BYTES = 16;
const MAC_DOMAIN = 'leadrouter-link-v2:';

const PURPOSE_BITS: Record<LinkPurpose, number> = { availability: 0, claim: 1, accept: 2, queue: 3 };
const PURPOSE_OF_BITS: Record<number, LinkPurpose> = { 0: 'availability', 1: 'claim', 2: 'accept', 3: 'queue' };

/** How an id is written: tag 0 is its UTF-8 bytes with a length; the others are a ULID in 16 bytes. */
const ID_PREFIXES = ['', '', 'rep_', 'pool_'] as const;
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/**
 * Byte 0: purpose (2 bits), subject id tag (3 bits), rep id tag (3 bits); then the two ids,
 * the expiry as 4 bytes (unix seconds), and the offer round as a LEB128 varint (one byte
 * below 128).
 */
function encodeClaims(purpose: LinkPurpose, subject: string, repId: string, expiresAt: number, round: number): Buffer {
  if (!Number.isInteger(expiresAt) || expiresAt < 0 || expiresAt > 0xffffffff)
    throw new Error('A link expiry must be whole unix seconds');
  if (!Number.isSafeInteger(round) || round < 0) throw new Error('An offer round must be a whole number');
  const [subjectTag, subjectBytes] = encodeId(subject);
  const [repTag, repBytes] = encodeId(repId);
  const head = Buffer.from([(PURPOSE_BITS[purpose] << 6) | (subjectTag << 3) | repTag]);
  const expiry = Buffer.alloc(4);
  expiry.writeUInt32BE(expiresAt, 0);
  const roundBytes: number[] = [];
  for (let rest = round; ; rest = Math.floor(rest / 128)) {
    if (rest < 128) {
      roundBytes.push(rest);
      break;
    }
    roundBytes.push((rest % 128) | 0x80);
  }
  return Buffer.concat([head, subjectBytes, repBytes, expiry, Buffer.from(roundBytes)]);
}

function decodeClaims(payload: Buffer): LinkClaims | undefined {
  const purpose = PURPOSE_OF_BITS[payload[0]! >> 6];
  if (!purpose) return undefined;
  const subject = decodeId((payload[0]! >> 3) & 7, payload, 1);
  if (!subject) return undefined;
  const rep = decodeId(payload[0]! & 7, payload, subject.next);
  if (!rep || payload.length < rep.next + 5) return undefined;
  const expiresAt = payload.readUInt32BE(rep.next);
  let round = 0;
  let at = rep.next + 4;
  for (let scale = 1; ; scale *= 128) {
    const byte = payload[at++];
    if (byte === undefined || scale > 2 ** 42) return undefined;
    round += (byte & 0x7f) * scale;
    if (byte < 0x80) break;
  }
  if (at !== payload.length) return undefined;
  if (purpose === 'queue') return round === 0 ? { purpose, poolId: subject.id, repId: rep.id, expiresAt } : undefined;
  // An availability link names the rep twice (subject and rep): both must agree.
  if (purpose === 'availability')
    return round === 0 && subject.id === rep.id ? { purpose, repId: rep.id, expiresAt } : undefined;
  return { purpose, leadId: subject.id, repId: rep.id, expiresAt, ...(round > 0 ? { round } : {}) };
}

function encodeId(id: string): [number, Buffer] {
  for (let tag = ID_PREFIXES.length - 1; tag >= 1; tag--) {
    const prefix = ID_PREFIXES[tag]!;
    const rest = id.slice(prefix.length);
    if (id.startsWith(prefix) && ULID.test(rest)) return [tag, ulidBytes(rest)];
  }
  const utf8 = Buffer.from(id, 'utf8');
  if (utf8.length === 0 || utf8.length > 255) throw new Error('A link id must be 1..255 bytes');
  return [0, Buffer.concat([Buffer.from([utf8.length]), utf8])];
}

function decodeId(tag: number, payload: Buffer, at: number): { id: string; next: number } | undefined {
  if (tag === 0) {
    const length = payload[at];
    if (!length || at + 1 + length > payload.length) return undefined;
    return { id: payload.toString('utf8', at + 1, at + 1 + length), next: at + 1 + length };
  }
  const prefix = ID_PREFIXES[tag];
  if (prefix === undefined || at + 16 > payload.length) return undefined;
  return { id: prefix + ulidText(payload.subarray(at, at + 16)), next: at + 16 };
}

/** A canonical (upper-case) ULID's 128 bits. */
function ulidBytes(ulid: string): Buffer {
  let value = 0n;
  for (const char of ulid) value = (value << 5n) | BigInt(CROCKFORD.indexOf(char));
  const bytes = Buffer.alloc(16);
  for (let i = 15; i >= 0; i--) {
    bytes[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return bytes;
}

function ulidText(bytes: Buffer): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let text = '';
  for (let i = 0; i < 26; i++) {
    text = CROCKFORD.charAt(Number(value & 31n)) + text;
    value >>= 5n;
  }
  return text;
}
