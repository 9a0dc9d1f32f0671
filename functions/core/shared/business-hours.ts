/** Days of the week as rules name them. */
export const WEEK_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

/** A weekly time window in a named time zone, e.g. Monday to Friday, 09:00 to 17:00 in New York. */
export interface TimeWindow {
  timeZone: string;
  /** The days the window opens on; Monday to Friday when absent. */
  days?: readonly WeekDay[];
  /** `HH:MM`, inclusive. */
  from: string;
  /** `HH:MM`, exclusive; `24:00` is midnight at the end of the day. Earlier than `from` crosses midnight. */
  to: string;
}

const WORK_WEEK: readonly WeekDay[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The weekday and minute of the day that `at` is in `timeZone`. */
export function localTime(at: Date, timeZone: string): { day: WeekDay; minute: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  const day = String(parts.weekday).slice(0, 3).toLowerCase() as WeekDay;
  return { day, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** Minutes since midnight of an `HH:MM` time. */
export function minuteOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/**
 * Whether `at` falls inside the window. A window that crosses midnight (22:00 to 06:00)
 * belongs to the day it opens on: Friday's night shift covers Saturday 00:00 to 06:00.
 */
export function isWithin(window: TimeWindow, at: Date): boolean {
  const { day, minute } = localTime(at, window.timeZone);
  const days = window.days ?? WORK_WEEK;
  const from = minuteOfDay(window.from);
  const to = minuteOfDay(window.to);
  if (from < to) return days.includes(day) && minute >= from && minute < to;
  const yesterday = WEEK_DAYS[(WEEK_DAYS.indexOf(day) + 6) % 7]!;
  return (days.includes(day) && minute >= from) || (days.includes(yesterday) && minute < to);
}
