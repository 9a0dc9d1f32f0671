import * as z from 'zod/mini';
import { toE164 } from '../leads/phone-number';
import { localTime, WeeklyScheduleSchema, withinSchedule } from '../shared/time-windows';
import { timestamp } from '../shared/timestamp';
import { requiredText, timeZoneName } from '../shared/validation';

export const REP_STATUSES = ['active', 'paused'] as const;

const phoneE164 = z.pipe(
  z.string().check(z.maxLength(40)),
  z.transform((value, ctx) => {
    const e164 = toE164(value);
    if (!e164) {
      ctx.issues.push({ code: 'custom', input: value, message: 'Phone must be international, e.g. +15551234567' });
      return z.NEVER;
    }
    return e164;
  }),
);

const isoInstant = z.pipe(
  z.string().check(z.maxLength(40)),
  z.transform((value, ctx) => {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) {
      ctx.issues.push({ code: 'custom', input: value, message: 'Use an ISO 8601 time, e.g. 2026-12-01T09:00:00Z' });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  }),
);

const cap = z.int().check(z.gte(0), z.lte(100_000));

export const NOTIFY_CHANNELS = ['email', 'sms'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

const repFields = {
  name: requiredText(200),
  email: z.optional(
    z.pipe(
      z.email().check(z.maxLength(254)),
      z.transform((v) => v.toLowerCase()),
    ),
  ),
  phone: z.optional(phoneE164),
  timezone: z.optional(timeZoneName),
  status: z.optional(z.enum(REP_STATUSES)),
  /** Away (holiday, sick, off) until this time; `null` clears it. */
  awayUntil: z.optional(z.nullable(isoInstant)),
  /** When the rep works, in their own time zone; pools may ask to respect it. `null` clears it. */
  workingHours: z.optional(z.nullable(WeeklyScheduleSchema)),
  /** Most open leads (assigned, not closed) at once; `null` removes the cap. */
  maxOpen: z.optional(z.nullable(cap)),
  /** Most leads assigned per day, in the rep's time zone; `null` removes the cap. */
  maxPerDay: z.optional(z.nullable(cap)),
  /** How the rep hears about leads; default: email if they have one, SMS if they have a phone. */
  notifyBy: z.optional(z.nullable(z.array(z.enum(NOTIFY_CHANNELS)).check(z.maxLength(2)))),
};

/** `POST /admin/reps` body. */
export const RepCreateSchema = z.strictObject(repFields);
/** `PATCH /admin/reps/{id}` body: any subset of the create fields. */
export const RepPatchSchema = z.partial(z.strictObject(repFields));
export type RepCreate = z.output<typeof RepCreateSchema>;
export type RepPatch = z.output<typeof RepPatchSchema>;

/** A rep as stored and returned: the create fields as normalised, defaults filled in, nulls dropped. */
export const RepSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  email: z.optional(z.email()),
  /** E.164. */
  phone: z.optional(z.string().check(z.regex(/^\+[1-9]\d{1,14}$/))),
  timezone: z.string(),
  status: z.enum(REP_STATUSES),
  awayUntil: z.optional(timestamp),
  workingHours: z.optional(WeeklyScheduleSchema),
  maxOpen: z.optional(cap),
  maxPerDay: z.optional(cap),
  notifyBy: z.optional(z.array(z.enum(NOTIFY_CHANNELS))),
  createdAt: timestamp,
  updatedAt: timestamp,
  version: z.int(),
});
export type Rep = z.output<typeof RepSchema>;

/** How loaded a rep is: open leads now, and leads assigned on `day` (the rep's local date). */
export interface RepLoad {
  open: number;
  day?: string;
  dayCount: number;
}

export const NO_LOAD: RepLoad = { open: 0, dayCount: 0 };

/** Why a rep is skipped for a lead. */
export type SkipReason = 'unknown_rep' | 'paused' | 'away' | 'off_hours' | 'at_max_open' | 'at_max_per_day';

/** The rep's local date at `now`, the day `maxPerDay` counts against. */
export function repToday(rep: Pick<Rep, 'timezone'>, now: Date): string {
  return localTime(now, rep.timezone).date;
}

/** Leads assigned to the rep today, given their load record. */
export function assignedToday(load: RepLoad, today: string): number {
  return load.day === today ? load.dayCount : 0;
}

/**
 * Why `rep` may not receive a lead at `now`, or undefined when it may. Asked afresh at
 * every assignment: status, away-until, working hours (when the pool respects them) and caps.
 */
export function ineligibility(
  rep: Rep | undefined,
  now: Date,
  load: RepLoad = NO_LOAD,
  options: { respectWorkingHours?: boolean } = {},
): SkipReason | undefined {
  if (!rep) return 'unknown_rep';
  if (rep.status === 'paused') return 'paused';
  if (rep.awayUntil && Date.parse(rep.awayUntil) > now.getTime()) return 'away';
  if (options.respectWorkingHours && rep.workingHours?.length && !withinSchedule(rep.workingHours, now, rep.timezone)) {
    return 'off_hours';
  }
  if (rep.maxOpen !== undefined && load.open >= rep.maxOpen) return 'at_max_open';
  if (rep.maxPerDay !== undefined && assignedToday(load, repToday(rep, now)) >= rep.maxPerDay) return 'at_max_per_day';
  return undefined;
}

/** The endpoints the rep should be subscribed with, per channel. */
export function notificationEndpoints(rep: Rep | undefined): Partial<Record<NotifyChannel, string>> {
  if (!rep) return {};
  const wants = (channel: NotifyChannel) => rep.notifyBy === undefined || rep.notifyBy.includes(channel);
  return {
    ...(rep.email && wants('email') ? { email: rep.email } : {}),
    ...(rep.phone && wants('sms') ? { sms: rep.phone } : {}),
  };
}

/** The counter change for one more lead to `rep`, under its caps unless forced. */
export function oneMoreLead(rep: Rep, load: RepLoad, now: Date, force: boolean): RepLoadChange {
  const today = repToday(rep, now);
  return {
    repId: rep.id,
    open: 1,
    day: today,
    dayCount: 1,
    rollover: load.day !== today,
    ...(!force && rep.maxOpen !== undefined ? { maxOpen: rep.maxOpen } : {}),
    ...(!force && rep.maxPerDay !== undefined ? { maxPerDay: rep.maxPerDay } : {}),
  };
}

/**
 * A change to a rep's load counters, made in the same transaction as the assignment and
 * conditioned on the rep's caps, so concurrent assigners can never exceed them.
 */
export interface RepLoadChange {
  repId: string;
  /** Added to the open count. */
  open: number;
  /** The rep's local date the per-day count is for. */
  day: string;
  /** Added to the per-day count (or its new value when the day rolled over). */
  dayCount: number;
  /** The stored day is an earlier one: start the count afresh. */
  rollover: boolean;
  maxOpen?: number;
  maxPerDay?: number;
}
