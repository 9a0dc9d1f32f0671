import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalLeadChanges } from '../../functions/adapters/local/local-lead-changes';
import { LOCAL_AWS } from '../../functions/local/dynamodb-local';

const dynamo = mockClient(DynamoDBClient);
const streams = mockClient(DynamoDBStreamsClient);
afterAll(() => {
  dynamo.restore();
  streams.restore();
});

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 2));
  expect(condition()).toBe(true);
};

describe('the local reader of the leads stream', () => {
  it('says it caught up only after a pass that began after the call, not the one already reading', async () => {
    dynamo.on(DescribeTableCommand).resolves({ Table: { LatestStreamArn: 'arn:stream' } });
    streams.on(DescribeStreamCommand).resolves({ StreamDescription: { Shards: [{ ShardId: 'shard-1' }] } });
    streams.on(GetShardIteratorCommand).resolves({ ShardIterator: 'iterator' });
    // The second read (the first pass of the loop) is held open until the test lets it answer.
    let reads = 0;
    let answer: (output: GetRecordsCommandOutput) => void = () => undefined;
    const empty = { Records: [], NextShardIterator: 'iterator', $metadata: {} };
    streams.on(GetRecordsCommand).callsFake(() => {
      reads++;
      return reads === 2 ? new Promise((resolve) => (answer = resolve)) : Promise.resolve(empty);
    });
    const changes = new LocalLeadChanges({
      client: new DynamoDBClient(LOCAL_AWS),
      streamsConfig: LOCAL_AWS,
      tableName: 'leads',
      consumers: [],
      pollMs: 1,
    });
    await changes.start();
    await until(() => reads === 2);

    // A write lands while that pass is reading: the pass may have missed it.
    let readsWhenCaughtUp: number | undefined;
    const caughtUp = changes.caughtUp().then(() => (readsWhenCaughtUp = reads));
    answer(empty);
    await caughtUp;
    await changes.stop();

    expect(readsWhenCaughtUp).toBeGreaterThanOrEqual(3);
  });
});
