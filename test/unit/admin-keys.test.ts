import { describe, expect, it } from 'vitest';
import { createAdminAuthenticator, hashApiKey, issueApiKey } from '../../functions/core/admin/admin-keys';
import { UnauthorizedError } from '../../functions/core/shared/errors';
import { fixedClock, TEST_ADMIN } from '../support/builders';

function keyStore() {
  const keys = new Map<string, { id: string; name: string }>();
  let lookups = 0;
  return {
    keys,
    lookups: () => lookups,
    config: {
      saveApiKey: async (k: { id: string; name: string; hash: string }) =>
        void keys.set(k.hash, { id: k.id, name: k.name }),
      findApiKey: async (hash: string) => {
        lookups++;
        return keys.get(hash);
      },
    },
  };
}

describe('admin API keys', () => {
  it('are stored only as their hash', async () => {
    const store = keyStore();
    const { key } = await issueApiKey({ config: store.config, clock: fixedClock() }, 'ci', TEST_ADMIN);
    expect(key).toMatch(/^lr_[\w-]{43}$/);
    expect([...store.keys.keys()]).toEqual([hashApiKey(key)]);
  });

  it('admit a bearer of a stored key, saying whose key it is, and refuse others', async () => {
    const store = keyStore();
    const { id, key } = await issueApiKey({ config: store.config, clock: fixedClock() }, 'ci', TEST_ADMIN);
    const authenticate = createAdminAuthenticator({ config: store.config, clock: fixedClock() });
    await expect(authenticate(`Bearer ${key}`)).resolves.toEqual({ keyId: id, keyName: 'ci' });
    await expect(authenticate('Bearer lr_wrong')).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(authenticate(key)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(authenticate(undefined)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('remember a valid key for a minute, then look again (a revoked key stops working)', async () => {
    const store = keyStore();
    const clock = fixedClock();
    const { key } = await issueApiKey({ config: store.config, clock }, 'ci', TEST_ADMIN);
    const authenticate = createAdminAuthenticator({ config: store.config, clock }, 60_000);
    await authenticate(`Bearer ${key}`);
    await authenticate(`Bearer ${key}`);
    expect(store.lookups()).toBe(1);
    store.keys.clear();
    clock.advance(60_001);
    await expect(authenticate(`Bearer ${key}`)).rejects.toBeInstanceOf(UnauthorizedError);
  });
});
