import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notifier, RepNotification } from '../../core/ports';

/**
 * Rep notifications on one SNS topic. Every message carries `repId` (and `kind`) as message
 * attributes: each rep's email and SMS subscriptions filter on their own id.
 */
export class SnsNotifier implements Notifier {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async notify(notification: RepNotification): Promise<void> {
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: snsSubject(notification.subject),
        Message: notification.text,
        MessageAttributes: {
          repId: { DataType: 'String', StringValue: notification.repId },
          kind: { DataType: 'String', StringValue: notification.kind },
          leadId: { DataType: 'String', StringValue: notification.leadId },
        },
      }),
    );
  }
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
