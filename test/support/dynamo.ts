import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { prefixedTableNames, type TableNames } from '../../functions/adapters/dynamodb/table-definitions';
import { ensureTables, LOCAL_AWS } from '../../functions/local/dynamodb-local';

export interface TestDatabase {
  endpoint: string;
  client: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  tables: TableNames;
}

/** Fresh tables (a random prefix) on the run's DynamoDB Local. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const endpoint = inject('dynamoEndpoint');
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint });
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tables = prefixedTableNames(`t${randomUUID().slice(0, 8)}`);
  await ensureTables(client, tables);
  return { endpoint, client, documents, tables };
}
