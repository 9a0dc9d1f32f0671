import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  UnauthorizedError,
  ValidationError,
} from '../core/shared/errors';
import type { HttpResponse } from './http-types';
import type { ErrorBody } from './response-schemas';

/** The body is larger than the route accepts. */
export class PayloadTooLargeError extends DomainError {
  constructor(limitBytes: number) {
    super('payload_too_large', `The body is larger than ${limitBytes} bytes`, { limitBytes });
  }
}

/** The body's content type is not one the route reads. */
export class UnsupportedMediaTypeError extends DomainError {
  constructor(received: string | undefined, accepted: readonly string[]) {
    super('unsupported_media_type', `Send the body as ${accepted.join(' or ')}`, {
      received: received ?? null,
      accepted,
    });
  }
}

/** The request itself cannot be read: its target, or a percent-encoded path parameter. */
export class MalformedRequestError extends DomainError {
  constructor(message: string, path: string) {
    super('malformed_request', message, [{ path, message: 'cannot be read' }]);
  }
}

/** No route matches the method and path. */
export class RouteNotFoundError extends DomainError {
  constructor(method: string, path: string) {
    super('route_not_found', `No route for ${method} ${path}`);
  }
}

const STATUS_BY_ERROR: [new (...args: never[]) => DomainError, number][] = [
  [ValidationError, 400],
  [MalformedRequestError, 400],
  [UnauthorizedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [RouteNotFoundError, 404],
  [ConflictError, 409],
  [PreconditionFailedError, 412],
  [PayloadTooLargeError, 413],
  [UnsupportedMediaTypeError, 415],
];

/**
 * The response for an error: domain errors become their 4xx with `{ error: { code,
 * message, details } }`; anything else is a generic 500 that names the request id only.
 */
export function errorResponse(error: unknown, requestId: string): HttpResponse {
  if (error instanceof DomainError) {
    const status = STATUS_BY_ERROR.find(([type]) => error instanceof type)?.[1] ?? 400;
    return {
      status,
      body: { error: { code: error.code, message: error.message, details: error.details ?? null } } satisfies ErrorBody,
    };
  }
  return {
    status: 500,
    body: {
      error: {
        code: 'internal_error',
        message: `Something went wrong on our side; quote request ${requestId} when reporting it`,
        details: null,
      },
    } satisfies ErrorBody,
  };
}
