import { SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SnsRepChannels } from '../../functions/adapters/aws/sns-rep-channels';
import type { Rep } from '../../functions/core/team/rep';
import { aRep } from '../support/builders';
import { createTestDatabase, type TestDatabase } from '../support/dynamo';

const sns = mockClient(SNSClient);
let db: TestDatabase;
const reps = new Map<string, Rep>();

beforeAll(async () => {
  db = await createTestDatabase();
});

beforeEach(() => {
  sns.reset();
  let n = 0;
  sns.on(SubscribeCommand).callsFake(() => ({ SubscriptionArn: `arn:sub:${++n}` }));
  sns.on(UnsubscribeCommand).resolves({});
});

const channels = () =>
  new SnsRepChannels(new SNSClient({}), 'arn:topic', db.documents, db.tables.state, {
    getRep: async (id) => reps.get(id),
  });

describe('SnsRepChannels', () => {
  it('subscribes a rep’s email and phone with a filter on their id', async () => {
    reps.set('rep_a', aRep('rep_a', { email: 'ana@example.com', phone: '+14155550101' }));
    await channels().sync('rep_a');
    const filter = { FilterPolicyScope: 'MessageAttributes', FilterPolicy: '{"repId":["rep_a"]}' };
    expect(sns).toHaveReceivedCommandWith(SubscribeCommand, {
      TopicArn: 'arn:topic',
      Protocol: 'email',
      Endpoint: 'ana@example.com',
      Attributes: filter,
    });
    expect(sns).toHaveReceivedCommandWith(SubscribeCommand, {
      TopicArn: 'arn:topic',
      Protocol: 'sms',
      Endpoint: '+14155550101',
      Attributes: filter,
    });
  });

  it('changes only what changed, and leaves a rep with nothing when deleted', async () => {
    reps.set('rep_b', aRep('rep_b', { email: 'ben@example.com', phone: '+14155550102' }));
    await channels().sync('rep_b'); // arn:sub:1 email, arn:sub:2 sms
    sns.resetHistory();
    await channels().sync('rep_b');
    expect(sns).not.toHaveReceivedCommand(SubscribeCommand);

    reps.set('rep_b', aRep('rep_b', { email: 'ben@new.example', phone: '+14155550102', notifyBy: ['email'] }));
    await channels().sync('rep_b');
    expect(sns).toHaveReceivedCommandWith(UnsubscribeCommand, { SubscriptionArn: 'arn:sub:1' });
    expect(sns).toHaveReceivedCommandWith(UnsubscribeCommand, { SubscriptionArn: 'arn:sub:2' });
    expect(sns).toHaveReceivedCommandTimes(SubscribeCommand, 1);
    expect(sns).toHaveReceivedCommandWith(SubscribeCommand, { Protocol: 'email', Endpoint: 'ben@new.example' });

    sns.resetHistory();
    reps.delete('rep_b');
    await channels().sync('rep_b');
    expect(sns).toHaveReceivedCommandTimes(UnsubscribeCommand, 1);
    expect(sns).not.toHaveReceivedCommand(SubscribeCommand);
  });
});
