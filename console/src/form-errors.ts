// The API's errors where the admin looks: each `details[].path` next to its field, the rest
// (and a summary linking to each field) at the top of the form.
import { ApiError } from './api';

export interface FormErrors {
  /** Messages by field path, e.g. `members.0.repId` or `rules.2.poolId`. */
  byPath: Record<string, string>;
  /** What belongs to no single field: the error's message, or a failure to reach the API. */
  general?: string;
  /** The edit was refused because the item changed since it was read (412): read it again. */
  stale?: boolean;
}

export const NO_ERRORS: FormErrors = { byPath: {} };

/** Reads any error as form errors; a 412 says what to do about a stale edit. */
export function formErrors(error: unknown): FormErrors {
  if (!(error instanceof ApiError)) return { byPath: {}, general: String((error as Error)?.message ?? error) };
  if (error.code === 'precondition_failed') {
    return {
      byPath: {},
      general:
        'Someone changed this since you opened it, so nothing was saved. Load their version, then make your change again.',
      stale: true,
    };
  }
  const byPath: Record<string, string> = {};
  for (const detail of error.fieldDetails) {
    const path = detail.path === '' ? '(body)' : detail.path;
    byPath[path] = byPath[path] ? `${byPath[path]} ${detail.message}` : detail.message;
  }
  return { byPath, general: error.message };
}

/** The id of a field's input in a form, from its API path (`rules.0.name` → `rules-rules-0-name`). */
export function fieldId(form: string, path: string): string {
  return `${form}-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}
