import { ValidationError } from '../core/shared/errors';

/** How a webhook body is encoded. */
export type BodyEncoding = 'json' | 'form';

/**
 * Quotes integer literals too large for a JavaScript number (above 2^53), so that
 * `JSON.parse` keeps every digit: Meta's `leadgen_id` 55459717045641545 would otherwise
 * become 55459717045641544. Strings are skipped, so their content is never touched.
 */
export function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // A string: skip to its closing quote, stepping over escapes.
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
      i++;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      const start = i;
      for (i++; i < text.length && /[\d.eE+-]/.test(text[i]!); i++);
      const token = text.slice(start, i);
      if (/^-?\d{16,}$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(copied, start)}"${token}"`;
        copied = i;
      }
    } else {
      i++;
    }
  }
  return out + text.slice(copied);
}

/** A JSON object from a body, or a ValidationError (`empty_body`, `invalid_json`). */
export function parseJsonObject(text: string, options: { exactIntegers?: boolean } = {}): Record<string, unknown> {
  if (text.trim() === '')
    throw new ValidationError('The body is empty', [{ path: '', message: 'expected a lead' }], 'empty_body');
  let parsed: unknown;
  try {
    parsed = JSON.parse(options.exactIntegers ? quoteUnsafeIntegers(text) : text);
  } catch (error) {
    throw new ValidationError(
      'The body is not valid JSON',
      [{ path: '', message: (error as Error).message }],
      'invalid_json',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationError(
      'The body must be a JSON object',
      [{ path: '', message: 'expected an object' }],
      'invalid_json',
    );
  }
  return parsed as Record<string, unknown>;
}

/** Form fields from an `application/x-www-form-urlencoded` body; repeated fields are joined with ", ". */
export function parseFormFields(text: string): Record<string, string> {
  const payload: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    payload[key] = payload[key] === undefined ? value : `${payload[key]}, ${value}`;
  }
  return payload;
}

/** A webhook body as an object, whichever way it was encoded. */
export function decodeBody(
  body: Buffer,
  encoding: BodyEncoding,
  options: { exactIntegers?: boolean } = {},
): Record<string, unknown> {
  const text = body.toString('utf8');
  return encoding === 'form' ? parseFormFields(text) : parseJsonObject(text, options);
}
