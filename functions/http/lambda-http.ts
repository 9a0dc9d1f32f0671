import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { AdminIdentity } from '../core/admin/admin-keys';
import { NotFoundError, UnauthorizedError } from '../core/shared/errors';
import { dataRecord } from '../core/shared/own-keys';
import { errorResponse, RouteNotFoundError } from './http-errors';
import type { HttpRequest, HttpResponse, RouteHandler } from './http-types';
import { type HandlerName, ROUTES, type RouteDefinition, routeKey } from './routes';

type HttpEvent = APIGatewayProxyEventV2;
type HttpResult = APIGatewayProxyStructuredResultV2;
export type HttpMiddleware = MiddlewareObj<HttpEvent, HttpResult, Error, Context>;

export interface HttpFunctionOptions {
  /** Throws UnauthorizedError unless the Authorization header carries a valid admin key; says whose it is. */
  authenticateAdmin?: (authorization: string | undefined) => Promise<AdminIdentity>;
  /**
   * Admin routes were authorized by API Gateway's Lambda authorizer (in AWS, and by the local
   * server's emulation of it): no second key lookup here, only a check that the gateway did
   * authorize the request, so a route left without an authorizer fails closed.
   */
  trustGatewayAuthorizer?: boolean;
  /**
   * Looks the admin key up again, uncached and consistent, for every admin request that
   * changes something (any method but GET and HEAD), after the gateway's authorizer: API
   * Gateway caches the authorizer's answer, and a revoked key must not change anything
   * from the moment its revocation was answered. Throws UnauthorizedError for a revoked key.
   */
  verifyAdminKeyForChanges?: (authorization: string | undefined) => Promise<unknown>;
  /** Replaces the request's own scheme and host in links (custom domains). */
  publicBaseUrl?: string;
  /** Told about every 5xx, with the error. */
  onServerError?: (error: unknown, request: { routeKey: string; requestId: string }) => void;
  /** Extra middlewares, e.g. Powertools' logger context and metrics flushing. */
  middlewares?: HttpMiddleware[];
}

/** Longest path parameter (id, webhook key, link token) a route looks up. */
const MAX_PATH_PARAMETER_LENGTH = 512;

const ROUTES_BY_KEY = new Map<string, RouteDefinition>(ROUTES.map((route) => [routeKey(route), route]));

/**
 * The Lambda handler for one function group: finds the route by API Gateway's `routeKey`,
 * checks admin auth where the route table asks for it, runs the handler and turns domain
 * errors into 4xx answers. The local server calls the very same handler.
 */
export function createHttpFunction(
  handlers: Partial<Record<HandlerName, RouteHandler>>,
  options: HttpFunctionOptions = {},
) {
  const dispatch = async (event: HttpEvent): Promise<HttpResult> => {
    const route = ROUTES_BY_KEY.get(event.routeKey);
    const handler = route ? handlers[route.handler as HandlerName] : undefined;
    if (!handler) throw new RouteNotFoundError(event.requestContext.http.method, event.rawPath);
    const request = toHttpRequest(event, options.publicBaseUrl);
    // Ids, keys and tokens are all far shorter; a longer one names nothing (and is no DynamoDB key).
    if (Object.values(request.pathParameters).some((value) => value.length > MAX_PATH_PARAMETER_LENGTH)) {
      throw new NotFoundError('anything with so long a name');
    }
    return toLambdaResult(await handler(request));
  };

  const errorResponses: HttpMiddleware = {
    onError: async (request) => {
      const requestId = request.event.requestContext?.requestId ?? 'unknown';
      const response = errorResponse(request.error, requestId);
      if (response.status >= 500)
        options.onServerError?.(request.error, { routeKey: request.event.routeKey, requestId });
      request.response = toLambdaResult(response);
    },
  };

  const adminAuth: HttpMiddleware = {
    before: async (request) => {
      const route = ROUTES_BY_KEY.get(request.event.routeKey);
      if (route?.auth === 'admin') {
        if (options.trustGatewayAuthorizer) {
          if (!gatewayIdentity(request.event)) throw new UnauthorizedError();
          const method = request.event.requestContext.http.method.toUpperCase();
          if (options.verifyAdminKeyForChanges && method !== 'GET' && method !== 'HEAD') {
            await options.verifyAdminKeyForChanges(headerValue(request.event.headers, 'authorization'));
          }
        } else if (options.authenticateAdmin) {
          const identity = await options.authenticateAdmin(headerValue(request.event.headers, 'authorization'));
          // Where API Gateway puts the authorizer's context, so the handler reads one place.
          (request.event.requestContext as { authorizer?: unknown }).authorizer = { lambda: identity };
        } else {
          throw new Error('Admin routes need an authenticator');
        }
      }
    },
  };

  // Registered first, so its onError runs last, after every other middleware's.
  let handler = middy<HttpEvent, HttpResult, Error, Context>(dispatch).use(errorResponses);
  for (const middleware of options.middlewares ?? []) handler = handler.use(middleware);
  return handler.use(adminAuth);
}

/** The admin key the gateway's Lambda authorizer put in the request context, if it did. */
function gatewayIdentity(event: HttpEvent): AdminIdentity | undefined {
  const context = event.requestContext as { authorizer?: { lambda?: { keyId?: unknown; keyName?: unknown } } };
  const { keyId, keyName } = context.authorizer?.lambda ?? {};
  if (typeof keyId !== 'string' || keyId === '') return undefined;
  return { keyId, keyName: typeof keyName === 'string' ? keyName : '' };
}

function headerValue(headers: HttpEvent['headers'] | undefined, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

/** Reads an API Gateway HTTP API (payload 2.0) event as an HttpRequest. */
export function toHttpRequest(event: HttpEvent, publicBaseUrl?: string): HttpRequest {
  // Header, query and path names are the caller's: kept in records without a prototype.
  const headers = dataRecord<string>();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[key.toLowerCase()] = value;
  }
  const host = headers['x-forwarded-host'] ?? headers.host ?? event.requestContext.domainName;
  const scheme = headers['x-forwarded-proto'] ?? 'https';
  const admin = gatewayIdentity(event);
  return {
    routeKey: event.routeKey,
    method: event.requestContext.http.method,
    path: event.rawPath,
    pathParameters: definedValues(event.pathParameters),
    query: definedValues(event.queryStringParameters),
    headers,
    bodyBytes: event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0),
    baseUrl: publicBaseUrl ?? `${scheme}://${host}`,
    requestId: event.requestContext.requestId,
    sourceIp: event.requestContext.http.sourceIp,
    ...(admin ? { admin } : {}),
  };
}

function definedValues(record: Record<string, string | undefined> | undefined): Record<string, string> {
  const out = dataRecord<string>();
  for (const [key, value] of Object.entries(record ?? {})) if (value !== undefined) out[key] = value;
  return out;
}

/** An HttpResponse as API Gateway expects it (a Buffer body goes base64-encoded, as binary). */
export function toLambdaResult(response: HttpResponse): HttpResult {
  if (Buffer.isBuffer(response.body)) {
    return {
      statusCode: response.status,
      headers: { 'cache-control': 'no-store', 'content-type': 'application/octet-stream', ...response.headers },
      body: response.body.toString('base64'),
      isBase64Encoded: true,
    };
  }
  const isText = typeof response.body === 'string';
  const headers: Record<string, string> = {
    'cache-control': 'no-store',
    ...(response.body === undefined
      ? {}
      : { 'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8' }),
    ...response.headers,
  };
  return {
    statusCode: response.status,
    headers,
    body: response.body === undefined ? '' : isText ? (response.body as string) : JSON.stringify(response.body),
  };
}
