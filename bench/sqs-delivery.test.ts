import { describe, expect, it } from 'vitest';
import type { LeadMessage } from '../functions/core/leads/lead';
import { deliverInBatches, shareOut } from './sqs-delivery';

const messages = (n: number) => Array.from({ length: n }, (_, i) => ({ leadId: `L${i}` }) as LeadMessage);

describe('delivery as the SQS event source does it', () => {
  it('hands every record of a batch over at once when the consumer is concurrent, one by one when not', async () => {
    for (const concurrent of [true, false]) {
      let inFlight = 0;
      let most = 0;
      const run = await deliverInBatches(
        messages(7),
        3,
        async (m) => {
          most = Math.max(most, ++inFlight);
          await new Promise((resolve) => setTimeout(resolve, 2));
          inFlight--;
          return m.leadId;
        },
        { concurrent },
      );
      expect(run.results).toEqual(['L0', 'L1', 'L2', 'L3', 'L4', 'L5', 'L6']);
      expect(most).toBe(concurrent ? 3 : 1);
    }
  });

  it('sends a failed record back to the end of the queue, marked redelivered', async () => {
    const seen: string[] = [];
    let failed = false;
    const run = await deliverInBatches(
      messages(3),
      10,
      async (m, redelivered) => {
        seen.push(`${m.leadId}${redelivered ? ' again' : ''}`);
        if (m.leadId === 'L1' && !failed) {
          failed = true;
          throw new Error('conflict');
        }
        return m.leadId;
      },
      { concurrent: true },
    );
    expect(seen).toEqual(['L0', 'L1', 'L2', 'L1 again']);
    expect(run).toEqual({ results: ['L0', 'L2', 'L1'], redeliveries: 1 });
  });

  it('gives up on a record that never succeeds', async () => {
    await expect(
      deliverInBatches(messages(1), 10, async () => Promise.reject(new Error('always')), { concurrent: false }),
    ).rejects.toThrow('always');
  });

  it('shares work out like a queue: item i to worker i mod n', () => {
    expect(shareOut([1, 2, 3, 4, 5], 2)).toEqual([
      [1, 3, 5],
      [2, 4],
    ]);
  });
});
