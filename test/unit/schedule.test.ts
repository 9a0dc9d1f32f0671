import { describe, expect, it } from 'vitest';
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
