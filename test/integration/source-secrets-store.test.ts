import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoConfigStore } from '../../functions/adapters/dynamodb/dynamo-config-store';
import { DynamoSourceDirectory } from '../../functions/adapters/dynamodb/dynamo-source-directory';
import { EnvelopeSourceSecrets } from '../../functions/adapters/dynamodb/sealed-source-secrets';
import { configKey } from '../../functions/adapters/dynamodb/table-keys';
import { LocalDataKeys } from '../../functions/adapters/local/local-data-keys';
import { changeEntry } from '../../functions/core/audit/audit-entry';
import { systemClock } from '../../functions/core/shared/ports';
import { type Source, signatureSecrets } from '../../functions/core/sources/source';
import { createSource, updateSource } from '../../functions/core/sources/source-admin';
import type { SourceCreate } from '../../functions/core/sources/source-schemas';
import { TEST_ADMIN } from '../support/builders';
import { createTestDatabase, type TestDatabase } from '../support/dynamo';

let db: TestDatabase;
const secrets = new EnvelopeSourceSecrets(new LocalDataKeys('integration-source-secrets-key'));
let config: DynamoConfigStore;
const admin = () => ({ config, clock: systemClock });

beforeAll(async () => {
  db = await createTestDatabase();
  config = new DynamoConfigStore(db.documents, db.tables, secrets);
});

async function storedItem(id: string) {
  const { Item } = await db.documents.send(
    new GetCommand({ TableName: db.tables.config, Key: configKey('source', id) }),
  );
  return Item!;
}

describe('source secrets in the config table', () => {
  it('are sealed at rest, and the webhook reads them back by the source key', async () => {
    // Prepare
    const created = await createSource(
      admin(),
      {
        name: 'Meta',
        kind: 'meta_lead_ads',
        appSecret: 'meta-app-secret-at-rest',
        verifyToken: 'meta-verify-token-at-rest',
        accessToken: 'EAAB-token-at-rest',
      } as SourceCreate,
      TEST_ADMIN,
    );
    // Act
    const item = await storedItem(created.id);
    const found = await new DynamoSourceDirectory(db.documents, db.tables.config, secrets).findByKey(created.key);
    // Assess
    expect(JSON.stringify(item)).not.toMatch(/at-rest/);
    expect(item).toMatchObject({ name: 'Meta', kind: 'meta_lead_ads', key: created.key, sealedSecrets: {} });
    expect(found).toMatchObject({
      appSecret: 'meta-app-secret-at-rest',
      verifyToken: 'meta-verify-token-at-rest',
      accessToken: 'EAAB-token-at-rest',
    });
    expect((await config.listSources()).find((s) => s.id === created.id)).toEqual(found);
  });

  it('keep a rotated signing secret sealed and valid for its grace period', async () => {
    const created = await createSource(
      admin(),
      {
        name: 'CRM',
        kind: 'json',
        signingSecret: 'first-signing-secret-value',
      } as SourceCreate,
      TEST_ADMIN,
    );
    await updateSource(admin(), created.id, { signingSecret: 'second-signing-secret-value' }, TEST_ADMIN);
    expect(JSON.stringify(await storedItem(created.id))).not.toMatch(/signing-secret-value/);
    const source = await config.get(created.id);
    expect(signatureSecrets(source!, new Date())).toEqual([
      'second-signing-secret-value',
      'first-signing-secret-value',
    ]);
  });

  it('stay out of reach of a store without the key, which still routes by the source', async () => {
    const created = await createSource(
      admin(),
      {
        name: 'Google',
        kind: 'google_ads',
        googleKey: 'google-key-value',
      } as SourceCreate,
      TEST_ADMIN,
    );
    const keyless = new DynamoConfigStore(db.documents, db.tables);
    const seen = await keyless.get(created.id);
    expect(seen).toMatchObject({ id: created.id, kind: 'google_ads', name: 'Google' });
    expect(seen).not.toHaveProperty('googleKey');
    const rekeyed = { ...seen!, googleKey: 'another-google-key', version: 2 } as Source;
    await expect(
      keyless.saveSource(rekeyed, {
        expectedVersion: 1,
        audit: changeEntry({ actor: TEST_ADMIN, at: new Date(), kind: 'source', after: rekeyed }),
      }),
    ).rejects.toThrow(/no key/);
  });
});
