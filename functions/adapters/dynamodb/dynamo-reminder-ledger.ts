import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ReminderLedger } from '../../core/pull-queues/ports';

/** The key of the item that remembers a rep's last reminder about a pool's queue. */
export function reminderKey(repId: string, poolId: string): { pk: string } {
  return { pk: `remind#${repId}#${poolId}` };
}

/**
 * Queue reminders in the state table: one small item per rep and pool, written only when
 * its last reminder is older than the window. The condition is what throttles, so two
 * functions racing to remind the same rep send one reminder between them.
 */
export class DynamoReminderLedger implements ReminderLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly stateTable: string,
  ) {}

  async record(repId: string, poolId: string, atMs: number, windowMs: number) {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.stateTable,
          Key: reminderKey(repId, poolId),
          UpdateExpression: 'SET lastSentAt = :at',
          ConditionExpression: 'attribute_not_exists(lastSentAt) OR lastSentAt <= :cutoff',
          ExpressionAttributeValues: { ':at': atMs, ':cutoff': atMs - windowMs },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { recorded: true } as const;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const last = error.Item ? Number(unmarshall(error.Item).lastSentAt) : Number.NaN;
      return { recorded: false, lastAtMs: Number.isFinite(last) ? last : atMs } as const;
    }
  }
}
