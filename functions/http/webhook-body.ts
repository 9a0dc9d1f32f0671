import { ValidationError } from '../core/shared/errors';
import { dataRecord, PROTOTYPE_KEY } from '../core/shared/own-keys';

/** How a webhook body is encoded. */
export type BodyEncoding = 'json' | 'form';

/** Deepest nesting a JSON body may have; leads and admin bodies need a handful of levels. */
const MAX_JSON_DEPTH = 32;

/**
 * Quotes number literals a JavaScript number cannot hold: integers above 2^53, so that
 * `JSON.parse` keeps every digit (Meta's `leadgen_id` 55459717045641545 would otherwise
 * become 55459717045641544), and numbers out of range (`1e400` would become Infinity), so
 * they are kept as sent. Strings are skipped, so their content is never touched.
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
      const value = Number(token);
      if ((/^-?\d{16,}$/.test(token) && !Number.isSafeInteger(value)) || (token !== '-' && !Number.isFinite(value))) {
        out += `${text.slice(copied, start)}"${token}"`;
        copied = i;
      }
    } else {
      i++;
    }
  }
  return out + text.slice(copied);
}

/**
 * A JSON object from a body, or a ValidationError: `empty_body`, `invalid_json`, `too_deep`
 * (nested deeper than MAX_JSON_DEPTH), `reserved_key` (a `__proto__` key anywhere, which no
 * JavaScript object can keep as data). Lone surrogates (`"\ud800"`) become U+FFFD.
 */
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
  inspectJson(parsed, /\\u[dD][89a-fA-F]/.test(text));
  return parsed as Record<string, unknown>;
}

/**
 * Walks a parsed body without recursion (so no nesting can overflow the stack): refuses
 * bodies too deep and `__proto__` keys, and repairs lone surrogates when the text had any.
 */
function inspectJson(root: object, repairSurrogates: boolean): void {
  const reserved: string[] = [];
  const stack: { value: object; path: string; depth: number }[] = [{ value: root, path: '', depth: 1 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (depth > MAX_JSON_DEPTH) {
      throw new ValidationError(
        `The body is nested more than ${MAX_JSON_DEPTH} levels deep`,
        [{ path, message: `at most ${MAX_JSON_DEPTH} levels of objects and lists` }],
        'too_deep',
      );
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const here = path ? `${path}.${key}` : key;
      if (key === PROTOTYPE_KEY && !Array.isArray(value)) reserved.push(here);
      if (repairSurrogates) repairEntry(record, key);
      const child = record[key.toWellFormed()];
      if (typeof child === 'object' && child !== null) stack.push({ value: child, path: here, depth: depth + 1 });
    }
  }
  if (reserved.length > 0) {
    throw new ValidationError(
      'The body uses "__proto__" as a key',
      reserved.map((path) => ({ path, message: 'a key may not be named __proto__; rename it' })),
      'reserved_key',
    );
  }
}

function repairEntry(record: Record<string, unknown>, key: string): void {
  const value = record[key];
  const wellFormedKey = key.toWellFormed();
  const repaired = typeof value === 'string' ? value.toWellFormed() : value;
  if (wellFormedKey === key) {
    if (repaired !== value) record[key] = repaired;
    return;
  }
  delete record[key];
  Object.defineProperty(record, wellFormedKey, {
    value: repaired,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * Form fields from an `application/x-www-form-urlencoded` body, percent-decoded as bytes and
 * read in the body's charset (a Latin-1 form sends `Jos%E9`); repeated fields are joined with
 * ", ". Field names are data: `constructor` or `__proto__` are fields like any other.
 */
export function parseFormFields(body: Buffer, charset = 'utf-8'): Record<string, string> {
  const decoder = new TextDecoder(charset);
  const payload = dataRecord<string>();
  for (const pair of splitBytes(body, 0x26)) {
    if (pair.length === 0) continue;
    const equals = pair.indexOf(0x3d);
    const key = decoder.decode(percentDecoded(equals < 0 ? pair : pair.subarray(0, equals)));
    const value = equals < 0 ? '' : decoder.decode(percentDecoded(pair.subarray(equals + 1)));
    payload[key] = Object.hasOwn(payload, key) ? `${payload[key]}, ${value}` : value;
  }
  return payload;
}

function splitBytes(bytes: Buffer, separator: number): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === separator) {
      parts.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  return parts;
}

/** `+` as a space and `%XX` as the byte XX; a `%` not followed by two hex digits stays as it is. */
function percentDecoded(part: Buffer): Buffer {
  const out = Buffer.alloc(part.length);
  let length = 0;
  for (let i = 0; i < part.length; i++) {
    const byte = part[i]!;
    const hex = byte === 0x25 && i + 2 < part.length ? part.subarray(i + 1, i + 3).toString('latin1') : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      out[length++] = Number.parseInt(hex, 16);
      i += 2;
    } else {
      out[length++] = byte === 0x2b ? 0x20 : byte;
    }
  }
  return out.subarray(0, length);
}

/** A webhook body as an object, whichever way it was encoded, read in its charset. */
export function decodeBody(
  body: Buffer,
  encoding: BodyEncoding,
  options: { exactIntegers?: boolean; charset?: string } = {},
): Record<string, unknown> {
  if (encoding === 'form') return parseFormFields(body, options.charset);
  return parseJsonObject(new TextDecoder(options.charset ?? 'utf-8').decode(body), options);
}
