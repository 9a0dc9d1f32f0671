import { describe, expect, it } from 'vitest';
import { WeeklyWindowSchema } from '../../functions/core/shared/time-window-schemas';
import { localTime, withinSchedule } from '../../functions/core/shared/time-windows';

describe('localTime', () => {
  it('reads the wall clock and date in a time zone', () => {
    expect(localTime(new Date('2026-11-23T23:30:00Z'), 'Europe/Berlin')).toEqual({
      day: 'tue',
      minutes: 30,
      date: '2026-11-24',
    });
    expect(localTime(new Date('2026-11-23T23:30:00Z'), 'America/Los_Angeles')).toEqual({
      day: 'mon',
      minutes: 15 * 60 + 30,
      date: '2026-11-23',
    });
  });

  it('follows daylight saving time', () => {
    expect(localTime(new Date('2026-07-01T12:00:00Z'), 'Europe/London').minutes).toBe(13 * 60);
    expect(localTime(new Date('2026-12-01T12:00:00Z'), 'Europe/London').minutes).toBe(12 * 60);
  });
});

describe('withinSchedule', () => {
  const weekdays = [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, from: '09:00', to: '17:00' }].map((w) => ({
    ...w,
    days: [...w.days],
  }));

  it('is inside from (inclusive) to (exclusive) on listed days only', () => {
    expect(withinSchedule(weekdays, new Date('2026-11-23T09:00:00Z'), 'UTC')).toBe(true);
    expect(withinSchedule(weekdays, new Date('2026-11-23T17:00:00Z'), 'UTC')).toBe(false);
    expect(withinSchedule(weekdays, new Date('2026-11-22T12:00:00Z'), 'UTC')).toBe(false); // a Sunday
  });

  it('runs a window past midnight into the next morning', () => {
    const nights = [{ days: ['fri' as const], from: '22:00', to: '06:00' }];
    expect(withinSchedule(nights, new Date('2026-11-27T23:00:00Z'), 'UTC')).toBe(true); // Friday night
    expect(withinSchedule(nights, new Date('2026-11-28T05:59:00Z'), 'UTC')).toBe(true); // Saturday early
    expect(withinSchedule(nights, new Date('2026-11-28T23:00:00Z'), 'UTC')).toBe(false); // Saturday night
  });
});

describe('time windows in a time zone', () => {
  const night = [{ days: ['fri'] as const, from: '22:00', to: '06:00' }];
  const inBerlin = (iso: string) => withinSchedule(night, new Date(iso), 'Europe/Berlin');

  it('a window that crosses midnight belongs to the day it opens', () => {
    expect(inBerlin('2026-11-27T22:30:00Z')).toBe(true); // Fri 23:30 Berlin
    expect(inBerlin('2026-11-28T04:00:00Z')).toBe(true); // Sat 05:00, Friday's night
    expect(inBerlin('2026-11-28T05:00:00Z')).toBe(false); // Sat 06:00
    expect(inBerlin('2026-11-26T22:30:00Z')).toBe(false); // Thu 23:30
  });

  it('follows daylight saving time', () => {
    const window = [{ days: ['mon'] as const, from: '09:00', to: '10:00' }];
    expect(withinSchedule(window, new Date('2026-07-06T13:30:00Z'), 'America/New_York')).toBe(true); // EDT, UTC-4
    expect(withinSchedule(window, new Date('2026-11-23T13:30:00Z'), 'America/New_York')).toBe(false); // EST: 08:30
  });

  it('24:00 closes the window at midnight', () => {
    expect(
      withinSchedule([{ days: ['mon'], from: '18:00', to: '24:00' }], new Date('2026-11-23T23:59:00Z'), 'UTC'),
    ).toBe(true);
  });
});

describe('a weekly window', () => {
  it('is refused when its ends are the same time; a whole day is 00:00 to 24:00', () => {
    expect(WeeklyWindowSchema.safeParse({ days: ['mon'], from: '09:00', to: '09:00' }).success).toBe(false);
    expect(WeeklyWindowSchema.safeParse({ days: ['mon'], from: '00:00', to: '24:00' }).success).toBe(true);
    expect(
      withinSchedule([{ days: ['mon'], from: '00:00', to: '24:00' }], new Date('2026-11-23T00:00:00Z'), 'UTC'),
    ).toBe(true);
    expect(
      withinSchedule([{ days: ['mon'], from: '00:00', to: '24:00' }], new Date('2026-11-24T00:00:00Z'), 'UTC'),
    ).toBe(false);
  });

  it('names the days of one week, Monday first, for reps and rules alike', () => {
    expect(WeeklyWindowSchema.safeParse({ days: ['sun', 'mon'], from: '09:00', to: '17:00' }).success).toBe(true);
    expect(WeeklyWindowSchema.safeParse({ days: ['sunday'], from: '09:00', to: '17:00' }).success).toBe(false);
  });
});
