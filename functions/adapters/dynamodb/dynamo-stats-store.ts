import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StatsStore } from '../../core/stats/ports';
import { rowKeyOf, type StatsCounts, type StatsDelta, type StatsRow } from '../../core/stats/stats-row';

const DIMENSIONS = ['poolId', 'repId', 'sourceId', 'rule'] as const;
const KEYS = new Set(['pk', 'sk', ...DIMENSIONS]);

/**
 * The stats aggregates in DynamoDB: one item per day (`pk`) and pool × rep × source × rule
 * (`sk`), its counters top-level number attributes. A lead change adds to its rows with one
 * `ADD` update each (1 WRU while the item stays under 1 KB), so concurrent consumers never
 * read-modify-write. A day's rows are one partition, read with one paged query.
 */
export class DynamoStatsStore implements StatsStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(deltas: readonly StatsDelta[]): Promise<void> {
    for (const { key, counts } of deltas) {
      const counters = Object.entries(counts).filter(([, n]) => n !== 0);
      if (counters.length === 0) continue;
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      const sets = DIMENSIONS.map((dimension, i) => {
        names[`#d${i}`] = dimension;
        values[`:d${i}`] = key[dimension];
        return `#d${i} = :d${i}`;
      });
      const adds = counters.map(([name, n], i) => {
        names[`#c${i}`] = name;
        values[`:c${i}`] = n;
        return `#c${i} :c${i}`;
      });
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: key.day, sk: rowKeyOf(key) },
          UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    }
  }

  async rowsOf(days: readonly string[]): Promise<StatsRow[]> {
    const rows: StatsRow[] = [];
    for (const day of days) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :day',
            ExpressionAttributeValues: { ':day': day },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) rows.push(rowOf(day, item));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    return rows;
  }
}

function rowOf(day: string, item: Record<string, unknown>): StatsRow {
  const counts: StatsCounts = {};
  for (const [name, value] of Object.entries(item))
    if (!KEYS.has(name) && typeof value === 'number') counts[name] = value;
  return {
    key: {
      day,
      poolId: String(item.poolId),
      repId: String(item.repId),
      sourceId: String(item.sourceId),
      rule: String(item.rule),
    },
    counts,
  };
}
