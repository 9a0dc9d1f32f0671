import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SourceDirectory } from '../../core/sources/ports';
import type { Source } from '../../core/sources/source';
import type { SourceSecrets } from './sealed-source-secrets';
import { type ConfigKind, configKey, stripKeys } from './table-keys';

/**
 * Read access to sources, by id or by webhook key (through the key's pointer item), their
 * secrets opened by `secrets` (sealed at rest, see sealed-source-secrets.ts).
 */
export class DynamoSourceDirectory implements SourceDirectory {
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    private readonly configTable: string,
    protected readonly secrets: SourceSecrets,
  ) {}

  async get(id: string) {
    const item = await this.getItem<Record<string, unknown>>('source', id);
    return item ? this.secrets.open(item) : undefined;
  }

  async findByKey(key: string): Promise<Source | undefined> {
    const pointer = await this.getItem<{ sourceId: string }>('sourceKey', key);
    if (!pointer) return undefined;
    const source = await this.get(pointer.sourceId);
    return source?.key === key ? source : undefined;
  }

  protected async getItem<T>(kind: ConfigKind, id: string): Promise<T | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.configTable, Key: configKey(kind, id), ConsistentRead: true }),
    );
    return Item ? (stripKeys(Item) as T) : undefined;
  }
}
