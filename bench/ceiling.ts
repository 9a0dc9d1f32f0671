// The engine's ceiling for one hot item: the most conditional single-item writes per second
// DynamoDB Local takes on one item at the run's concurrency, measured around our rounds.
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Engine } from './engine';
import { countedDocumentClient } from './request-counter';

export interface CeilingRun {
  workers: number;
  seconds: number;
  updates: number;
  updatesPerSecond: number;
  failed: number;
}

/** `workers` loops of conditional `UpdateItem SET n = n + 1` on one item, for `seconds`. */
export async function runCeiling(
  engine: Engine,
  options: { workers: number; seconds: number; key: string },
): Promise<CeilingRun> {
  const key = { pk: options.key };
  await engine.documents.send(new PutCommand({ TableName: engine.tables.state, Item: { ...key, n: 0 } }));
  const clients = Array.from({ length: options.workers }, () => countedDocumentClient(engine.endpoint));
  let updates = 0;
  let failed = 0;
  try {
    const started = performance.now();
    const deadline = started + options.seconds * 1000;
    await Promise.all(
      clients.map(async ({ documents }) => {
        while (performance.now() < deadline) {
          try {
            await documents.send(
              new UpdateCommand({
                TableName: engine.tables.state,
                Key: key,
                UpdateExpression: 'SET n = n + :one',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':one': 1 },
              }),
            );
            updates++;
          } catch {
            failed++;
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { workers: options.workers, seconds, updates, updatesPerSecond: updates / seconds, failed };
  } finally {
    for (const c of clients) c.client.destroy();
  }
}
