import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { QueuedLeadKey, QueuedLeadPreview, QueuedLeads } from '../../core/pull-queues/ports';
import type { QueueOrder } from '../../core/team/pool';

/** The lead attributes a preview may read; the projection below names nothing else. */
const PREVIEW_PROJECTION = {
  ProjectionExpression:
    '#id, #createdAt, #sourceId, #poolId, #status, #f.#firstName, #f.#city, #f.#region, #f.#product, #f.#score',
  ExpressionAttributeNames: {
    '#id': 'id',
    '#createdAt': 'createdAt',
    '#sourceId': 'sourceId',
    '#poolId': 'poolId',
    '#status': 'status',
    '#f': 'fields',
    '#firstName': 'firstName',
    '#city': 'city',
    '#region': 'region',
    '#product': 'product',
    '#score': 'score',
  },
};

/**
 * Pull pools' queues, through indexes only: FIFO and LIFO read `byPool` (`queued#` sort
 * keys of the pool, forwards or backwards), score order reads the sparse `byQueueScore`.
 * Every read is a bounded Query; nothing scans.
 *
 * Previews read the leads themselves with a projection of exactly the preview fields, so
 * email, phone, last name and message never leave the table. Why not project those fields
 * into an index instead: they are nested in `fields` (an index projects top-level
 * attributes only, so they would have to be copied out on every queue move), `byPool`'s
 * projection cannot change without replacing a live index, and CloudFormation adds only one
 * index per deployment. The price is the item reads of one page of cards (at most 25).
 */
export class DynamoQueuedLeads implements QueuedLeads {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async peek(poolId: string, order: QueueOrder, limit: number): Promise<QueuedLeadKey[]> {
    const result = await this.client.send(
      new QueryCommand({ TableName: this.tableName, ...queueQuery(poolId, order), Limit: limit }),
    );
    return (result.Items ?? []).map((item) => ({ leadId: String(item.id), createdAt: String(item.createdAt) }));
  }

  async count(poolId: string, max: number): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    // Limit bounds the items read, so counting a long queue stops at `max`.
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          ...queueQuery(poolId, 'fifo'),
          Select: 'COUNT',
          Limit: max - count,
          ExclusiveStartKey: startKey,
        }),
      );
      count += result.Count ?? 0;
      startKey = result.LastEvaluatedKey;
    } while (startKey && count < max);
    return count;
  }

  async previews(poolId: string, leadIds: readonly string[]): Promise<QueuedLeadPreview[]> {
    const found = new Map<string, QueuedLeadPreview>();
    for (let i = 0; i < leadIds.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = leadIds.slice(i, i + 100).map((id) => ({ id }));
      for (let round = 0; keys?.length && round < 5; round++) {
        const result: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ...PREVIEW_PROJECTION } } }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) {
          // The index may lag: only leads still waiting in this pool are shown.
          if (item.status === 'queued' && item.poolId === poolId) found.set(String(item.id), toPreview(item));
        }
        keys = result.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return leadIds.flatMap((id) => found.get(id) ?? []);
  }
}

function queueQuery(poolId: string, order: QueueOrder) {
  if (order === 'score') {
    return {
      IndexName: 'byQueueScore',
      KeyConditionExpression: 'queuePoolId = :pool',
      ExpressionAttributeValues: { ':pool': poolId },
      ScanIndexForward: true,
    };
  }
  return {
    IndexName: 'byPool',
    KeyConditionExpression: 'poolId = :pool AND begins_with(statusCreatedAt, :queued)',
    ExpressionAttributeValues: { ':pool': poolId, ':queued': 'queued#' },
    ScanIndexForward: order === 'fifo',
  };
}

function toPreview(item: Record<string, unknown>): QueuedLeadPreview {
  const fields = (item.fields ?? {}) as Record<string, unknown>;
  const text = (name: string) => (typeof fields[name] === 'string' ? { [name]: fields[name] as string } : {});
  return {
    id: String(item.id),
    createdAt: String(item.createdAt),
    sourceId: String(item.sourceId),
    fields: {
      ...text('firstName'),
      ...text('city'),
      ...text('region'),
      ...text('product'),
      ...(typeof fields.score === 'number' ? { score: fields.score } : {}),
    },
  };
}
