import { BatchGetCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_ITEM_ACCESS, CONFIG_KINDS } from '../../functions/adapters/dynamodb/config-access';
import { DynamoApiKeyDirectory } from '../../functions/adapters/dynamodb/dynamo-api-key-directory';
import { DynamoConfigStore } from '../../functions/adapters/dynamodb/dynamo-config-store';
import { DynamoSourceDirectory } from '../../functions/adapters/dynamodb/dynamo-source-directory';
import { WITHHELD_SOURCE_SECRETS } from '../../functions/adapters/dynamodb/sealed-source-secrets';
import { configKey } from '../../functions/adapters/dynamodb/table-keys';
import { ConfigAccessDenied, guardedDocumentClient } from '../../functions/local/config-access-guard';
import { FUNCTION_ENTRIES } from '../../lib/bundling';
import { createTestDatabase, type TestDatabase } from '../support/dynamo';

let db: TestDatabase;
const clients: { destroy(): void }[] = [];
const documentsOf = (fn: keyof typeof CONFIG_ITEM_ACCESS) => {
  const guarded = guardedDocumentClient(db.endpoint, db.tables.config, fn);
  clients.push(guarded);
  return guarded.documents;
};

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => {
  for (const client of clients) client.destroy();
});

describe("the local stand-in for each role's dynamodb:LeadingKeys condition", () => {
  it('lets the authorizer look up admin keys and nothing else, sources least of all', async () => {
    const documents = documentsOf('authorizer');
    expect(await new DynamoApiKeyDirectory(documents, db.tables.config).findApiKey('no-such-hash')).toBeUndefined();
    const sources = new DynamoSourceDirectory(documents, db.tables.config, WITHHELD_SOURCE_SECRETS);
    await expect(sources.get('src_1')).rejects.toBeInstanceOf(ConfigAccessDenied);
    await expect(sources.findByKey('a-webhook-key')).rejects.toThrow(/authorizer may not touch .*"sourceKey"/);
  });

  it('checks queries, batch reads, transactions and scans by the kinds they touch', async () => {
    const sweeper = documentsOf('sweeper');
    expect(await new DynamoConfigStore(sweeper, db.tables).listPools()).toEqual([]);
    await expect(new DynamoConfigStore(sweeper, db.tables).listSources()).rejects.toBeInstanceOf(ConfigAccessDenied);
    const batch = (kind: 'rep' | 'apiKey') =>
      sweeper.send(
        new BatchGetCommand({
          RequestItems: { [db.tables.config]: { Keys: [configKey('rep', 'r1'), configKey(kind, 'x')] } },
        }),
      );
    expect((await batch('rep')).Responses).toBeDefined();
    await expect(batch('apiKey')).rejects.toBeInstanceOf(ConfigAccessDenied);
    const write = new TransactWriteCommand({
      TransactItems: [{ Put: { TableName: db.tables.config, Item: { ...configKey('apiKey', 'h'), id: 'k' } } }],
    });
    await expect(documentsOf('repLinks').send(write)).rejects.toBeInstanceOf(ConfigAccessDenied);
    await expect(documentsOf('assigner').send(new ScanCommand({ TableName: db.tables.config }))).rejects.toBeInstanceOf(
      ConfigAccessDenied,
    );
    // Other tables are not the config table's business.
    expect((await sweeper.send(new ScanCommand({ TableName: db.tables.state, Limit: 1 }))).Items).toEqual([]);
  });

  it('names only deployed functions and only kinds the config table has', () => {
    for (const [fn, kinds] of Object.entries(CONFIG_ITEM_ACCESS)) {
      expect(Object.keys(FUNCTION_ENTRIES)).toContain(fn);
      for (const kind of kinds) expect(CONFIG_KINDS).toContain(kind);
    }
    expect(CONFIG_ITEM_ACCESS.admin).toEqual(CONFIG_KINDS);
  });
});
