import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoApiKeyDirectory } from '../../functions/adapters/dynamodb/dynamo-api-key-directory';
import { DynamoConfigStore } from '../../functions/adapters/dynamodb/dynamo-config-store';
import { DynamoRuleSetReader } from '../../functions/adapters/dynamodb/dynamo-rule-set-reader';
import { hashApiKey, issueApiKey } from '../../functions/core/admin/admin-keys';
import { revokeApiKey } from '../../functions/core/admin/api-key-admin';
import { changeEntry } from '../../functions/core/audit/audit-entry';
import { getRuleSet, replaceRuleSet } from '../../functions/core/routing/rule-admin';
import { ConflictError, NotFoundError } from '../../functions/core/shared/errors';
import { systemClock } from '../../functions/core/shared/ports';
import { createPool } from '../../functions/core/team/pool-admin';
import { TEST_ADMIN } from '../support/builders';
import { createTestDatabase, type TestDatabase } from '../support/dynamo';

let db: TestDatabase;
let config: DynamoConfigStore;
const admin = () => ({ config, clock: systemClock });

beforeAll(async () => {
  db = await createTestDatabase();
  config = new DynamoConfigStore(db.documents, db.tables);
});

describe('the rule set in the config table', () => {
  it('starts at version 0, and each replacement is the next version, read back whole', async () => {
    expect(await getRuleSet(admin())).toEqual({ version: 0, rules: [] });
    const pool = await createPool(admin(), { name: 'P', method: 'round_robin', members: [] }, TEST_ADMIN);
    const rules = [
      { name: 'US', when: { all: [{ field: 'country', op: 'eq' as const, value: 'US' }] }, poolId: pool.id },
    ];
    const first = await replaceRuleSet(admin(), { rules }, TEST_ADMIN);
    const second = await replaceRuleSet(admin(), { rules, defaultPoolId: pool.id }, TEST_ADMIN, { ifVersion: 1 });
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(await new DynamoRuleSetReader(db.documents, db.tables.config).current()).toEqual(second);
  });

  it('refuses a write based on a version that is no longer stored', async () => {
    const current = await getRuleSet(admin());
    const audit = () => changeEntry({ actor: TEST_ADMIN, at: new Date(), kind: 'rules', after: { id: 'current' } });
    await config.saveRuleSet({ ...current, version: current.version + 1 }, current.version, audit());
    await expect(
      config.saveRuleSet({ ...current, version: current.version + 1 }, current.version, audit()),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(config.saveRuleSet({ version: 1, rules: [] }, 0, audit())).rejects.toBeInstanceOf(ConflictError);
  });

  it('lands two concurrent replacements without If-Match one after the other', async () => {
    const before = (await getRuleSet(admin())).version;
    await Promise.all([
      replaceRuleSet(admin(), { rules: [] }, TEST_ADMIN),
      replaceRuleSet(admin(), { rules: [] }, TEST_ADMIN),
    ]);
    expect((await getRuleSet(admin())).version).toBe(before + 2);
  });
});

describe('admin API keys in the config table', () => {
  it('are listed without hashes, found by the authorizer by hash, and revoked by id', async () => {
    const { id, key } = await issueApiKey(admin(), 'ops', TEST_ADMIN);
    expect(await config.listApiKeys()).toContainEqual({ id, name: 'ops', createdAt: expect.any(String) });
    expect(JSON.stringify(await config.listApiKeys())).not.toContain(hashApiKey(key));
    const directory = new DynamoApiKeyDirectory(db.documents, db.tables.config);
    expect(await directory.findApiKey(hashApiKey(key))).toEqual({ id, name: 'ops' });

    await revokeApiKey(admin(), id, TEST_ADMIN);
    expect(await directory.findApiKey(hashApiKey(key))).toBeUndefined();
    await expect(revokeApiKey(admin(), id, TEST_ADMIN)).rejects.toBeInstanceOf(NotFoundError);
  });
});
