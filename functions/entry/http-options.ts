import type { HttpFunctionOptions, HttpMiddleware } from '../http/lambda-http';
import { logger, loggerMiddleware } from './logging';

/** Every HTTP function's options in AWS: the logger's Lambda context, 5xx logged with the error. */
export function httpOptions(extra: Omit<HttpFunctionOptions, 'onServerError'> = {}): HttpFunctionOptions {
  const middlewares: HttpMiddleware[] = [loggerMiddleware(), ...(extra.middlewares ?? [])];
  return {
    ...extra,
    middlewares,
    onServerError: (error, request) => logger.error('request failed', { ...request, error: error as Error }),
  };
}
