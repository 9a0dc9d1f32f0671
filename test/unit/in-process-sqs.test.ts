import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { InProcessSqs } from '../../functions/adapters/local/in-process-sqs';

describe('InProcessSqs', () => {
  it('hands the consumer SQS-shaped batches of at most batchSize', async () => {
    const queue = new InProcessSqs({ name: 'q', batchSize: 3, concurrency: 1 });
    const batches: SQSEvent[] = [];
    for (let i = 0; i < 7; i++) queue.send(`m${i}`);
    queue.subscribe(async (event) => void batches.push(event));
    await queue.idle();
    expect(batches.map((b) => b.Records.map((r) => r.body))).toEqual([['m0', 'm1', 'm2'], ['m3', 'm4', 'm5'], ['m6']]);
    expect(batches[0]!.Records[0]).toMatchObject({
      eventSource: 'aws:sqs',
      attributes: { ApproximateReceiveCount: '1' },
    });
  });

  it('redelivers only the failed records, counting receives', async () => {
    const queue = new InProcessSqs({ name: 'q', retryDelayMs: () => 1 });
    const receives: string[] = [];
    queue.subscribe(async (event) => {
      const failures = event.Records.filter((r) => {
        receives.push(`${r.body}#${r.attributes.ApproximateReceiveCount}`);
        return r.body === 'flaky' && r.attributes.ApproximateReceiveCount === '1';
      });
      return { batchItemFailures: failures.map((r) => ({ itemIdentifier: r.messageId })) };
    });
    queue.send('fine');
    queue.send('flaky');
    await queue.idle();
    expect(receives).toEqual(['fine#1', 'flaky#1', 'flaky#2']);
    expect(queue.deadLetterList()).toEqual([]);
  });

  it('moves a message to the dead-letter list after maxReceiveCount receives', async () => {
    const queue = new InProcessSqs({ name: 'q', maxReceiveCount: 5, retryDelayMs: () => 1 });
    let calls = 0;
    queue.subscribe(async () => {
      calls++;
      throw new Error('always fails');
    });
    queue.send('poison');
    await queue.idle();
    expect(calls).toBe(5);
    expect(queue.deadLetterList()).toEqual([expect.objectContaining({ body: 'poison', receiveCount: 5 })]);
  });

  it('sends dead letters again on redrive, with their receives counted afresh', async () => {
    const queue = new InProcessSqs({ name: 'q', maxReceiveCount: 2, retryDelayMs: () => 1 });
    let healthy = false;
    const handled: string[] = [];
    queue.subscribe(async (event) => {
      if (!healthy) throw new Error('down');
      for (const r of event.Records) handled.push(`${r.body}#${r.attributes.ApproximateReceiveCount}`);
      return undefined;
    });
    queue.send('a');
    queue.send('b');
    await queue.idle();
    expect(queue.deadLetterList()).toHaveLength(2);
    healthy = true;
    expect(queue.redriveDeadLetters()).toBe(2);
    await queue.idle();
    expect(handled.sort()).toEqual(['a#1', 'b#1']);
    expect(queue.deadLetterList()).toEqual([]);
  });

  it('holds a delayed message until its delay has passed', async () => {
    const queue = new InProcessSqs({ name: 'q' });
    const seen: number[] = [];
    queue.subscribe(async () => void seen.push(Date.now()));
    const sent = Date.now();
    queue.send('later', 50);
    await queue.idle();
    expect(seen[0]! - sent).toBeGreaterThanOrEqual(45);
  });
});
