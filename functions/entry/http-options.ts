import type { HttpFunctionOptions, HttpMiddleware } from '../http/lambda-http';
import { requireOriginHeader } from '../http/origin-guard';
import { logger, loggerMiddleware } from './logging';

/**
 * Every HTTP function's options in AWS: the logger's Lambda context, 5xx logged with the
 * error, and, behind the web firewall (`ORIGIN_SECRET` set), only requests that came through it.
 */
export function httpOptions(extra: Omit<HttpFunctionOptions, 'onServerError'> = {}): HttpFunctionOptions {
  const originSecret = process.env.ORIGIN_SECRET;
  const middlewares: HttpMiddleware[] = [
    loggerMiddleware(),
    ...(originSecret ? [requireOriginHeader(originSecret)] : []),
    ...(extra.middlewares ?? []),
  ];
  return {
    ...extra,
    middlewares,
    onServerError: (error, request) => logger.error('request failed', { ...request, error: error as Error }),
  };
}
