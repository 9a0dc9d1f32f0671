import { UnauthorizedError } from '../../shared/errors';
import { dataRecord } from '../../shared/own-keys';
import { hmacSha256Hex, secretsMatch } from '../../shared/signatures';
import type { IdempotencyClaim } from '../ports';
import { type JsonSource, signatureSecrets } from '../source';

/** How far a signature's timestamp may be from our clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Checks `X-Leadrouter-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`
 * (several `v1` allowed, e.g. while rotating) for a source that has a signing secret.
 * Returns the replay claim for the signature: a signature is good once, within
 * ±5 minutes of its timestamp. A source without a secret takes unsigned posts.
 */
export function verifyJsonSignature(
  source: JsonSource,
  body: Buffer,
  header: string | undefined,
  now: Date,
): IdempotencyClaim | undefined {
  if (!source.signingSecret) return undefined;
  if (!header)
    throw new UnauthorizedError('This source signs its posts; send X-Leadrouter-Signature', 'missing_signature');
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [name, value = ''] = part.trim().split('=', 2) as [string, string?];
    if (name === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (name === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === undefined || signatures.length === 0 || signatures.length > 5) {
    throw new UnauthorizedError('X-Leadrouter-Signature must be "t=<unix seconds>,v1=<hex>"', 'missing_signature');
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) {
    throw new UnauthorizedError(
      'The signature timestamp is more than 5 minutes away from now; sign each delivery when sending it',
      'signature_expired',
    );
  }
  const signed = Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), body]);
  const expected = signatureSecrets(source, now).map((secret) => hmacSha256Hex(secret, signed));
  // Every pair is compared, so the time taken does not depend on which one matched.
  const matched = signatures.filter((received) => expected.map((e) => secretsMatch(received, e)).includes(true));
  if (matched.length === 0) throw new UnauthorizedError('The signature does not match the body', 'invalid_signature');
  return { kind: 'signature', value: matched[0]!, expiresAt: timestamp + SIGNATURE_TOLERANCE_SECONDS + 60 };
}

/**
 * Applies a JSON source's field mapping (canonical field → dotted path): mapped values come
 * first, the rest of the top level is read as usual, and objects a mapping reached into are
 * not kept again as custom fields. `externalId` is the sender's own lead id (deduplication).
 */
export function applyFieldMapping(
  body: Record<string, unknown>,
  mapping: Record<string, string> | undefined,
): { payload: Record<string, unknown>; externalId?: string } {
  if (!mapping) return { payload: body };
  const payload = dataRecord<unknown>();
  const reachedInto = new Set<string>();
  let externalId: string | undefined;
  for (const [target, path] of Object.entries(mapping)) {
    const steps = path.split('.');
    if (steps.length > 1) reachedInto.add(steps[0]!);
    const value = valueAt(body, steps);
    if (value === undefined || value === null) continue;
    if (target === 'externalId') {
      if (typeof value === 'string' || typeof value === 'number') externalId = String(value);
    } else {
      payload[target.startsWith('custom.') ? target.slice(7) : target] = value;
    }
  }
  for (const [key, value] of Object.entries(body)) {
    if (!Object.hasOwn(payload, key) && !reachedInto.has(key) && !Object.values(mapping).includes(key))
      payload[key] = value;
  }
  return { payload, ...(externalId ? { externalId } : {}) };
}

function valueAt(value: unknown, steps: string[]): unknown {
  let current = value;
  for (const step of steps) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, step)) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}
