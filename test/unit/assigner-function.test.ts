import type { Context, SQSEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import type { LeadAssigner } from '../../functions/core/assignment/assigner';
import { createAssignerFunction } from '../../functions/sqs/assigner-function';
import { encodeAssignerMessage } from '../../functions/sqs/assigner-messages';
import { aLeadMessage, fixedClock } from '../support/builders';
import { RecordingNotifier } from '../support/memory-stores';

function aRecord(body: string, receives: number): SQSEvent['Records'][number] {
  return {
    messageId: `m-${receives}-${body.length}`,
    receiptHandle: 'r',
    body,
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

function aFunction(failing: boolean) {
  const onDeliveriesExhausted = vi.fn(async () => true);
  const assigner: LeadAssigner = {
    assign: async () => {
      if (failing) throw new Error('Transaction cancelled');
      return { leadId: 'L1', status: 'duplicate' };
    },
  };
  const notifier = new RecordingNotifier();
  notifier.notify = async () => Promise.reject(new Error('SNS down'));
  const fn = createAssignerFunction(assigner, {
    notifier,
    onTimer: async () => undefined,
    onLeadRequest: async () => undefined,
    timers: { schedule: async () => undefined },
    clock: fixedClock(),
    channels: { sync: async () => undefined },
    maxReceives: 5,
    onDeliveriesExhausted,
  });
  const run = (...records: SQSEvent['Records']) => fn({ Records: records }, {} as Context);
  return { run, onDeliveriesExhausted };
}

describe('the assigner function', () => {
  const route = encodeAssignerMessage({ kind: 'route', lead: aLeadMessage('L1') });

  it('marks the lead failed when the last delivery of its message fails, and still fails the record', async () => {
    const { run, onDeliveriesExhausted } = aFunction(true);
    const result = await run(aRecord(route, 5));
    expect(result?.batchItemFailures).toHaveLength(1);
    expect(onDeliveriesExhausted).toHaveBeenCalledWith(
      { id: 'L1', createdAt: aLeadMessage('L1').createdAt },
      expect.objectContaining({ message: 'Transaction cancelled' }),
      5,
    );
  });

  it('leaves the lead alone while deliveries remain, and for messages that are not a lead to route', async () => {
    const { run, onDeliveriesExhausted } = aFunction(true);
    await run(aRecord(route, 4));
    const notice = encodeAssignerMessage({
      kind: 'notice',
      notice: { repId: 'r', leadId: 'L1', kind: 'assigned', subject: 's', text: 't', sms: 's' },
    });
    await run(aRecord(notice, 5), aRecord('not json', 5));
    expect(onDeliveriesExhausted).not.toHaveBeenCalled();
  });

  it('does not mark a lead whose message succeeded on its last delivery', async () => {
    const { run, onDeliveriesExhausted } = aFunction(false);
    expect((await run(aRecord(route, 5)))?.batchItemFailures).toEqual([]);
    expect(onDeliveriesExhausted).not.toHaveBeenCalled();
  });
});
