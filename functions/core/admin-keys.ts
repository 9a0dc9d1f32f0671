import { createHash } from 'node:crypto';
import { UnauthorizedError } from './errors';
import { newId, newSecret } from './ids';
import type { Clock, ConfigStore } from './ports';

/** The stored form of an API key: its SHA-256, hex. The key itself is never stored. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Creates an admin API key and returns it; this is the only time it is shown. */
export async function issueApiKey(
  deps: { config: Pick<ConfigStore, 'saveApiKey'>; clock: Clock },
  name: string,
): Promise<{ id: string; key: string }> {
  const now = deps.clock.now();
  const key = `lr_${newSecret(32)}`;
  const id = newId('key', now.getTime());
  await deps.config.saveApiKey({ id, name, hash: hashApiKey(key), createdAt: now.toISOString() });
  return { id, key };
}

/**
 * Checks `Authorization: Bearer <key>` against the stored key hashes. Valid keys are
 * remembered for `cacheMs`, so a busy admin client costs one read a minute.
 */
export function createAdminAuthenticator(
  deps: { config: Pick<ConfigStore, 'findApiKey'>; clock: Clock },
  cacheMs = 60_000,
) {
  const valid = new Map<string, number>();
  return async (authorization: string | undefined): Promise<void> => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) throw new UnauthorizedError('Send an admin API key as "Authorization: Bearer <key>"');
    const hash = hashApiKey(match[1]!);
    const now = deps.clock.now().getTime();
    const until = valid.get(hash);
    if (until !== undefined && until > now) return;
    if (!(await deps.config.findApiKey(hash))) {
      valid.delete(hash);
      throw new UnauthorizedError('The API key is not valid');
    }
    valid.set(hash, now + cacheMs);
  };
}
