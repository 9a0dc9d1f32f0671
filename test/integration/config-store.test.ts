import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoConfigStore } from '../../functions/adapters/dynamodb/dynamo-config-store';
import { changeEntry } from '../../functions/core/audit/audit-entry';
import { ConflictError } from '../../functions/core/shared/errors';
import { systemClock } from '../../functions/core/shared/ports';
import { createSource, deleteSource } from '../../functions/core/sources/source-admin';
import { createPool, updatePool } from '../../functions/core/team/pool-admin';
import { createRep, getRep, updateRep } from '../../functions/core/team/rep-admin';
import { TEST_ADMIN } from '../support/builders';
import { createTestDatabase, type TestDatabase } from '../support/dynamo';

let db: TestDatabase;
let config: DynamoConfigStore;
const admin = () => ({ config, clock: systemClock });

beforeAll(async () => {
  db = await createTestDatabase();
  config = new DynamoConfigStore(db.documents, db.tables);
});

async function configVersionOf(poolId: string): Promise<number> {
  const { Item } = await db.documents.send(
    new GetCommand({ TableName: db.tables.state, Key: { pk: `pool#${poolId}` } }),
  );
  return Item?.configVersion;
}

describe('DynamoConfigStore with the admin use cases', () => {
  it('refuses a write based on a stale version', async () => {
    const rep = await createRep(admin(), { name: 'Ana' }, TEST_ADMIN);
    const audit = (name: string) =>
      changeEntry({ actor: TEST_ADMIN, at: new Date(), kind: 'rep', before: rep, after: { ...rep, name, version: 2 } });
    await config.saveRep(
      { ...rep, name: 'Ana B', version: 2 },
      { expectedVersion: 1, touchPools: [], audit: audit('Ana B') },
    );
    const stale = config.saveRep(
      { ...rep, name: 'Ana C', version: 2 },
      { expectedVersion: 1, touchPools: [], audit: audit('Ana C') },
    );
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    expect((await getRep(admin(), rep.id)).name).toBe('Ana B');
  });

  it('lands two concurrent edits of one rep, one after the other', async () => {
    const rep = await createRep(admin(), { name: 'Ben' }, TEST_ADMIN);
    await Promise.all([
      updateRep(admin(), rep.id, { email: 'ben@example.com' }, TEST_ADMIN),
      updateRep(admin(), rep.id, { timezone: 'Asia/Tokyo' }, TEST_ADMIN),
    ]);
    expect(await getRep(admin(), rep.id)).toMatchObject({
      email: 'ben@example.com',
      timezone: 'Asia/Tokyo',
      version: 3,
    });
  });

  it('bumps the config version of exactly the pools a changed rep belongs to', async () => {
    const inPool = await createRep(admin(), { name: 'Cy' }, TEST_ADMIN);
    const elsewhere = await createRep(admin(), { name: 'Di' }, TEST_ADMIN);
    const mine = await createPool(
      admin(),
      { name: 'Mine', method: 'round_robin', members: [{ repId: inPool.id }] },
      TEST_ADMIN,
    );
    const other = await createPool(
      admin(),
      {
        name: 'Other',
        method: 'round_robin',
        members: [{ repId: elsewhere.id }],
      },
      TEST_ADMIN,
    );
    expect([await configVersionOf(mine.id), await configVersionOf(other.id)]).toEqual([1, 1]);

    await updateRep(admin(), inPool.id, { status: 'paused' }, TEST_ADMIN);
    expect([await configVersionOf(mine.id), await configVersionOf(other.id)]).toEqual([2, 1]);

    await updatePool(admin(), other.id, { name: 'Other team' }, TEST_ADMIN);
    expect(await configVersionOf(other.id)).toBe(2);
  });

  it('finds a source by its webhook key until it is deleted', async () => {
    const pool = await createPool(admin(), { name: 'P', method: 'round_robin', members: [] }, TEST_ADMIN);
    const source = await createSource(admin(), { name: 'Form', kind: 'form', poolId: pool.id }, TEST_ADMIN);
    expect(await config.findByKey(source.key)).toEqual(source);
    await deleteSource(admin(), source.id, TEST_ADMIN);
    expect(await config.findByKey(source.key)).toBeUndefined();
    expect(await config.get(source.id)).toBeUndefined();
  });
});
