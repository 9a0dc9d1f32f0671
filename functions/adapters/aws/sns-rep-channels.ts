import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RepChannels } from '../../core/notices/ports';
import { type NotifyChannel, notificationEndpoints, type Rep } from '../../core/team/rep';
import { type SnsApi, xmlValue } from './sns-api';

const PROTOCOL: Record<NotifyChannel, 'email' | 'sms'> = { email: 'email', sms: 'sms' };

/** SNS's error codes for a subscription that is not there (or never was confirmed). */
const GONE = new Set(['NotFound', 'InvalidParameter']);

interface ChannelState {
  endpoint: string;
  subscriptionArn: string;
}

/**
 * Each rep's email and SMS subscriptions on the notification topic, filtered on the rep's
 * id, kept in line with the rep record. What is subscribed is remembered in the state
 * table (`channels#<repId>`), so a sync only changes what changed. Email subscriptions
 * wait for the rep to confirm them from the message AWS sends.
 */
export class SnsRepChannels implements RepChannels {
  constructor(
    private readonly sns: SnsApi,
    private readonly topicArn: string,
    private readonly documents: DynamoDBDocumentClient,
    private readonly stateTable: string,
    private readonly reps: { getRep(id: string): Promise<Rep | undefined> },
  ) {}

  async sync(repId: string): Promise<void> {
    const key = { pk: `channels#${repId}` };
    const [rep, { Item }] = await Promise.all([
      this.reps.getRep(repId),
      this.documents.send(new GetCommand({ TableName: this.stateTable, Key: key, ConsistentRead: true })),
    ]);
    const current = (Item?.channels ?? {}) as Partial<Record<NotifyChannel, ChannelState>>;
    const wanted = notificationEndpoints(rep);
    const next: Partial<Record<NotifyChannel, ChannelState>> = {};
    for (const channel of ['email', 'sms'] as const) {
      const have = current[channel];
      const want = wanted[channel];
      if (have && have.endpoint === want) {
        next[channel] = have;
        continue;
      }
      if (have) await this.unsubscribe(have.subscriptionArn);
      if (want) {
        const answer = await this.sns.call('Subscribe', {
          TopicArn: this.topicArn,
          Protocol: PROTOCOL[channel],
          Endpoint: want,
          ReturnSubscriptionArn: 'true',
          'Attributes.entry.1.key': 'FilterPolicyScope',
          'Attributes.entry.1.value': 'MessageAttributes',
          'Attributes.entry.2.key': 'FilterPolicy',
          'Attributes.entry.2.value': JSON.stringify({ repId: [repId] }),
        });
        const subscriptionArn = xmlValue(answer, 'SubscriptionArn');
        if (subscriptionArn) next[channel] = { endpoint: want, subscriptionArn };
      }
    }
    await this.documents.send(new PutCommand({ TableName: this.stateTable, Item: { ...key, channels: next } }));
  }

  private async unsubscribe(subscriptionArn: string) {
    try {
      await this.sns.call('Unsubscribe', { SubscriptionArn: subscriptionArn });
    } catch (error) {
      // A subscription the rep never confirmed, or one already removed, is gone either way.
      if (!GONE.has((error as { name?: string }).name ?? '')) throw error;
    }
  }
}
