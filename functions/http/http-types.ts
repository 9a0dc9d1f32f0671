import type { AdminIdentity } from '../core/admin/admin-keys';

/** An HTTP request as route handlers see it, whichever server or gateway delivered it. */
export interface HttpRequest {
  routeKey: string;
  method: string;
  path: string;
  pathParameters: Record<string, string>;
  query: Record<string, string>;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** The body as received, byte for byte (signatures are computed over it). */
  bodyBytes: Buffer;
  /** `https://host` the caller used, for building absolute links. */
  baseUrl: string;
  requestId: string;
  sourceIp: string;
  /** The admin API key an admin route was authorized with (the gateway authorizer's context). */
  admin?: AdminIdentity;
}

/** What a route handler answers. An object body is sent as JSON; a string as it is; a Buffer as bytes. */
export interface HttpResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (request: HttpRequest) => Promise<HttpResponse>;
