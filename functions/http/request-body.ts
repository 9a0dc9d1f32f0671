import { PayloadTooLargeError, UnsupportedMediaTypeError } from './http-errors';
import type { HttpRequest } from './http-types';
import { type BodyEncoding, parseFormFields, parseJsonObject } from './webhook-body';

/** The media type of a request, without parameters, lower-cased. */
export function mediaType(request: HttpRequest): string | undefined {
  return request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/** Refuses a body larger than `maxBytes` (413). */
export function assertBodySize(request: HttpRequest, maxBytes: number): void {
  if (request.bodyBytes.length > maxBytes) throw new PayloadTooLargeError(maxBytes);
}

/** A JSON object body (admin API). An empty body reads as `{}`. */
export function readJsonBody(request: HttpRequest, maxBytes = 64 * 1024): Record<string, unknown> {
  assertBodySize(request, maxBytes);
  const type = mediaType(request);
  if (type && type !== 'application/json' && !type.endsWith('+json')) {
    throw new UnsupportedMediaTypeError(type, ['application/json']);
  }
  const text = request.bodyBytes.toString('utf8');
  return text.trim() === '' ? {} : parseJsonObject(text);
}

/** A rep page's form post (`application/x-www-form-urlencoded`) or the same fields as JSON; empty reads as `{}`. */
export function readFormOrJsonBody(request: HttpRequest, maxBytes = 8 * 1024): Record<string, unknown> {
  assertBodySize(request, maxBytes);
  if (mediaType(request) === 'application/x-www-form-urlencoded') {
    return parseFormFields(request.bodyBytes.toString('utf8'));
  }
  return readJsonBody(request, maxBytes);
}

export const LEAD_MEDIA_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'text/plain'] as const;

/**
 * How a lead body is encoded: form fields, or JSON. `text/plain` is read as JSON because
 * `navigator.sendBeacon` and no-preflight `fetch` calls from web forms send JSON that way.
 * Anything else is 415.
 */
export function leadBodyEncoding(request: HttpRequest): BodyEncoding {
  const type = mediaType(request);
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type === 'application/json' || type === 'text/plain' || type?.endsWith('+json')) return 'json';
  throw new UnsupportedMediaTypeError(type, LEAD_MEDIA_TYPES);
}
