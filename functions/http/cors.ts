import type { Source } from '../core/sources/source';

/**
 * CORS headers for a webhook answer, when the source is a form that allows the request's
 * origin. Only form sources are posted to from browsers; the others never get CORS headers.
 */
export function corsHeaders(source: Source, origin: string | undefined): Record<string, string> | undefined {
  if (source.kind !== 'form' || !source.allowedOrigins || !origin) return undefined;
  const any = source.allowedOrigins.includes('*');
  if (!any && !source.allowedOrigins.includes(origin.toLowerCase())) return undefined;
  return { 'access-control-allow-origin': any ? '*' : origin, vary: 'Origin' };
}

/** The answer to a browser's preflight (`OPTIONS`) before a cross-origin POST. */
export function preflightHeaders(cors: Record<string, string>): Record<string, string> {
  return {
    ...cors,
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': 'content-type, idempotency-key',
    'access-control-max-age': '600',
  };
}
