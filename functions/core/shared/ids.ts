/** Crockford's base 32 alphabet, in which ULIDs are written. */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID: 48 bits of milliseconds then 80 random bits, in Crockford base 32. Ids made
 * later sort later, which keeps "newest first" listings cheap.
 */
export function newUlid(nowMs: number, random: Uint8Array = randomBytes(10)): string {
  let time = '';
  let t = Math.floor(nowMs);
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD.charAt(t % 32) + time;
    t = Math.floor(t / 32);
  }
  let rand = '';
  // 80 bits as 16 groups of 5 bits.
  let buffer = 0;
  let bits = 0;
  for (const byte of random) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      rand += CROCKFORD.charAt((buffer >> bits) & 31);
    }
    buffer &= (1 << bits) - 1;
  }
  return time + rand;
}

/** A new entity id with a readable prefix, e.g. `rep_01JD…`. */
export function newId(prefix: 'rep' | 'pool' | 'src' | 'key' | 'aud' | 'wh', nowMs: number): string {
  return `${prefix}_${newUlid(nowMs)}`;
}

/** An unguessable URL-safe secret of `bytes` random bytes (base64url). */
export function newSecret(bytes = 24): string {
  return Buffer.from(randomBytes(bytes)).toString('base64url');
}

function randomBytes(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}
