/** A wall-clock time as `<input type="datetime-local">` writes it: `YYYY-MM-DDTHH:mm` (seconds optional). */
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall-clock fields of an instant in a time zone, as if they were UTC (milliseconds). */
function wallAsUtc(instantMs: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instantMs))
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
}

/**
 * The instant a wall-clock time names in a time zone (`2026-12-01T09:00` in
 * `America/New_York` is 14:00 UTC). A time the clocks skip or repeat (DST) resolves to an
 * instant within an hour of it; undefined when the text is not such a time.
 */
export function wallClockToInstant(wall: string, timeZone: string): Date | undefined {
  const m = WALL_TIME.exec(wall);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const asUtc = Date.UTC(y!, mo! - 1, d!, h!, mi!, Number.isNaN(s) ? 0 : s!);
  if (Number.isNaN(asUtc) || new Date(asUtc).getUTCDate() !== d) return undefined;
  // The zone's offset at a first guess, then at the corrected instant (DST edges).
  let instant = asUtc - (wallAsUtc(asUtc, timeZone) - asUtc);
  instant = asUtc - (wallAsUtc(instant, timeZone) - instant);
  return new Date(instant);
}

/** The wall-clock time of an instant in a time zone, `YYYY-MM-DDTHH:mm`. */
export function instantToWallClock(instant: Date, timeZone: string): string {
  return new Date(wallAsUtc(instant.getTime(), timeZone)).toISOString().slice(0, 16);
}
