import {
  PublishBatchCommand,
  type PublishBatchRequestEntry,
  PublishCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import type { Notifier, RepNotification } from '../../core/notices/ports';

/**
 * Rep notifications on one SNS topic. Every message carries `repId` (and `kind`) as message
 * attributes: each rep's email and SMS subscriptions filter on their own id. A notice with an
 * SMS form is published with a message per protocol (`MessageStructure: json`): SMS
 * subscriptions get the one-part text, email and every other protocol the full one.
 */
export class SnsNotifier implements Notifier {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async notify(notification: RepNotification): Promise<void> {
    await this.client.send(new PublishCommand({ TopicArn: this.topicArn, ...message(notification) }));
  }

  /** PublishBatch, ten at a time; entries SNS refuses are retried once, then reported. */
  async notifyMany(notifications: readonly RepNotification[]): Promise<void> {
    for (let i = 0; i < notifications.length; i += 10) {
      let entries: PublishBatchRequestEntry[] = notifications
        .slice(i, i + 10)
        .map((n, j) => ({ Id: String(i + j), ...message(n) }));
      for (let attempt = 1; entries.length > 0; attempt++) {
        const { Failed = [] } = await this.client.send(
          new PublishBatchCommand({ TopicArn: this.topicArn, PublishBatchRequestEntries: entries }),
        );
        if (Failed.length === 0) break;
        if (attempt >= 2)
          throw new Error(`SNS refused ${Failed.length} notifications: ${Failed.map((f) => f.Code).join(', ')}`);
        const failed = new Set(Failed.map((f) => f.Id));
        entries = entries.filter((e) => failed.has(e.Id));
      }
    }
  }
}

function message(notification: RepNotification) {
  return {
    Subject: snsSubject(notification.subject),
    MessageStructure: 'json',
    Message: JSON.stringify({ default: notification.text, email: notification.text, sms: notification.sms }),
    MessageAttributes: {
      repId: { DataType: 'String', StringValue: notification.repId },
      kind: { DataType: 'String', StringValue: notification.kind },
      leadId: { DataType: 'String', StringValue: notification.leadId },
    },
  };
}

/** SNS subjects must be printable ASCII, one line, under 100 characters. */
export function snsSubject(text: string): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();
  const subject = /^[A-Za-z0-9\p{P}]/u.test(ascii) ? ascii : `Lead ${ascii}`.trim();
  return subject.slice(0, 99);
}
