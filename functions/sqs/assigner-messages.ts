// What the assigner's queue (the ingest queue) carries. Every message is tagged with its
// kind: a lead to route, a notice to deliver, a lead timer falling due, a lead request (a
// rep's pass, an admin sending a leaving rep's lead on), or a rep whose notification
// subscriptions must follow their record. Producers (the assigner queue
// adapter) and the consumer (the assigner function) share this one envelope.
import type { LeadRequest, LeadTimer } from '../core/assignment/ports';
import type { LeadMessage } from '../core/leads/lead';
import { NOTIFICATION_KINDS, type RepNotification } from '../core/notices/ports';

export type AssignerMessage =
  | { kind: 'route'; lead: LeadMessage }
  | { kind: 'notice'; notice: RepNotification }
  | { kind: 'timer'; timer: LeadTimer }
  | { kind: 'lead_request'; request: LeadRequest }
  | { kind: 'sync_channels'; repId: string };

// Only our own functions write these messages (a lead's fields were checked at intake), so a
// shape check by hand guards against a wrong deployment; zod would add 30 KB to the assigner.
type Check = (value: unknown) => boolean;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text =
  (max: number, min = 0): Check =>
  (v) =>
    typeof v === 'string' && v.length >= min && v.length <= max;
const whole =
  (min: number): Check =>
  (v) =>
    Number.isInteger(v) && (v as number) >= min;
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);
const shape =
  (fields: Record<string, Check>): Check =>
  (v) =>
    isRecord(v) && Object.entries(fields).every(([name, check]) => check(v[name]));
const id = text(64, 1);
const instant = text(40);
const flag = optional((v) => typeof v === 'boolean');
const strings: Check = (v) => isRecord(v) && Object.values(v).every((x) => typeof x === 'string');

const TIMERS: Record<LeadTimer['type'], Check> = {
  offer_expired: shape({ leadId: id, round: whole(1), dueAt: instant }),
  accept_deadline: shape({ leadId: id, repId: id, reassignments: whole(0), dueAt: instant, assignedAt: instant }),
};

const REQUESTS: Record<LeadRequest['type'], Check> = {
  pass: shape({ leadId: id, repId: id, assignedAt: instant, note: optional(text(200)) }),
  reassign: shape({ leadId: id, repId: id, reason: (v) => v === 'rep_leaving' }),
};

const exclusions: Check = (v) =>
  Array.isArray(v) && v.length <= 500 && v.every(shape({ repId: text(64), reason: text(40) }));

const MESSAGES: Record<AssignerMessage['kind'], Check> = {
  route: shape({
    lead: shape({
      leadId: id,
      sourceId: id,
      createdAt: instant,
      fields: isRecord,
      custom: strings,
      heldIn: optional(text(64)),
      stayIn: optional(text(64)),
      held: flag,
      exclude: optional(exclusions),
      slaReassignments: optional(whole(0)),
      offerRounds: optional(whole(0)),
      test: flag,
    }),
  }),
  notice: shape({
    notice: shape({
      repId: id,
      leadId: id,
      kind: (v) => (NOTIFICATION_KINDS as readonly unknown[]).includes(v),
      subject: text(500),
      text: text(5_000),
      sms: text(1_600),
      link: optional(text(2_000)),
    }),
  }),
  timer: shape({
    timer: (v) => isRecord(v) && Object.hasOwn(TIMERS, String(v.type)) && TIMERS[v.type as LeadTimer['type']](v),
  }),
  lead_request: shape({
    request: (v) =>
      isRecord(v) && Object.hasOwn(REQUESTS, String(v.type)) && REQUESTS[v.type as LeadRequest['type']](v),
  }),
  sync_channels: shape({ repId: id }),
};

/** Reads a message body; throws on anything else (it then ends in the dead-letter queue). */
export function parseAssignerMessage(body: string): AssignerMessage {
  const message: unknown = JSON.parse(body);
  const kind = isRecord(message) ? String(message.kind) : '';
  const check = Object.hasOwn(MESSAGES, kind) ? MESSAGES[kind as AssignerMessage['kind']] : undefined;
  if (!check?.(message)) throw new Error(`Not an assigner queue message (kind "${kind}"): ${body.slice(0, 200)}`);
  return message as AssignerMessage;
}

/** The body of a message, as sent. */
export function encodeAssignerMessage(message: AssignerMessage): string {
  return JSON.stringify(message);
}
