// DynamoDB Local's change stream of the leads table, read in process: what Lambda's event
// source mapping does in AWS. It polls every shard from the moment it starts (changes made
// before belong to an earlier run), hands each batch of records to the consumers through the
// same record-to-change step as the deployed function, and stops with the stack.
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  type DynamoDBStreamsClientConfig,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { LeadChangeConsumer } from '../../core/leads/ports';
import { consumeLeadStream, type LeadStreamRecord } from '../dynamodb/lead-change-stream';

export interface LocalLeadChangesOptions {
  client: DynamoDBClient;
  /** The streams client's settings (endpoint, region, credentials): DynamoDB Local's. */
  streamsConfig: DynamoDBStreamsClientConfig;
  tableName: string;
  consumers: readonly LeadChangeConsumer[];
  /** Pause between polls of a shard with nothing new. */
  pollMs?: number;
  /** Records per read (Lambda's batch size). */
  batchSize?: number;
  onError?: (error: unknown) => void;
}

interface ShardPosition {
  /** The last record read (consumed, or skipped at start). */
  lastSeq?: string;
  iterator?: string;
}

/**
 * Reads the leads table's stream until stopped; `caughtUp()` resolves once every change so far
 * is consumed. DynamoDB Local numbers stream records across all tables, so an iterator held
 * over a gap (LATEST, or the one an empty read returns) fails as "trimmed": a new one is then
 * taken after the last sequence number read.
 */
export class LocalLeadChanges {
  private readonly streams: DynamoDBStreamsClient;
  private readonly shards = new Map<string, ShardPosition>();
  private streamArn = '';
  private stopped = false;
  private loop: Promise<void> | undefined;
  private polls = 0;
  /** Whether a pass over the shards is under way (it may have read them before the caller's write). */
  private passing = false;
  private waiters: { after: number; resolve: () => void }[] = [];

  constructor(private readonly options: LocalLeadChangesOptions) {
    this.streams = new DynamoDBStreamsClient(options.streamsConfig);
  }

  /** Starts reading: what the stream already holds (an earlier run's changes) is skipped. */
  async start(): Promise<void> {
    const { Table } = await this.options.client.send(new DescribeTableCommand({ TableName: this.options.tableName }));
    if (!Table?.LatestStreamArn) throw new Error(`${this.options.tableName} has no change stream`);
    this.streamArn = Table.LatestStreamArn;
    await this.discoverShards();
    while ((await this.pollOnce(false)) && !this.stopped);
    this.loop = this.run();
  }

  /** Resolves after a full pass over every shard that began after this call (so earlier writes are consumed). */
  caughtUp(): Promise<void> {
    // A pass under way may have read a shard before the caller's last write: wait for the next one.
    const after = this.polls + (this.passing ? 2 : 1);
    return new Promise((resolve) => this.waiters.push({ after, resolve }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    this.streams.destroy();
    for (const waiter of this.waiters) waiter.resolve();
  }

  private async discoverShards(): Promise<void> {
    const { StreamDescription } = await this.streams.send(new DescribeStreamCommand({ StreamArn: this.streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (shard.ShardId && !this.shards.has(shard.ShardId)) this.shards.set(shard.ShardId, {});
    }
  }

  private async run(): Promise<void> {
    const pollMs = this.options.pollMs ?? 200;
    while (!this.stopped) {
      try {
        this.passing = true;
        let busy: boolean;
        try {
          busy = await this.pollOnce(true);
        } finally {
          // Ended and counted in one step: no caller can slip in between.
          this.passing = false;
        }
        this.polls++;
        const due = this.waiters.filter((w) => w.after <= this.polls);
        this.waiters = this.waiters.filter((w) => w.after > this.polls);
        for (const waiter of due) waiter.resolve();
        // Shards roll over rarely (every few hours in DynamoDB Local): look for new ones now and then.
        if (this.polls % 20 === 0) await this.discoverShards();
        if (!busy) await sleep(pollMs);
      } catch (error) {
        this.options.onError?.(error);
        await sleep(pollMs * 10);
      }
    }
  }

  /** One read of every shard, handing the records to the consumers (or skipping them); true when any had records. */
  private async pollOnce(consume: boolean): Promise<boolean> {
    let busy = false;
    for (const [shardId, position] of this.shards) {
      if (this.stopped) break;
      const iterator = position.iterator ?? (await this.iteratorAfter(shardId, position.lastSeq));
      if (!iterator) continue;
      const read = await this.streams
        .send(new GetRecordsCommand({ ShardIterator: iterator, Limit: this.options.batchSize ?? 100 }))
        .catch((error: Error) => {
          if (!STALE_ITERATOR.has(error.name)) throw error;
          return undefined;
        });
      const records = (read?.Records ?? []) as (LeadStreamRecord & { dynamodb?: { SequenceNumber?: string } })[];
      if (records.length === 0) {
        // Kept for the next poll; when a gap makes it fail as "trimmed", a new one is taken.
        position.iterator = read?.NextShardIterator;
        continue;
      }
      busy = true;
      // As Lambda does with the deployed function's partial batch answer: a record that fails is
      // read again, with the ones after it, and the ones before it are not counted twice.
      const failed = consume
        ? (await consumeLeadStream(records, this.options.consumers, (error) => this.options.onError?.(error)))
            .batchItemFailures[0]?.itemIdentifier
        : undefined;
      const done =
        failed === undefined
          ? records
          : records.slice(
              0,
              records.findIndex((r) => r.dynamodb?.SequenceNumber === failed),
            );
      position.lastSeq = done.at(-1)?.dynamodb?.SequenceNumber ?? position.lastSeq;
      position.iterator = failed === undefined ? read?.NextShardIterator : undefined;
    }
    return busy;
  }

  private async iteratorAfter(shardId: string, lastSeq: string | undefined): Promise<string | undefined> {
    const { ShardIterator } = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.streamArn,
        ShardId: shardId,
        ...(lastSeq
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: lastSeq }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  }
}

/** Errors that mean "take a new iterator", not "the stream is broken". */
const STALE_ITERATOR = new Set(['TrimmedDataAccessException', 'ExpiredIteratorException', 'ValidationException']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
