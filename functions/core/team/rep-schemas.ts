// The admin API's rep bodies. Apart from rep.ts so that functions which only read reps
// (the assigner, rep links, the sweeper) carry neither zod's checks nor the phone-number library.
import * as z from 'zod/mini';
import { toE164 } from '../leads/phone-number';
import { WeeklyScheduleSchema } from '../shared/time-window-schemas';
import { timestamp } from '../shared/timestamp';
import { requiredText, timeZoneName } from '../shared/validation';
import { NOTIFY_CHANNELS, REP_STATUSES } from './rep';

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
