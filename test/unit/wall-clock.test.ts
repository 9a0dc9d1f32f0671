import { describe, expect, it } from 'vitest';
import { instantToWallClock, wallClockToInstant } from '../../functions/core/shared/wall-clock';

describe('wall-clock times in a time zone', () => {
  it('read a date-time field as the rep’s own time, winter and summer alike', () => {
    expect(wallClockToInstant('2026-12-01T09:00', 'America/New_York')?.toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(wallClockToInstant('2026-07-01T09:00', 'Europe/Berlin')?.toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(wallClockToInstant('2026-07-01T09:00', 'UTC')?.toISOString()).toBe('2026-07-01T09:00:00.000Z');
  });

  it('refuse what is not a date-time, or a day that does not exist', () => {
    expect(wallClockToInstant('tomorrow', 'UTC')).toBeUndefined();
    expect(wallClockToInstant('2026-02-30T09:00', 'UTC')).toBeUndefined();
  });

  it('write an instant back as the rep reads it', () => {
    expect(instantToWallClock(new Date('2026-12-01T14:00:00Z'), 'America/New_York')).toBe('2026-12-01T09:00');
  });
});
