import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { prefixedTableNames, type TableNames } from '../../functions/adapters/dynamodb/table-definitions';
import { ensureTables, LOCAL_AWS, waitForDynamoDbLocal } from '../../functions/local/dynamodb-local';

export interface TestDatabase {
  endpoint: string;
  client: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  tables: TableNames;
}

let answering: Promise<string> | undefined;

/** The run's DynamoDB Local, once it answers (the run starts it without waiting). */
export function testDynamoEndpoint(): Promise<string> {
  const endpoint = inject('dynamoEndpoint');
  answering ??= waitForDynamoDbLocal(endpoint).then(() => endpoint);
  return answering;
}

/** Fresh tables (a random prefix) on the run's DynamoDB Local. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const endpoint = await testDynamoEndpoint();
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint });
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tables = prefixedTableNames(`t${randomUUID().slice(0, 8)}`);
  await ensureTables(client, tables);
  return { endpoint, client, documents, tables };
}
