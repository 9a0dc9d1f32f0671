import { PayloadTooLargeError, UnsupportedMediaTypeError } from './http-errors';
import type { HttpRequest } from './http-types';
import { type BodyEncoding, parseFormFields, parseJsonObject } from './webhook-body';

/** The media type of a request, without parameters, lower-cased. */
export function mediaType(request: HttpRequest): string | undefined {
  return request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/** The `charset` parameter of the request's content type, lower-cased and unquoted, if any. */
function charsetParameter(request: HttpRequest): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(request.headers['content-type'] ?? '');
  return match?.[1]?.toLowerCase() || undefined;
}

/** Refuses a body larger than `maxBytes` (413). */
export function assertBodySize(request: HttpRequest, maxBytes: number): void {
  if (request.bodyBytes.length > maxBytes) throw new PayloadTooLargeError(maxBytes);
}

/** A JSON object body (admin API), which must be UTF-8 (RFC 8259). An empty body reads as `{}`. */
export function readJsonBody(request: HttpRequest, maxBytes = 64 * 1024): Record<string, unknown> {
  assertBodySize(request, maxBytes);
  const type = mediaType(request);
  if (type && type !== 'application/json' && !type.endsWith('+json')) {
    throw new UnsupportedMediaTypeError(type, ['application/json']);
  }
  const charset = charsetParameter(request);
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new UnsupportedMediaTypeError(`${type}; charset=${charset}`, ['application/json; charset=utf-8']);
  }
  const text = request.bodyBytes.toString('utf8');
  return text.trim() === '' ? {} : parseJsonObject(text);
}

/** A rep page's form post (`application/x-www-form-urlencoded`) or the same fields as JSON; empty reads as `{}`. */
export function readFormOrJsonBody(request: HttpRequest, maxBytes = 8 * 1024): Record<string, unknown> {
  assertBodySize(request, maxBytes);
  if (mediaType(request) === 'application/x-www-form-urlencoded') {
    return parseFormFields(request.bodyBytes);
  }
  return readJsonBody(request, maxBytes);
}

export const LEAD_MEDIA_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'text/plain'] as const;

/** How a lead body is encoded, and the charset (a WHATWG encoding name) to read it in. */
export interface LeadBodyFormat {
  encoding: BodyEncoding;
  charset: string;
}

/**
 * How a lead body is encoded: form fields, or JSON. `text/plain` is read as JSON because
 * `navigator.sendBeacon` and no-preflight `fetch` calls from web forms send JSON that way.
 * Anything else is 415. The body is read in its `charset` (UTF-8 when none is given;
 * `latin1` forms are common); a charset no decoder knows is 415, as is one a form body
 * cannot be written in (UTF-16: form bodies are ASCII with percent escapes).
 */
export function leadBodyFormat(request: HttpRequest): LeadBodyFormat {
  const type = mediaType(request);
  let encoding: BodyEncoding;
  if (type === 'application/x-www-form-urlencoded') encoding = 'form';
  else if (type === 'application/json' || type === 'text/plain' || type?.endsWith('+json')) encoding = 'json';
  else throw new UnsupportedMediaTypeError(type, LEAD_MEDIA_TYPES);
  const label = charsetParameter(request);
  if (!label) return { encoding, charset: 'utf-8' };
  const charset = knownCharset(label);
  if (!charset || (encoding === 'form' && charset.startsWith('utf-16'))) {
    throw new UnsupportedMediaTypeError(`${type}; charset=${label}`, [
      `${type}; charset=utf-8`,
      `${type}; charset=iso-8859-1`,
    ]);
  }
  return { encoding, charset };
}

/** The WHATWG encoding a charset label names, when this runtime can decode it. */
function knownCharset(label: string): string | undefined {
  try {
    const { encoding } = new TextDecoder(label);
    return encoding === 'replacement' ? undefined : encoding;
  } catch {
    return undefined;
  }
}
