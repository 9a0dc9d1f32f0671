// Feeds messages to a consumer the way the SQS event source does: batches of up to the
// stack's batch size, and a record that fails comes back at the end of the queue. The same
// delivery serves our assigner and the peers, so batch handling is never what differs.
import type { LeadMessage } from '../functions/core/leads/lead';

/** What a consumer does with one record; `redelivered` once an earlier receive failed. */
export type RecordHandler<T> = (message: LeadMessage, redelivered: boolean) => Promise<T>;

/** How many receives a record gets before the run gives up (the queue's maxReceiveCount stands in). */
const MAX_RECEIVES = 20;

/**
 * Delivers `messages` to one consumer in batches of `batchSize`. `concurrent`: all records of
 * a batch at once (as our SQS consumer does), or one after another (the usual
 * `for (const record of event.Records)`).
 */
export async function deliverInBatches<T>(
  messages: readonly LeadMessage[],
  batchSize: number,
  handle: RecordHandler<T>,
  options: { concurrent: boolean },
): Promise<{ results: T[]; redeliveries: number }> {
  const results: T[] = [];
  let redeliveries = 0;
  const queue = messages.map((message) => ({ message, receives: 0 }));
  while (queue.length > 0) {
    const batch = queue.splice(0, batchSize);
    const settled = options.concurrent
      ? await Promise.allSettled(batch.map((m) => handle(m.message, m.receives > 0)))
      : await oneAfterAnother(batch, (m) => handle(m.message, m.receives > 0));
    settled.forEach((result, i) => {
      const record = batch[i]!;
      if (result.status === 'fulfilled') results.push(result.value);
      else if (record.receives + 1 < MAX_RECEIVES) {
        redeliveries++;
        queue.push({ ...record, receives: record.receives + 1 });
      } else throw result.reason;
    });
  }
  return { results, redeliveries };
}

async function oneAfterAnother<I, T>(items: readonly I[], run: (item: I) => Promise<T>) {
  const settled: PromiseSettledResult<T>[] = [];
  for (const item of items) {
    try {
      settled.push({ status: 'fulfilled', value: await run(item) });
    } catch (reason) {
      settled.push({ status: 'rejected', reason });
    }
  }
  return settled;
}

/** Splits items among `workers` like a queue handing out work: item i goes to worker i mod n. */
export function shareOut<T>(items: readonly T[], workers: number): T[][] {
  const shares: T[][] = Array.from({ length: workers }, () => []);
  for (const [i, item] of items.entries()) shares[i % workers]!.push(item);
  return shares;
}
