import { ValidationError } from '../../shared/errors';

// Small hand-written readers for ad-platform payloads. zod would do, but these run in the
// ingest function, whose bundle has a size budget; platforms send well-formed bodies, so a
// precise path on the rare bad one is all we need.

/** Thrown for a payload that is not the shape the platform documents. */
export function malformed(what: string, path: string, message: string): ValidationError {
  return new ValidationError(`The ${what} is invalid`, [{ path, message }]);
}

/** The value as an object, or a ValidationError naming where. */
export function objectAt(value: unknown, what: string, path: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw malformed(what, path, 'expected an object');
}

/** The value as a list of at most `max` items (absent is empty when `optional`). */
export function listAt(value: unknown, what: string, path: string, max: number, optional = false): unknown[] {
  if (value === undefined && optional) return [];
  if (!Array.isArray(value)) throw malformed(what, path, 'expected a list');
  if (value.length > max) throw malformed(what, path, `at most ${max} items`);
  return value;
}

/** An id given as a string or a number (big ones arrive as strings: see quoteUnsafeIntegers). */
export function idAt(value: unknown, what: string, path: string, maxLength = 200): string | undefined {
  if (value === undefined || value === null) return undefined;
  if ((typeof value === 'string' && value.length <= maxLength) || (typeof value === 'number' && Number.isFinite(value)))
    return String(value);
  throw malformed(what, path, 'expected an id');
}
