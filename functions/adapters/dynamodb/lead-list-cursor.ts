// The cursors of lead listings: opaque to callers, checked on the way back in, so a crafted
// one is a 400 rather than a DynamoDB error.
import { ValidationError } from '../../core/shared/errors';

/** Where a listing stopped: the index key to go on from, and the month (month-by-month listings). */
export interface Cursor {
  key?: Record<string, unknown>;
  month?: string;
}

/** The cursor as the opaque text the API hands out. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** A cursor the API issued, or a 400. */
export function decodeCursor(text: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (isCursor(parsed)) return parsed;
  } catch {
    // fall through
  }
  throw invalidCursor();
}

/** The 400 for a cursor this API did not issue. */
export function invalidCursor(): ValidationError {
  return new ValidationError('The cursor is not one this API issued', [{ path: 'cursor', message: 'invalid cursor' }]);
}

/**
 * A cursor's start key must be a key of the index being read: exactly its attributes, as
 * short strings, and the partition the query reads (`undefined` in `expected`: any value).
 */
export function assertCursorKey(key: Record<string, unknown>, expected: Record<string, string | undefined>): void {
  const names = Object.keys(expected);
  const sameNames = Object.keys(key).length === names.length && names.every((name) => Object.hasOwn(key, name));
  const valuesFit = names.every((name) => {
    const value = key[name];
    const wanted = expected[name];
    return (
      typeof value === 'string' && value !== '' && value.length <= 200 && (wanted === undefined || value === wanted)
    );
  });
  if (!sameNames || !valuesFit) throw invalidCursor();
}

function isCursor(value: unknown): value is Cursor {
  if (typeof value !== 'object' || value === null) return false;
  const { key, month } = value as Record<string, unknown>;
  const keyOk =
    key === undefined ||
    (typeof key === 'object' && key !== null && Object.values(key).every((v) => typeof v === 'string'));
  const monthOk = month === undefined || (typeof month === 'string' && /^\d{4}-\d{2}$/.test(month));
  return keyOk && monthOk;
}
