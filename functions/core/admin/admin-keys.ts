import { createHash } from 'node:crypto';
import { changeEntry } from '../audit/audit-entry';
import type { Actor } from '../shared/actor';
import { UnauthorizedError } from '../shared/errors';
import { newId, newSecret } from '../shared/ids';
import type { Clock } from '../shared/ports';
import type { ApiKeyStore } from './ports';

/** The stored form of an API key: its SHA-256, hex. The key itself is never stored. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Creates an admin API key and returns it; this is the only time it is shown. */
export async function issueApiKey(
  deps: { config: Pick<ApiKeyStore, 'saveApiKey'>; clock: Clock },
  name: string,
  actor: Actor,
): Promise<{ id: string; key: string; createdAt: string }> {
  const now = deps.clock.now();
  const key = `lr_${newSecret(32)}`;
  const id = newId('key', now.getTime());
  const createdAt = now.toISOString();
  // The entry names the key; its hash and the key itself never reach the log.
  await deps.config.saveApiKey(
    { id, name, hash: hashApiKey(key), createdAt },
    changeEntry({ actor, at: now, kind: 'key', after: { id, name } }),
  );
  return { id, key, createdAt };
}

/** The admin API key a request was authenticated with. */
export interface AdminIdentity {
  keyId: string;
  keyName: string;
}

/**
 * Checks `Authorization: Bearer <key>` against the stored key hashes now, remembering
 * nothing: whose key it is, or UnauthorizedError. A key revoked a moment ago is refused.
 */
export async function verifyAdminKey(
  config: Pick<ApiKeyStore, 'findApiKey'>,
  authorization: string | undefined,
): Promise<AdminIdentity> {
  const record = await config.findApiKey(bearerKeyHash(authorization));
  if (!record) throw new UnauthorizedError('The API key is not valid');
  return { keyId: record.id, keyName: record.name };
}

function bearerKeyHash(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) throw new UnauthorizedError('Send an admin API key as "Authorization: Bearer <key>"');
  return hashApiKey(match[1]!);
}

/**
 * Checks `Authorization: Bearer <key>` against the stored key hashes and says whose key it
 * is. Valid keys are remembered for `cacheMs`, so a busy admin client costs one read per
 * period; a revoked key therefore keeps working for up to `cacheMs` wherever this is used
 * alone (the admin function checks changes again with `verifyAdminKey`).
 */
export function createAdminAuthenticator(
  deps: { config: Pick<ApiKeyStore, 'findApiKey'>; clock: Clock },
  cacheMs = 60_000,
) {
  const valid = new Map<string, { identity: AdminIdentity; until: number }>();
  return async (authorization: string | undefined): Promise<AdminIdentity> => {
    const hash = bearerKeyHash(authorization);
    const now = deps.clock.now().getTime();
    const cached = valid.get(hash);
    if (cached && cached.until > now) return cached.identity;
    valid.delete(hash);
    const identity = await verifyAdminKey(deps.config, authorization);
    valid.set(hash, { identity, until: now + cacheMs });
    return identity;
  };
}
