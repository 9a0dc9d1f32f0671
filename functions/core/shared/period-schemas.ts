// The `from`/`to` query parameters of listings and statistics: instants, half open.
import * as z from 'zod/mini';

/**
 * An instant as a query gives it: ISO 8601 with `Z` or an offset, or a calendar date (its
 * midnight UTC). Parsed to the API's own form (`toISOString`), so it compares as a string
 * with stored timestamps.
 */
export const instantParameter = z.pipe(
  z.union([z.iso.datetime({ offset: true }), z.iso.date()]),
  z.transform((text: string) => new Date(text).toISOString()),
);

/** Whether a query's window is not empty (`from` before `to`, where both are given). */
export function fromBeforeTo(query: { from?: string | undefined; to?: string | undefined }): boolean {
  return !query.from || !query.to || query.from < query.to;
}

/** The problem a query with an empty window reports. */
export const EMPTY_WINDOW = { message: '`from` must be before `to`', path: ['to'] };

/** The instant just before `to`: `createdAt < to` as an inclusive bound, timestamps being whole milliseconds. */
export function lastInstantBefore(to: string): string {
  return new Date(Date.parse(to) - 1).toISOString();
}
