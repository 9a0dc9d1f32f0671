import * as z from 'zod/mini';
import { toE164 } from './phone-number';
import { requiredText, timeZoneName } from './validation';

export const REP_STATUSES = ['active', 'paused'] as const;
export type RepStatus = (typeof REP_STATUSES)[number];

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

const repFields = {
  name: requiredText(200),
  email: z.optional(z.pipe(z.email().check(z.maxLength(254)), z.transform((v) => v.toLowerCase()))),
  phone: z.optional(phoneE164),
  timezone: z.optional(timeZoneName),
  status: z.optional(z.enum(REP_STATUSES)),
};

/** `POST /admin/reps` body. */
export const RepCreateSchema = z.strictObject(repFields);
/** `PATCH /admin/reps/{id}` body: any subset of the create fields. */
export const RepPatchSchema = z.partial(z.strictObject(repFields));
export type RepCreate = z.output<typeof RepCreateSchema>;
export type RepPatch = z.output<typeof RepPatchSchema>;

/** A rep as stored and returned. */
export interface Rep {
  id: string;
  name: string;
  email?: string;
  phone?: string;
  timezone: string;
  status: RepStatus;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Why a rep cannot take a lead right now, or undefined when it can. */
export type SkipReason = 'paused' | 'unknown_rep';

/** Whether `rep` may receive a lead now; every assignment asks this afresh. */
export function ineligibility(rep: Rep | undefined): SkipReason | undefined {
  if (!rep) return 'unknown_rep';
  if (rep.status === 'paused') return 'paused';
  return undefined;
}
