import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  APIGatewayRequestAuthorizerEventV2,
  Context,
} from 'aws-lambda';
import { UnauthorizedError } from '../core/shared/errors';
import type { AdminAuthorizer } from '../http/admin-authorizer';
import { errorResponse, PayloadTooLargeError, RouteNotFoundError } from '../http/http-errors';
import { toLambdaResult } from '../http/lambda-http';
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

/** Finds the route for a method and path, with its path parameters. */
export function matchRoute(
  method: string,
  path: string,
): { route: Route; pathParameters: Record<string, string> } | undefined {
  for (const { route, pattern, params } of COMPILED) {
    if (route.method !== method) continue;
    const match = pattern.exec(path);
    if (!match) continue;
    const pathParameters: Record<string, string> = {};
    for (const [i, name] of params.entries()) pathParameters[name] = decodeURIComponent(match[i + 1]!);
    return { route, pathParameters };
  }
  return undefined;
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

export function createLocalServer(
  functions: Record<Route['fn'], LocalHttpFunction>,
  options: LocalServerOptions = {},
): Server {
  return createServer((req, res) => {
    const started = Date.now();
    void handle(functions, req, res, options.authorizer).then((status) => {
      options.log?.(`${req.method} ${req.url?.split('?')[0]} ${status} ${Date.now() - started}ms`);
    });
  });
}

async function handle(
  functions: Record<Route['fn'], LocalHttpFunction>,
  req: IncomingMessage,
  res: ServerResponse,
  authorizer: AdminAuthorizer | undefined,
): Promise<number> {
  const requestId = randomUUID();
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  let result: APIGatewayProxyStructuredResultV2;
  try {
    const body = await readBody(req);
    const matched = matchRoute(method, url.pathname);
    if (!matched) throw new RouteNotFoundError(method, url.pathname);
    const event = toEvent(req, url, method, body, matched.route, matched.pathParameters, requestId);
    if (matched.route.auth === 'admin' && authorizer) await authorize(authorizer, event);
    result = await functions[matched.route.fn](event, localContext(matched.route.fn, requestId));
  } catch (error) {
    result = toLambdaResult(errorResponse(error, requestId));
  }
  const status = result.statusCode ?? 200;
  res.writeHead(status, result.headers as Record<string, string>);
  res.end(result.body && result.isBase64Encoded ? Buffer.from(result.body, 'base64') : (result.body ?? ''));
  return status;
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
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  headers['x-forwarded-proto'] ??= 'http';
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = query[key] === undefined ? value : `${query[key]},${value}`;
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
