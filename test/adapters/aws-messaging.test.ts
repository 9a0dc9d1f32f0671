import { PublishBatchCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnsNotifier, snsSubject } from '../../functions/adapters/aws/sns-notifier';
import { SqsSender } from '../../functions/adapters/aws/sqs-sender';
import { AssignerQueue } from '../../functions/adapters/messaging/assigner-queue';
import { parseAssignerMessage } from '../../functions/sqs/assigner-messages';
import { aLeadMessage } from '../support/builders';

const sqs = mockClient(SQSClient);
const sns = mockClient(SNSClient);

beforeEach(() => {
  sqs.reset();
  sns.reset();
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

describe('SnsNotifier', () => {
  it('publishes with the rep id as a message attribute, for per-rep subscription filters', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'n-1' });
    await new SnsNotifier(new SNSClient({}), 'arn:aws:sns:eu-west-1:1:reps').notify({
      repId: 'rep_1',
      leadId: 'L1',
      kind: 'assigned',
      subject: 'New lead: Ada',
      text: 'New lead for you: Ada',
      sms: 'New lead: Ada',
    });
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: 'arn:aws:sns:eu-west-1:1:reps',
      Subject: 'New lead: Ada',
      MessageStructure: 'json',
      MessageAttributes: {
        repId: { DataType: 'String', StringValue: 'rep_1' },
        kind: { DataType: 'String', StringValue: 'assigned' },
        leadId: { DataType: 'String', StringValue: 'L1' },
      },
    });
  });

  it('sends SMS subscriptions the one-part text and every other protocol the full one', async () => {
    sns.on(PublishBatchCommand).resolves({ Successful: [{ Id: '0' }], Failed: [] });
    await new SnsNotifier(new SNSClient({}), 'arn:aws:sns:eu-west-1:1:reps').notifyMany([
      {
        repId: 'rep_1',
        leadId: 'L1',
        kind: 'assigned',
        subject: 'New lead: Ada',
        text: 'New lead for you: Ada\nada@example.com\nhttps://x/l/t',
        sms: 'New lead: Ada\nhttps://x/l/t',
      },
    ]);
    const [entry] = sns.commandCalls(PublishBatchCommand)[0]!.args[0].input.PublishBatchRequestEntries!;
    expect(entry!.MessageStructure).toBe('json');
    expect(JSON.parse(entry!.Message!)).toEqual({
      default: 'New lead for you: Ada\nada@example.com\nhttps://x/l/t',
      email: 'New lead for you: Ada\nada@example.com\nhttps://x/l/t',
      sms: 'New lead: Ada\nhttps://x/l/t',
    });
  });

  it('makes subjects SNS accepts: printable ASCII, one line, under 100 characters', () => {
    expect(snsSubject('New lead: Chloé Müller\n(Zürich)')).toBe('New lead: Chloe Muller (Zurich)');
    expect(snsSubject('x'.repeat(150))).toHaveLength(99);
    expect(snsSubject('東京 lead')).toBe('lead');
  });
});
