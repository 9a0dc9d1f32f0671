import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  APIGatewayRequestAuthorizerEventV2,
  Context,
} from 'aws-lambda';
import { UnauthorizedError } from '../core/shared/errors';
import { dataRecord } from '../core/shared/own-keys';
import type { AdminAuthorizer } from '../http/admin-authorizer';
import { errorResponse, MalformedRequestError, PayloadTooLargeError, RouteNotFoundError } from '../http/http-errors';
import { toLambdaResult } from '../http/lambda-http';
import { redactPath } from '../http/redact-path';
import { ROUTES, type Route, routeKey } from '../http/routes';

/** A function group's Lambda handler, as the local server calls it. */
export type LocalHttpFunction = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** API Gateway's own limit for HTTP APIs; each route refuses less (table uploads 4 MB, most 64 KB). */
const MAX_LOCAL_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  params: string[];
}

const COMPILED: CompiledRoute[] = ROUTES.map((route) => {
  const params: string[] = [];
  const pattern = new RegExp(
    `^${route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
      params.push(name);
      return '([^/]+)';
    })}$`,
  );
  return { route, pattern, params };
});

/**
 * Finds the route for a method and path, with its path parameters, percent-decoded as
 * API Gateway does. A parameter that is not valid percent-encoded UTF-8 is a 400.
 */
export function matchRoute(
  method: string,
  path: string,
): { route: Route; pathParameters: Record<string, string> } | undefined {
  for (const { route, pattern, params } of COMPILED) {
    if (route.method !== method) continue;
    const match = pattern.exec(path);
    if (!match) continue;
    const pathParameters = dataRecord<string>();
    for (const [i, name] of params.entries()) pathParameters[name] = decodedSegment(match[i + 1]!, name);
    return { route, pathParameters };
  }
  return undefined;
}

function decodedSegment(segment: string, name: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new MalformedRequestError(`The path's ${name} is not valid percent-encoded UTF-8`, name);
  }
}

/**
 * The local stand-in for API Gateway: matches the route table, builds the same payload 2.0
 * event API Gateway would, and calls the route's function group handler with it.
 */
export interface LocalServerOptions {
  log?: (line: string) => void;
  /**
   * The Lambda authorizer API Gateway runs before `auth: 'admin'` routes. The local server
   * calls it the same way: no Authorization header is a 401 without calling it, a denial is
   * a 401, and an allowed request reaches the function with `requestContext.authorizer.lambda`.
   */
  authorizer?: AdminAuthorizer;
}

/**
 * The server never lets a request take it down: whatever a request holds (a malformed
 * request line, an absurd port in an absolute-form target, bad percent-encoding, a client
 * that hangs up), it answers 4xx or 5xx, logs the line with its secrets redacted, and goes on.
 */
export function createLocalServer(
  functions: Record<Route['fn'], LocalHttpFunction>,
  options: LocalServerOptions = {},
): Server {
  const server = createServer((req, res) => {
    const started = Date.now();
    // A client that hangs up mid-answer must not become an unhandled 'error' event.
    res.on('error', () => undefined);
    handle(functions, req, res, options)
      .catch((error: unknown) => {
        options.log?.(`error answering ${req.method} ${redactPath(req.url ?? '')}: ${String(error)}`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
        return 500;
      })
      .then((status) =>
        options.log?.(`${req.method} ${redactPath(req.url ?? '')} ${status} ${Date.now() - started}ms`),
      );
  });
  // Requests Node's parser refuses (bad request lines, bad headers) never reach the handler.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    options.log?.(`refused a malformed request: ${error.code ?? error.message}`);
    if (socket.writable && !socket.destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return server;
}

async function handle(
  functions: Record<Route['fn'], LocalHttpFunction>,
  req: IncomingMessage,
  res: ServerResponse,
  options: LocalServerOptions,
): Promise<number> {
  const requestId = randomUUID();
  const method = (req.method ?? 'GET').toUpperCase();
  let result: APIGatewayProxyStructuredResultV2;
  try {
    const url = requestUrl(req.url ?? '/');
    const body = await readBody(req);
    const matched = matchRoute(method, url.pathname);
    if (!matched) throw new RouteNotFoundError(method, redactPath(url.pathname));
    const event = toEvent(req, url, method, body, matched.route, matched.pathParameters, requestId);
    if (matched.route.auth === 'admin' && options.authorizer) await authorize(options.authorizer, event);
    result = await functions[matched.route.fn](event, localContext(matched.route.fn, requestId));
  } catch (error) {
    result = toLambdaResult(errorResponse(error, requestId));
    if (result.statusCode === 500) options.log?.(`error (${requestId}): ${(error as Error)?.stack ?? String(error)}`);
  }
  const status = result.statusCode ?? 200;
  res.writeHead(status, result.headers as Record<string, string>);
  res.end(result.body && result.isBase64Encoded ? Buffer.from(result.body, 'base64') : (result.body ?? ''));
  return status;
}

/**
 * The request target as a URL. Origin-form (`/path?q`) is the usual; absolute-form
 * (`http://host:port/path`, which proxies send) is read for its path alone, whatever its
 * host and port; anything unreadable is a 400.
 */
function requestUrl(target: string): URL {
  const path = target.startsWith('/') ? target : target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  try {
    return new URL(path.startsWith('/') ? path : `/${path}`, 'http://localhost');
  } catch {
    throw new MalformedRequestError('The request target is not a path', 'path');
  }
}

/** What API Gateway does before an authorized route: run the authorizer, pass its context on. */
async function authorize(authorizer: AdminAuthorizer, event: APIGatewayProxyEventV2): Promise<void> {
  const authorization = event.headers.authorization;
  if (!authorization) throw new UnauthorizedError('Send an admin API key as "Authorization: Bearer <key>"');
  const { body: _body, isBase64Encoded: _encoded, ...rest } = event;
  const authorizerEvent: APIGatewayRequestAuthorizerEventV2 = {
    ...rest,
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:local:000000000000:local/$default/${event.requestContext.http.method}${event.rawPath}`,
    identitySource: [authorization],
    cookies: [],
  };
  const verdict = await authorizer(authorizerEvent);
  if (!verdict.isAuthorized) throw new UnauthorizedError('The API key is not valid');
  (event.requestContext as { authorizer?: unknown }).authorizer = { lambda: verdict.context };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_LOCAL_BODY_BYTES) throw new PayloadTooLargeError(MAX_LOCAL_BODY_BYTES);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toEvent(
  req: IncomingMessage,
  url: URL,
  method: string,
  body: Buffer,
  route: Route,
  pathParameters: Record<string, string>,
  requestId: string,
): APIGatewayProxyEventV2 {
  const headers = dataRecord<string>();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  headers['x-forwarded-proto'] ??= 'http';
  const query = dataRecord<string>();
  for (const [key, value] of url.searchParams)
    query[key] = Object.hasOwn(query, key) ? `${query[key]},${value}` : value;
  const now = new Date();
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: routeKey(route),
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: body.toString('base64'), isBase64Encoded: true } : { isBase64Encoded: false }),
  };
}

/** A Lambda context for handlers the local stack invokes. */
export function localContext(functionName: string, requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${functionName}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:local-${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
