import type { Notifier, RepNotification } from '../../core/notices/ports';
import { type SnsApi, xmlValue } from './sns-api';

/**
 * Rep notifications on one SNS topic. Every message carries `repId` (and `kind`) as message
 * attributes: each rep's email and SMS subscriptions filter on their own id. A notice with an
 * SMS form is published with a message per protocol (`MessageStructure: json`): SMS
 * subscriptions get the one-part text, email and every other protocol the full one.
 */
export class SnsNotifier implements Notifier {
  constructor(
    private readonly sns: SnsApi,
    private readonly topicArn: string,
  ) {}

  async notify(notification: RepNotification): Promise<void> {
    await this.sns.call('Publish', { TopicArn: this.topicArn, ...messageParams(notification, '') });
  }

  /** PublishBatch, ten at a time; entries SNS refuses are retried once, then reported. */
  async notifyMany(notifications: readonly RepNotification[]): Promise<void> {
    for (let i = 0; i < notifications.length; i += 10) {
      let entries = notifications.slice(i, i + 10).map((n, j) => ({ id: String(i + j), notification: n }));
      for (let attempt = 1; entries.length > 0; attempt++) {
        const params: Record<string, string> = { TopicArn: this.topicArn };
        entries.forEach((entry, k) => {
          const prefix = `PublishBatchRequestEntries.member.${k + 1}.`;
          params[`${prefix}Id`] = entry.id;
          Object.assign(params, messageParams(entry.notification, prefix));
        });
        const failed = failedEntries(await this.sns.call('PublishBatch', params));
        if (failed.length === 0) break;
        if (attempt >= 2)
          throw new Error(`SNS refused ${failed.length} notifications: ${failed.map((f) => f.code).join(', ')}`);
        const ids = new Set(failed.map((f) => f.id));
        entries = entries.filter((e) => ids.has(e.id));
      }
    }
  }
}

/** A notice as Publish parameters (`prefix` places them in a batch entry). */
function messageParams(notification: RepNotification, prefix: string): Record<string, string> {
  const attributes = { repId: notification.repId, kind: notification.kind, leadId: notification.leadId };
  const params: Record<string, string> = {
    [`${prefix}Subject`]: snsSubject(notification.subject),
    [`${prefix}MessageStructure`]: 'json',
    [`${prefix}Message`]: JSON.stringify({
      default: notification.text,
      email: notification.text,
      sms: notification.sms,
    }),
  };
  Object.entries(attributes).forEach(([name, value], i) => {
    const entry = `${prefix}MessageAttributes.entry.${i + 1}.`;
    params[`${entry}Name`] = name;
    params[`${entry}Value.DataType`] = 'String';
    params[`${entry}Value.StringValue`] = value;
  });
  return params;
}

/** The entries a PublishBatch answer lists under `<Failed>`. */
function failedEntries(xml: string): { id: string; code: string }[] {
  const failed = xml.match(/<Failed>([\s\S]*)<\/Failed>/)?.[1] ?? '';
  return failed
    .split('<member>')
    .slice(1)
    .map((member) => ({ id: xmlValue(member, 'Id') ?? '', code: xmlValue(member, 'Code') ?? 'unknown' }));
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
