import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SignedSnsApi } from '../../functions/adapters/aws/sns-api';
import { SnsNotifier, snsSubject } from '../../functions/adapters/aws/sns-notifier';
import { SqsSender } from '../../functions/adapters/aws/sqs-sender';
import { AssignerQueue } from '../../functions/adapters/messaging/assigner-queue';
import { parseAssignerMessage } from '../../functions/sqs/assigner-messages';
import { type AwsStubs, startAwsStubs } from '../support/aws-stubs';
import { aLeadMessage } from '../support/builders';

const sqs = mockClient(SQSClient);
// The stub sits on the client's prototype: take it off, or later files in this worker get it.
afterAll(() => sqs.restore());

beforeEach(() => {
  sqs.reset();
});

const at = (iso: string) => ({ now: () => new Date(iso) });

describe('AssignerQueue on SQS', () => {
  it('sends the lead snapshot as a message tagged "route"', async () => {
    // Prepare
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const message = aLeadMessage('L1');
    const queue = new AssignerQueue(
      new SqsSender(new SQSClient({}), 'https://sqs.local/ingest'),
      at('2026-12-01T09:00:00Z'),
    );
    // Act
    await queue.enqueue(message);
    // Assess
    const input = sqs.commandCalls(SendMessageCommand)[0]!.args[0].input;
    expect(input.QueueUrl).toBe('https://sqs.local/ingest');
    expect(input.DelaySeconds).toBeUndefined();
    expect(parseAssignerMessage(input.MessageBody!)).toEqual({ kind: 'route', lead: message });
  });

  it('holds a timer back until it is due, at most the 15 minutes SQS allows', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const queue = new AssignerQueue(new SqsSender(new SQSClient({}), 'q'), at('2026-12-01T09:00:00Z'));
    await queue.schedule({ type: 'offer_expired', leadId: 'L1', round: 1, dueAt: '2026-12-01T09:02:00.500Z' });
    await queue.schedule({ type: 'offer_expired', leadId: 'L2', round: 1, dueAt: '2026-12-01T10:00:00Z' });
    const [soon, later] = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(soon!.DelaySeconds).toBe(121);
    expect(later!.DelaySeconds).toBe(900);
    expect(parseAssignerMessage(later!.MessageBody!)).toMatchObject({ kind: 'timer', timer: { leadId: 'L2' } });
  });

  it('lets a send failure through, so the webhook does not claim success', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('throttled'));
    const queue = new AssignerQueue(new SqsSender(new SQSClient({}), 'q'), at('2026-12-01T09:00:00Z'));
    await expect(queue.enqueue(aLeadMessage('L1'))).rejects.toThrow('throttled');
  });
});

describe('SnsNotifier, signed calls to an SNS stand-in', () => {
  let stubs: AwsStubs;
  beforeAll(async () => {
    stubs = await startAwsStubs();
  });
  afterAll(() => stubs.close());
  const notifier = () =>
    new SnsNotifier(
      new SignedSnsApi({
        endpoint: new URL(stubs.endpoint),
        credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }),
      }),
      'arn:aws:sns:eu-west-1:1:reps',
    );

  it('publishes with the rep id as a message attribute, for per-rep subscription filters', async () => {
    await notifier().notify({
      repId: 'rep_1',
      leadId: 'L1',
      kind: 'assigned',
      subject: 'New lead: Ada',
      text: 'New lead for you: Ada',
      sms: 'New lead: Ada',
    });
    expect(stubs.published.at(-1)).toMatchObject({
      topicArn: 'arn:aws:sns:eu-west-1:1:reps',
      subject: 'New lead: Ada',
      attributes: { repId: 'rep_1', kind: 'assigned', leadId: 'L1' },
    });
  });

  it('sends SMS subscriptions the one-part text and every other protocol the full one', async () => {
    await notifier().notifyMany([
      {
        repId: 'rep_1',
        leadId: 'L1',
        kind: 'assigned',
        subject: 'New lead: Ada',
        text: 'New lead for you: Ada & Co\nada@example.com\nhttps://x/l/t?a=1+2',
        sms: 'New lead: Ada\nhttps://x/l/t?a=1+2',
      },
    ]);
    expect(stubs.published.at(-1)!.delivered).toEqual({
      email: 'New lead for you: Ada & Co\nada@example.com\nhttps://x/l/t?a=1+2',
      sms: 'New lead: Ada\nhttps://x/l/t?a=1+2',
    });
  });

  it('publishes eleven notices in two batches, each with its own attributes', async () => {
    const before = stubs.published.length;
    const notices = Array.from({ length: 11 }, (_, i) => ({
      repId: `rep_${i}`,
      leadId: `L${i}`,
      kind: 'assigned' as const,
      subject: `Lead ${i}`,
      text: `Lead ${i}`,
      sms: `Lead ${i}`,
    }));
    await notifier().notifyMany(notices);
    expect(stubs.published.slice(before).map((p) => p.attributes.repId)).toEqual(notices.map((n) => n.repId));
  });

  it("fails with SNS's error code when SNS refuses the call", async () => {
    await expect(
      new SignedSnsApi({
        endpoint: new URL(stubs.endpoint),
        credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }),
      }).call('CreateTopic', {}),
    ).rejects.toMatchObject({ name: 'InvalidAction', status: 400 });
  });

  it('makes subjects SNS accepts: printable ASCII, one line, under 100 characters', () => {
    expect(snsSubject('New lead: Chloé Müller\n(Zürich)')).toBe('New lead: Chloe Muller (Zurich)');
    expect(snsSubject('x'.repeat(150))).toHaveLength(99);
    expect(snsSubject('東京 lead')).toBe('lead');
  });
});
