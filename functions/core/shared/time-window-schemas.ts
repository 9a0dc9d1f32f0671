// The schemas of clock times and weekly schedules, for admin bodies and routing rules. Apart
// from time-windows.ts so that functions which only evaluate schedules do not carry zod.
import * as z from 'zod/mini';
import { EQUAL_ENDS, WEEKDAYS, windowEndsDiffer } from './time-windows';

/** `HH:MM` on a 24-hour clock; `24:00` is the midnight that ends a day. */
export const ClockTimeSchema = z
  .string()
  .check(z.regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'Use a 24-hour time such as "09:00" ("24:00" ends the day)'));

const days = z.array(z.enum(WEEKDAYS)).check(z.minLength(1), z.maxLength(7));

export const WeeklyWindowSchema = z
  .strictObject({ days, from: ClockTimeSchema, to: ClockTimeSchema })
  .check(z.refine(windowEndsDiffer, EQUAL_ENDS));

/** A weekly schedule: the union of its windows. */
export const WeeklyScheduleSchema = z.array(WeeklyWindowSchema).check(z.minLength(1), z.maxLength(21));
