import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import type { AdminIdentity } from '../core/admin/admin-keys';
import { UnauthorizedError } from '../core/shared/errors';

/** A simple-response authorizer answer; the context reaches the admin function as `authorizer.lambda`. */
export type AdminAuthorizerResult = { isAuthorized: true; context: AdminIdentity } | { isAuthorized: false };

export type AdminAuthorizer = (event: APIGatewayRequestAuthorizerEventV2) => Promise<AdminAuthorizerResult>;

/**
 * API Gateway's Lambda authorizer for admin routes (HTTP API, payload 2.0, simple
 * responses): allows a request whose Authorization header carries a valid admin API key.
 * The local server calls the same function, the way API Gateway would.
 */
export function createAdminAuthorizer(
  authenticate: (authorization: string | undefined) => Promise<AdminIdentity>,
): AdminAuthorizer {
  return async (event) => {
    const authorization =
      Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization')?.[1] ??
      event.identitySource?.[0];
    try {
      return { isAuthorized: true, context: await authenticate(authorization) };
    } catch (error) {
      if (error instanceof UnauthorizedError) return { isAuthorized: false };
      throw error;
    }
  };
}
