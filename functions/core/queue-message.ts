import * as z from 'zod/mini';
import { LeadMessageSchema, type LeadMessage } from './lead';
import { NOTIFICATION_KINDS, type RepNotification } from './ports';

/** A notice for the assigner to deliver (sent by functions that do not talk to SNS). */
export interface NoticeMessage {
  type: 'notify';
  notification: RepNotification;
}

export const NoticeMessageSchema = z.object({
  type: z.literal('notify'),
  notification: z.object({
    repId: z.string().check(z.minLength(1), z.maxLength(64)),
    leadId: z.string().check(z.minLength(1), z.maxLength(64)),
    kind: z.enum(NOTIFICATION_KINDS),
    subject: z.string().check(z.maxLength(500)),
    text: z.string().check(z.maxLength(5_000)),
    link: z.optional(z.string().check(z.maxLength(2_000))),
  }),
});

/** What the ingest queue carries: a lead to route, or a notice to deliver. */
export type QueueMessage = LeadMessage | NoticeMessage;

/** Reads a queue message body; throws ValidationError-compatible zod issues on garbage. */
export function parseQueueMessage(body: unknown): { kind: 'route'; message: LeadMessage } | { kind: 'notify'; notification: RepNotification } {
  if (typeof body === 'object' && body !== null && (body as { type?: unknown }).type === 'notify') {
    const notice = NoticeMessageSchema.parse(body);
    return { kind: 'notify', notification: notice.notification as RepNotification };
  }
  return { kind: 'route', message: LeadMessageSchema.parse(body) };
}

export function noticeMessage(notification: RepNotification): NoticeMessage {
  return { type: 'notify', notification };
}
