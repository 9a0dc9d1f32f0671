// The leads table's change stream on DynamoDB Local, read in process: the local stack's
// stand-in for the Lambda event source mapping. Polls every shard, hands the records to the
// same consumers the deployed function runs, and stops with the stack.
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { LeadChangeConsumer } from '../../core/leads/ports';
import { consumeLeadStream, type LeadStreamRecord } from '../dynamodb/lead-change-stream';

export interface LocalLeadChangesOptions {
  client: DynamoDBClient;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  tableName: string;
  consumers: readonly LeadChangeConsumer[];
  /** How often the shards are read (default 200 ms). */
  pollMs?: number;
  onError?: (error: unknown) => void;
}

/** A running reader of the leads stream. */
export interface LocalLeadChanges {
  /** Resolves once every change written before the call has been consumed. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts reading the stream from now (past the records of the shards open at start: earlier
 * writes were counted by an earlier run), and every shard opened later from its start.
 */
export async function startLocalLeadChanges(options: LocalLeadChangesOptions): Promise<LocalLeadChanges> {
  const { Table } = await options.client.send(new DescribeTableCommand({ TableName: options.tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`The local table ${options.tableName} has no stream`);
  const streams = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: options.region,
    credentials: options.credentials,
  });
  const iterators = new Map<string, string | undefined>();
  const iteratorOf = async (shardId: string, type: 'TRIM_HORIZON') =>
    (
      await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: type }),
      )
    ).ShardIterator;
  /** Past a shard's records so far (DynamoDB Local refuses some `LATEST` iterators, so: read and drop). */
  const skipToEnd = async (iterator: string | undefined) => {
    for (let pages = 0; iterator && pages < 1_000; pages++) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      if (!page.Records?.length) return page.NextShardIterator;
      iterator = page.NextShardIterator;
    }
    return iterator;
  };
  const discover = async (atStart: boolean) => {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
      const iterator = await iteratorOf(shard.ShardId, 'TRIM_HORIZON');
      iterators.set(shard.ShardId, atStart ? await skipToEnd(iterator) : iterator);
    }
  };
  await discover(true);

  let stopped = false;
  let round: Promise<number> = Promise.resolve(0);
  /** Reads every open shard once; how many records it consumed. */
  const readOnce = async (): Promise<number> => {
    await discover(false);
    let consumed = 0;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue;
      let page: GetRecordsCommandOutput;
      try {
        page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      } catch (error) {
        // DynamoDB Local refuses to go on from an iterator on a shard that had no records
        // yet; nothing was skipped, so read that shard from its start again.
        if ((error as Error).name !== 'TrimmedDataAccessException') throw error;
        iterators.set(shardId, await iteratorOf(shardId, 'TRIM_HORIZON'));
        continue;
      }
      const records = (page.Records ?? []) as LeadStreamRecord[];
      await consumeLeadStream(records, options.consumers, (error) => options.onError?.(error));
      consumed += records.length;
      iterators.set(shardId, page.NextShardIterator);
    }
    return consumed;
  };
  const next = () => {
    round = round
      .then(() => (stopped ? 0 : readOnce()))
      .catch((error) => {
        options.onError?.(error);
        return 0;
      });
    return round;
  };
  const timer = setInterval(() => void next(), options.pollMs ?? 200);
  timer.unref();

  return {
    async caughtUp() {
      // Two reads in a row that find nothing: what was written before the call is consumed.
      for (let empty = 0, rounds = 0; empty < 2 && rounds < 100; rounds++) empty = (await next()) === 0 ? empty + 1 : 0;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await round;
      streams.destroy();
    },
  };
}
