import * as z from 'zod/mini';
import { type LeadMessage, LeadMessageSchema } from '../core/leads/lead';
import { type LeadTimer, NOTIFICATION_KINDS, type RepNotification } from '../core/shared/ports';

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
    sms: z.optional(z.string().check(z.maxLength(1_600))),
    link: z.optional(z.string().check(z.maxLength(2_000))),
  }),
});

/** A lead timer falling due (an offer window, an accept deadline). */
export interface TimerMessage {
  type: 'timer';
  timer: LeadTimer;
}

const id = z.string().check(z.minLength(1), z.maxLength(64));
export const TimerMessageSchema = z.object({
  type: z.literal('timer'),
  timer: z.discriminatedUnion('type', [
    z.object({ type: z.literal('offer_expired'), leadId: id, round: z.int().check(z.gte(1)), dueAt: z.string() }),
    z.object({
      type: z.literal('accept_deadline'),
      leadId: id,
      repId: id,
      reassignments: z.int().check(z.gte(0)),
      dueAt: z.string(),
      assignedAt: z.optional(z.string().check(z.maxLength(40))),
    }),
  ]),
});

/** A rep's email, phone or choices changed: their subscriptions must follow. */
export interface ChannelSyncMessage {
  type: 'sync_channels';
  repId: string;
}

const ChannelSyncMessageSchema = z.object({ type: z.literal('sync_channels'), repId: id });

/** What the ingest queue carries: a lead to route, a notice to deliver, a timer, a subscription sync. */
export type QueueMessage = LeadMessage | NoticeMessage | TimerMessage | ChannelSyncMessage;

export type ParsedQueueMessage =
  | { kind: 'route'; message: LeadMessage }
  | { kind: 'notify'; notification: RepNotification }
  | { kind: 'timer'; timer: LeadTimer }
  | { kind: 'sync_channels'; repId: string };

/** Reads a queue message body; throws zod issues on garbage (it then ends in the dead-letter queue). */
export function parseQueueMessage(body: unknown): ParsedQueueMessage {
  const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
  if (type === 'notify')
    return { kind: 'notify', notification: NoticeMessageSchema.parse(body).notification as RepNotification };
  if (type === 'timer') return { kind: 'timer', timer: TimerMessageSchema.parse(body).timer };
  if (type === 'sync_channels') return { kind: 'sync_channels', repId: ChannelSyncMessageSchema.parse(body).repId };
  return { kind: 'route', message: LeadMessageSchema.parse(body) };
}

export function timerMessage(timer: LeadTimer): TimerMessage {
  return { type: 'timer', timer };
}

/** SQS can delay a message at most 15 minutes; longer timers re-enqueue themselves. */
export const MAX_QUEUE_DELAY_SECONDS = 900;

/** The delay, in whole seconds within SQS's limit, until `dueAt`. */
export function queueDelaySeconds(dueAt: string, now: Date): number {
  return Math.max(0, Math.min(MAX_QUEUE_DELAY_SECONDS, Math.ceil((Date.parse(dueAt) - now.getTime()) / 1000)));
}

export function noticeMessage(notification: RepNotification): NoticeMessage {
  return { type: 'notify', notification };
}
