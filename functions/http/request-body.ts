import { ValidationError } from '../core/errors';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from './http-errors';
import type { HttpRequest } from './http-types';

/** The media type of a request, without parameters, lower-cased. */
export function mediaType(request: HttpRequest): string | undefined {
  return request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() || undefined;
}

function assertSize(request: HttpRequest, maxBytes: number) {
  if (request.bodyBytes.length > maxBytes) throw new PayloadTooLargeError(maxBytes);
}

function parseJsonObject(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ValidationError('The body is not valid JSON', [{ path: '', message: (error as Error).message }], 'invalid_json');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationError('The body must be a JSON object', [{ path: '', message: 'expected an object' }], 'invalid_json');
  }
  return parsed as Record<string, unknown>;
}

/** A JSON object body (admin API). An empty body reads as `{}`. */
export function readJsonBody(request: HttpRequest, maxBytes = 64 * 1024): Record<string, unknown> {
  assertSize(request, maxBytes);
  const type = mediaType(request);
  if (type && type !== 'application/json' && !type.endsWith('+json')) {
    throw new UnsupportedMediaTypeError(type, ['application/json']);
  }
  const text = request.bodyBytes.toString('utf8');
  return text.trim() === '' ? {} : parseJsonObject(text);
}

export const LEAD_MEDIA_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'text/plain'] as const;

/**
 * A lead submission: a JSON object, or form fields (repeated fields are joined with ", ").
 * `text/plain` is read as JSON because `navigator.sendBeacon` and no-preflight `fetch`
 * calls from web forms send JSON that way.
 */
export function readLeadBody(request: HttpRequest, maxBytes: number): { payload: Record<string, unknown>; form: boolean } {
  assertSize(request, maxBytes);
  const type = mediaType(request);
  const text = request.bodyBytes.toString('utf8');
  if (type === 'application/x-www-form-urlencoded') {
    const payload: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(text)) {
      payload[key] = payload[key] === undefined ? value : `${payload[key]}, ${value}`;
    }
    return { payload, form: true };
  }
  if (type === 'application/json' || type === 'text/plain' || type?.endsWith('+json')) {
    if (text.trim() === '') throw new ValidationError('The body is empty', [{ path: '', message: 'expected a lead' }], 'empty_body');
    return { payload: parseJsonObject(text), form: false };
  }
  throw new UnsupportedMediaTypeError(type, LEAD_MEDIA_TYPES);
}
