import * as z from 'zod/mini';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const clock = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use 24-hour "HH:MM"'));

/** A weekly window: on these days, from `from` to `to` local time (`to` < `from` runs past midnight). */
export const WeeklyWindowSchema = z.strictObject({
  days: z.array(z.enum(WEEKDAYS)).check(z.minLength(1), z.maxLength(7)),
  from: clock,
  to: clock,
});
export type WeeklyWindow = z.output<typeof WeeklyWindowSchema>;

/** A weekly schedule: the union of its windows. */
export const WeeklyScheduleSchema = z.array(WeeklyWindowSchema).check(z.minLength(1), z.maxLength(21));

export interface LocalTime {
  day: Weekday;
  /** Minutes since local midnight. */
  minutes: number;
  /** Local calendar date, `YYYY-MM-DD`. */
  date: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time in `timeZone` at `instant`. */
export function localTime(instant: Date, timeZone: string): LocalTime {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(instant)) parts[part.type] = part.value;
  return {
    day: parts.weekday!.slice(0, 3).toLowerCase() as Weekday,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    date: `${parts.year}-${parts.month}-${parts.day}`,
  };
}

function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function previousDay(day: Weekday): Weekday {
  return WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7]!;
}

/** Whether `instant` falls inside any window of `schedule`, read in `timeZone`. */
export function withinSchedule(schedule: readonly WeeklyWindow[], instant: Date, timeZone: string): boolean {
  const { day, minutes } = localTime(instant, timeZone);
  return schedule.some((window) => {
    const from = toMinutes(window.from);
    const to = toMinutes(window.to);
    if (from === to) return window.days.includes(day); // the whole day
    if (from < to) return window.days.includes(day) && minutes >= from && minutes < to;
    // Runs past midnight: the evening part today, the morning part belongs to yesterday's window.
    return (window.days.includes(day) && minutes >= from) || (window.days.includes(previousDay(day)) && minutes < to);
  });
}
