import { describe, expect, it } from 'vitest';
import { parseInput } from '../../functions/core/shared/validation';
import type { SourceStore } from '../../functions/core/sources/ports';
import { SECRET_SETTINGS, SOURCE_KINDS, type Source } from '../../functions/core/sources/source';
import { createSource, updateSource } from '../../functions/core/sources/source-admin';
import { parseSourcePatch, SourceCreateSchema } from '../../functions/core/sources/source-schemas';
import { SourceViewSchema, SourceViewSchemas, sourceView } from '../../functions/core/sources/source-view';
import type { PoolStore } from '../../functions/core/team/ports';
import { aPool, fixedClock, TEST_ADMIN } from '../support/builders';

const flag = (secret: string) => `has${secret[0]!.toUpperCase()}${secret.slice(1)}`;

/** Sources kept in a map, with one pool to pin them to. */
function memoryConfig(): SourceStore & Pick<PoolStore, 'getPool'> {
  const sources = new Map<string, Source>();
  return {
    findByKey: async (key) => [...sources.values()].find((s) => s.key === key),
    get: async (id) => sources.get(id),
    listSources: async () => [...sources.values()],
    saveSource: async (source) => void sources.set(source.id, source),
    deleteSource: async (source) => void sources.delete(source.id),
    getPool: async (id) => (id === 'pool_inbound' ? aPool(id, []) : undefined),
  };
}

const EVERY_SETTING = {
  form: {
    redirectUrl: 'https://example.com/thanks',
    allowedOrigins: ['https://Example.com'],
    honeypotField: 'website',
  },
  json: { fieldMapping: { email: 'contact.email' }, signingSecret: 'whsec_0123456789abcdef' },
  google_ads: { googleKey: 'google-key-1', routeTestLeads: true },
  meta_lead_ads: {
    appSecret: 'app-secret-1',
    verifyToken: 'verify-token-1',
    accessToken: 'EAAB-access-token',
    graphApiVersion: 'v21.0',
  },
  linkedin_lead_gen: { clientSecret: 'li-client-secret-1', accessToken: 'AQV-access-token', linkedinVersion: '202606' },
} as const;

describe('a source as the admin API shows it', () => {
  it('has every setting its kind accepts, each secret as a has… flag instead', () => {
    for (const [i, kind] of SOURCE_KINDS.entries()) {
      const accepted = Object.keys(SourceCreateSchema.def.options[i]!.shape).filter((key) => key !== 'kind');
      const shown = Object.keys(SourceViewSchemas[kind].shape);
      for (const setting of accepted) {
        const secret = SECRET_SETTINGS[kind].includes(setting);
        expect(shown, `${kind}.${setting}`).toContain(secret ? flag(setting) : setting);
        if (secret) expect(shown, `${kind}.${setting}`).not.toContain(setting);
      }
      const stored = ['id', 'kind', 'key', 'createdAt', 'updatedAt', 'version'];
      const flags = SECRET_SETTINGS[kind].map(flag);
      expect(
        shown.filter((key) => ![...accepted, ...stored, ...flags].includes(key)),
        kind,
      ).toEqual([]);
    }
  });

  it('shows a source of each kind with every setting and a rotated secret as its schema says, and no secret', async () => {
    const deps = { config: memoryConfig(), clock: fixedClock() };
    for (const kind of SOURCE_KINDS) {
      const body = { kind, name: `Every ${kind} setting`, poolId: 'pool_inbound', defaultCountry: 'Germany' };
      const created = await createSource(
        deps,
        parseInput(SourceCreateSchema, { ...body, ...EVERY_SETTING[kind] }),
        TEST_ADMIN,
      );
      const rotated =
        kind === 'json' || kind === 'meta_lead_ads' || kind === 'linkedin_lead_gen'
          ? await updateSource(
              deps,
              created.id,
              parseSourcePatch(
                kind,
                kind === 'json'
                  ? { signingSecret: 'whsec_fedcba9876543210' }
                  : kind === 'linkedin_lead_gen'
                    ? { clientSecret: 'li-client-secret-2' }
                    : { appSecret: 'app-secret-2' },
              ),
              TEST_ADMIN,
            )
          : created;

      const view = sourceView(rotated);

      expect(SourceViewSchema.safeParse(view).error, kind).toBeUndefined();
      expect(view).toMatchObject({ kind, defaultCountry: 'DE', poolId: 'pool_inbound' });
      for (const secret of SECRET_SETTINGS[kind]) expect(view, kind).toHaveProperty(flag(secret), true);
      const text = JSON.stringify(view);
      for (const secret of [
        'whsec_',
        'google-key-1',
        'app-secret-',
        'verify-token-1',
        'EAAB-access-token',
        'li-client-secret-',
        'AQV-',
      ])
        expect(text, kind).not.toContain(secret);
    }
  });
});
