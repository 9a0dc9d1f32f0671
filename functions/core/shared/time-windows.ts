/** The days of the week, Monday first (ISO 8601), as working hours and routing rules name them. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Monday to Friday. */
export const WORK_WEEK: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/**
 * A weekly window: on these days, from `from` (inclusive) to `to` (exclusive), local time.
 * A `to` before `from` runs past midnight and belongs to the day it opens on (Friday's
 * 22:00–06:00 covers Saturday until 06:00). A whole day is `00:00` to `24:00`.
 */
export interface WeeklyWindow {
  days: readonly Weekday[];
  from: string;
  to: string;
}

/** Whether a window's ends differ: both windows' schemas refuse an empty or ambiguous window. */
export function windowEndsDiffer(window: { from: string; to: string }): boolean {
  return minuteOfDay(window.from) !== minuteOfDay(window.to);
}

/** What a window with equal ends is told. */
export const EQUAL_ENDS = { message: '"from" and "to" must differ; a whole day is "00:00" to "24:00"', path: ['to'] };

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

/** Minutes since midnight of an `HH:MM` time (`24:00` is 1440). */
export function minuteOfDay(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Whether a local time falls inside the window. */
export function inWindow(window: WeeklyWindow, at: Pick<LocalTime, 'day' | 'minutes'>): boolean {
  const from = minuteOfDay(window.from);
  const to = minuteOfDay(window.to);
  if (from < to) return window.days.includes(at.day) && at.minutes >= from && at.minutes < to;
  // Runs past midnight: the evening part today, the morning part belongs to yesterday's window.
  const yesterday = WEEKDAYS[(WEEKDAYS.indexOf(at.day) + 6) % 7]!;
  return (window.days.includes(at.day) && at.minutes >= from) || (window.days.includes(yesterday) && at.minutes < to);
}

/** Whether `instant` falls inside any window of `schedule`, read in `timeZone`. */
export function withinSchedule(schedule: readonly WeeklyWindow[], instant: Date, timeZone: string): boolean {
  const at = localTime(instant, timeZone);
  return schedule.some((window) => inWindow(window, at));
}
