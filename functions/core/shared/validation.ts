import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { ValidationError } from './errors';

// zod/mini ships without messages; English ones cost ~4 KB and make 400s readable.
z.config(en());

export interface FieldProblem {
  path: string;
  code: string;
  message: string;
}

/** Parses `input` with `schema`, or throws a ValidationError listing every field problem. */
export function parseInput<S extends z.ZodMiniType>(schema: S, input: unknown, what = 'request body'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(`The ${what} is invalid`, describeIssues(result.error.issues));
}

/** zod issues as `{ path, code, message }`, the shape every 400 uses. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
  }));
}

/** A trimmed, non-empty string of at most `max` characters. */
export const requiredText = (max = 200) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** An IANA time zone name that this runtime knows, e.g. `Europe/Berlin`. */
export const timeZoneName = z
  .string()
  .check(z.maxLength(64), z.refine(isKnownTimeZone, { message: 'Unknown IANA time zone (e.g. "America/New_York")' }));

/** An identifier as this API issues them. */
export const entityId = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));

function isKnownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
