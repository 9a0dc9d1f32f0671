import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SnsApi } from '../../functions/adapters/aws/sns-api';
import { SnsRepChannels } from '../../functions/adapters/aws/sns-rep-channels';
import type { Rep } from '../../functions/core/team/rep';
import { aRep } from '../support/builders';
import { createTestDatabase, type TestDatabase } from '../support/dynamo';

/** SNS as the channels call it: each call recorded, Subscribe answered with a new subscription. */
class RecordingSns implements SnsApi {
  calls: { action: string; params: Record<string, string> }[] = [];
  private n = 0;
  async call(action: string, params: Record<string, string>) {
    this.calls.push({ action, params });
    return action === 'Subscribe'
      ? `<SubscribeResponse><SubscribeResult><SubscriptionArn>arn:sub:${++this.n}</SubscriptionArn></SubscribeResult></SubscribeResponse>`
      : '<UnsubscribeResponse/>';
  }
  of(action: string) {
    return this.calls.filter((c) => c.action === action).map((c) => c.params);
  }
}

let sns: RecordingSns;
let db: TestDatabase;
const reps = new Map<string, Rep>();

beforeAll(async () => {
  db = await createTestDatabase();
});

beforeEach(() => {
  sns = new RecordingSns();
});

const channels = () =>
  new SnsRepChannels(sns, 'arn:topic', db.documents, db.tables.state, {
    getRep: async (id) => reps.get(id),
  });

describe('SnsRepChannels', () => {
  it('subscribes a rep’s email and phone with a filter on their id', async () => {
    reps.set('rep_a', aRep('rep_a', { email: 'ana@example.com', phone: '+14155550101' }));
    await channels().sync('rep_a');
    const filter = {
      'Attributes.entry.1.key': 'FilterPolicyScope',
      'Attributes.entry.1.value': 'MessageAttributes',
      'Attributes.entry.2.key': 'FilterPolicy',
      'Attributes.entry.2.value': '{"repId":["rep_a"]}',
    };
    expect(sns.of('Subscribe')).toEqual([
      {
        TopicArn: 'arn:topic',
        Protocol: 'email',
        Endpoint: 'ana@example.com',
        ReturnSubscriptionArn: 'true',
        ...filter,
      },
      { TopicArn: 'arn:topic', Protocol: 'sms', Endpoint: '+14155550101', ReturnSubscriptionArn: 'true', ...filter },
    ]);
  });

  it('changes only what changed, and leaves a rep with nothing when deleted', async () => {
    reps.set('rep_b', aRep('rep_b', { email: 'ben@example.com', phone: '+14155550102' }));
    await channels().sync('rep_b'); // arn:sub:1 email, arn:sub:2 sms
    sns.calls = [];
    await channels().sync('rep_b');
    expect(sns.calls).toEqual([]);

    reps.set('rep_b', aRep('rep_b', { email: 'ben@new.example', phone: '+14155550102', notifyBy: ['email'] }));
    await channels().sync('rep_b');
    expect(sns.of('Unsubscribe')).toEqual([{ SubscriptionArn: 'arn:sub:1' }, { SubscriptionArn: 'arn:sub:2' }]);
    expect(sns.of('Subscribe')).toMatchObject([{ Protocol: 'email', Endpoint: 'ben@new.example' }]);

    sns.calls = [];
    reps.delete('rep_b');
    await channels().sync('rep_b');
    expect(sns.of('Unsubscribe')).toHaveLength(1);
    expect(sns.of('Subscribe')).toEqual([]);
  });

  it('takes a subscription SNS no longer knows as gone', async () => {
    reps.set('rep_c', aRep('rep_c', { email: 'cy@example.com' }));
    await channels().sync('rep_c');
    sns.call = async (action) => {
      if (action === 'Unsubscribe') throw Object.assign(new Error('Subscription does not exist'), { name: 'NotFound' });
      return '';
    };
    reps.delete('rep_c');
    await expect(channels().sync('rep_c')).resolves.toBeUndefined();
  });
});
