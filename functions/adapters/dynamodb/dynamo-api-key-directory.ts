import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyStore } from '../../core/admin/ports';
import { configKey } from './table-keys';

/** Looks admin API keys up by hash: all the authorizer needs (one GetItem, nothing else). */
export class DynamoApiKeyDirectory implements Pick<ApiKeyStore, 'findApiKey'> {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly configTable: string,
  ) {}

  async findApiKey(hash: string): Promise<{ id: string; name: string } | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.configTable, Key: configKey('apiKey', hash), ConsistentRead: true }),
    );
    return Item ? { id: String(Item.id), name: String(Item.name) } : undefined;
  }
}
