import type { Context, SQSEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { createEnrichmentFunction } from '../../functions/sqs/enrichment-function';
import { fixedClock } from '../support/builders';

const job = {
  leadId: 'L9',
  sourceId: 'src_meta',
  createdAt: '2026-11-23T09:00:00.000Z',
  leadgenId: '7001',
  custom: {},
};

function aRecord(receives: number): SQSEvent['Records'][number] {
  return {
    messageId: `m-${receives}`,
    receiptHandle: 'r',
    body: JSON.stringify(job),
    attributes: {
      ApproximateReceiveCount: String(receives),
      SentTimestamp: '0',
      SenderId: 's',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:0:q',
    awsRegion: 'local',
  };
}

describe('the enrichment function', () => {
  it('marks the Meta lead failed, with the Graph API error, when its job fails its last delivery', async () => {
    const onDeliveriesExhausted = vi.fn(async () => true);
    const fn = createEnrichmentFunction(
      {
        sources: { get: async () => undefined, findByKey: async () => undefined },
        graph: { fetchLead: async () => Promise.reject(new Error('unused')) },
        linkedin: { fetchLead: async () => Promise.reject(new Error('unused')) },
        leads: { completeEnrichment: async () => Promise.reject(new Error('Graph API answered 400')) },
        queue: { enqueue: async () => undefined },
        clock: fixedClock(),
      },
      { maxReceives: 8, onDeliveriesExhausted },
    );
    await fn({ Records: [aRecord(7)] }, {} as Context);
    expect(onDeliveriesExhausted).not.toHaveBeenCalled();
    const result = await fn({ Records: [aRecord(8)] }, {} as Context);
    expect(result.batchItemFailures).toHaveLength(1);
    expect(onDeliveriesExhausted).toHaveBeenCalledWith(
      { id: 'L9', createdAt: job.createdAt },
      expect.objectContaining({ message: 'Graph API answered 400' }),
      8,
    );
  });
});
