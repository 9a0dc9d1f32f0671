import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { WebhookStore } from '../../core/webhooks/ports';
import type { StoredWebhook, WebhookDelivery } from '../../core/webhooks/webhook';
import { configKey, stripKeys } from './table-keys';

/** How long a delivery record is kept (DynamoDB's TTL deletes it after). */
const DELIVERY_RETENTION_SECONDS = 30 * 24 * 60 * 60;

const deliveryKey = (subscriptionId: string, deliveryId: string) =>
  configKey('webhookDelivery', `${subscriptionId}#${deliveryId}`);

/**
 * Webhook subscriptions (`webhook`) and delivery records (`webhookDelivery`, sorted under
 * `<subscriptionId>#<eventId>`) in the config table.
 */
export class DynamoWebhookStore implements WebhookStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async saveWebhook(webhook: StoredWebhook): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...configKey('webhook', webhook.id), ...webhook } }),
    );
  }

  async getWebhook(id: string): Promise<StoredWebhook | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: configKey('webhook', id), ConsistentRead: true }),
    );
    return Item ? (stripKeys(Item) as StoredWebhook) : undefined;
  }

  async listWebhooks(): Promise<StoredWebhook[]> {
    const items: StoredWebhook[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'webhook' },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) items.push(stripKeys(item) as StoredWebhook);
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async deleteWebhook(id: string): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: configKey('webhook', id),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async saveDelivery(delivery: WebhookDelivery): Promise<void> {
    const expiresAt = Math.floor(Date.parse(delivery.createdAt) / 1000) + DELIVERY_RETENTION_SECONDS;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...deliveryKey(delivery.subscriptionId, delivery.id), ...delivery, expiresAt },
      }),
    );
  }

  async getDelivery(subscriptionId: string, deliveryId: string): Promise<WebhookDelivery | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: deliveryKey(subscriptionId, deliveryId), ConsistentRead: true }),
    );
    return Item ? toDelivery(Item) : undefined;
  }

  async listDeliveries(subscriptionId: string, limit: number): Promise<WebhookDelivery[]> {
    const deliveries: WebhookDelivery[] = [];
    let start: Record<string, unknown> | undefined;
    // Keyed by event id, not by time: read the subscription's records, then order them (bounded by the retention).
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': 'webhookDelivery', ':prefix': `${subscriptionId}#` },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) deliveries.push(toDelivery(item));
      start = page.LastEvaluatedKey;
    } while (start && deliveries.length < 5_000);
    const lastAt = (d: WebhookDelivery) => d.attempts.at(-1)?.at ?? d.createdAt;
    return deliveries.sort((a, b) => lastAt(b).localeCompare(lastAt(a))).slice(0, limit);
  }
}

/** A rep's or source's name alone (a source's secrets are never read), for Slack messages. */
export async function configItemName(
  client: DynamoDBDocumentClient,
  tableName: string,
  kind: 'rep' | 'source',
  id: string,
): Promise<string | undefined> {
  const { Item } = await client.send(
    new GetCommand({
      TableName: tableName,
      Key: configKey(kind, id),
      ProjectionExpression: '#name',
      ExpressionAttributeNames: { '#name': 'name' },
    }),
  );
  return typeof Item?.name === 'string' ? Item.name : undefined;
}

function toDelivery(item: Record<string, unknown>): WebhookDelivery {
  const { expiresAt: _e, ...delivery } = stripKeys(item);
  return delivery as WebhookDelivery;
}
