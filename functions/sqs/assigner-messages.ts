// What the assigner's queue (the ingest queue) carries. Every message is tagged with its
// kind: a lead to route, a notice to deliver, a lead timer falling due, a lead request (a
// rep's pass, an admin sending a leaving rep's lead on), or a rep whose notification
// subscriptions must follow their record. Producers (the assigner queue
// adapter) and the consumer (the assigner function) share this one envelope.
import * as z from 'zod/mini';
import type { LeadRequest, LeadTimer } from '../core/assignment/ports';
import { type LeadMessage, LeadMessageSchema } from '../core/leads/lead';
import { NOTIFICATION_KINDS, type RepNotification } from '../core/notices/ports';

export type AssignerMessage =
  | { kind: 'route'; lead: LeadMessage }
  | { kind: 'notice'; notice: RepNotification }
  | { kind: 'timer'; timer: LeadTimer }
  | { kind: 'lead_request'; request: LeadRequest }
  | { kind: 'sync_channels'; repId: string };

const id = z.string().check(z.minLength(1), z.maxLength(64));
const instant = z.string().check(z.maxLength(40));

const NoticeSchema = z.object({
  repId: id,
  leadId: id,
  kind: z.enum(NOTIFICATION_KINDS),
  subject: z.string().check(z.maxLength(500)),
  text: z.string().check(z.maxLength(5_000)),
  sms: z.string().check(z.maxLength(1_600)),
  link: z.optional(z.string().check(z.maxLength(2_000))),
});

const TimerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('offer_expired'), leadId: id, round: z.int().check(z.gte(1)), dueAt: instant }),
  z.object({
    type: z.literal('accept_deadline'),
    leadId: id,
    repId: id,
    reassignments: z.int().check(z.gte(0)),
    dueAt: instant,
    assignedAt: instant,
  }),
]);

const RequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('pass'),
    leadId: id,
    repId: id,
    assignedAt: instant,
    note: z.optional(z.string().check(z.maxLength(200))),
  }),
  z.object({ type: z.literal('reassign'), leadId: id, repId: id, reason: z.literal('rep_leaving') }),
]);

const AssignerMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('route'), lead: LeadMessageSchema }),
  z.object({ kind: z.literal('notice'), notice: NoticeSchema }),
  z.object({ kind: z.literal('timer'), timer: TimerSchema }),
  z.object({ kind: z.literal('lead_request'), request: RequestSchema }),
  z.object({ kind: z.literal('sync_channels'), repId: id }),
]);

/** Reads a message body; throws on anything else (it then ends in the dead-letter queue). */
export function parseAssignerMessage(body: string): AssignerMessage {
  return AssignerMessageSchema.parse(JSON.parse(body)) as AssignerMessage;
}

/** The body of a message, as sent. */
export function encodeAssignerMessage(message: AssignerMessage): string {
  return JSON.stringify(message);
}
