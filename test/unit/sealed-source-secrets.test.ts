import { describe, expect, it } from 'vitest';
import {
  type DataKeys,
  EnvelopeSourceSecrets,
  WITHHELD_SOURCE_SECRETS,
} from '../../functions/adapters/dynamodb/sealed-source-secrets';
import { LocalDataKeys } from '../../functions/adapters/local/local-data-keys';
import type { Source } from '../../functions/core/sources/source';

const base = { name: 'CRM', key: 'k'.repeat(32), createdAt: '2026-12-01T09:00:00Z', updatedAt: '2026-12-01T09:00:00Z' };
const meta: Source = {
  ...base,
  id: 'src_meta',
  kind: 'meta_lead_ads',
  version: 2,
  appSecret: 'meta-app-secret-value',
  verifyToken: 'meta-verify-token-value',
  accessToken: 'EAAB-meta-access-token-value',
  previousSecret: { secret: 'meta-old-app-secret-value', validUntil: '2026-12-02T09:00:00Z' },
};
const json: Source = { ...base, id: 'src_json', kind: 'json', version: 1, signingSecret: 'json-signing-secret-value' };
const form: Source = { ...base, id: 'src_form', kind: 'form', version: 1, redirectUrl: 'https://example.com/thanks' };

/** Counts the data keys asked for, so a test can see when none was needed. */
function counting(keys: DataKeys) {
  const counts = { generated: 0, unwrapped: 0 };
  const counted: DataKeys = {
    generate: (context) => {
      counts.generated++;
      return keys.generate(context);
    },
    unwrap: (wrapped, context) => {
      counts.unwrapped++;
      return keys.unwrap(wrapped, context);
    },
  };
  return { counts, keys: counted };
}

describe('sealed source secrets', () => {
  it('keeps every secret of a source out of its stored item and gives them back when opened', async () => {
    const secrets = new EnvelopeSourceSecrets(new LocalDataKeys('local-test-key'));
    for (const source of [meta, json]) {
      const item = await secrets.seal(source);
      const stored = JSON.stringify(item);
      for (const value of ['meta-app-secret-value', 'meta-verify-token-value', 'EAAB-meta', 'meta-old', 'json-signing'])
        expect(stored).not.toContain(value);
      expect(item).toMatchObject({ id: source.id, name: 'CRM', key: base.key, sealedSecrets: expect.any(Object) });
      expect(await secrets.open(item)).toEqual(source);
    }
  });

  it('stores a source without secrets as it is, without asking for a data key', async () => {
    const { counts, keys } = counting(new LocalDataKeys('local-test-key'));
    const secrets = new EnvelopeSourceSecrets(keys);
    const item = await secrets.seal(form);
    expect(item).toEqual(form);
    expect(await secrets.open(item)).toEqual(form);
    expect(counts).toEqual({ generated: 0, unwrapped: 0 });
  });

  it("refuses a sealed box moved onto another source's item", async () => {
    const secrets = new EnvelopeSourceSecrets(new LocalDataKeys('local-test-key'));
    const sealed = await secrets.seal(json);
    const other = await secrets.seal({ ...json, id: 'src_other', signingSecret: 'another-signing-secret' });
    await expect(secrets.open({ ...other, sealedSecrets: sealed.sealedSecrets })).rejects.toThrow();
  });

  it('does not open secrets sealed under another key', async () => {
    const item = await new EnvelopeSourceSecrets(new LocalDataKeys('one-key')).seal(json);
    await expect(new EnvelopeSourceSecrets(new LocalDataKeys('another-key')).open(item)).rejects.toThrow();
  });

  it('lets a function without the key read a source without its secrets, and store none', async () => {
    const item = await new EnvelopeSourceSecrets(new LocalDataKeys('local-test-key')).seal(meta);
    const seen = await WITHHELD_SOURCE_SECRETS.open(item);
    expect(seen).toMatchObject({ id: meta.id, kind: 'meta_lead_ads', name: 'CRM', key: base.key });
    for (const name of ['appSecret', 'verifyToken', 'accessToken', 'previousSecret', 'sealedSecrets'])
      expect(seen).not.toHaveProperty(name);
    await expect(WITHHELD_SOURCE_SECRETS.seal(json)).rejects.toThrow(/no key/);
    expect(await WITHHELD_SOURCE_SECRETS.seal(form)).toEqual(form);
  });
});
