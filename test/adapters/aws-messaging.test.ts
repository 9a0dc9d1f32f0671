import { PublishBatchCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnsNotifier, snsSubject } from '../../functions/adapters/aws/sns-notifier';
import { SqsLeadQueue } from '../../functions/adapters/aws/sqs-assigner-queue';
import { aLeadMessage } from '../support/builders';

const sqs = mockClient(SQSClient);
const sns = mockClient(SNSClient);

beforeEach(() => {
  sqs.reset();
  sns.reset();
});

describe('SqsLeadQueue', () => {
  it('sends the lead snapshot as the message body', async () => {
    // Prepare
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const message = aLeadMessage('L1');
    // Act
    await new SqsLeadQueue(new SQSClient({}), 'https://sqs.local/ingest').enqueue(message);
    // Assess
    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, {
      QueueUrl: 'https://sqs.local/ingest',
      MessageBody: JSON.stringify(message),
    });
  });

  it('lets a send failure through, so the webhook does not claim success', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('throttled'));
    await expect(new SqsLeadQueue(new SQSClient({}), 'q').enqueue(aLeadMessage('L1'))).rejects.toThrow('throttled');
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
    });
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: 'arn:aws:sns:eu-west-1:1:reps',
      Subject: 'New lead: Ada',
      Message: 'New lead for you: Ada',
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
