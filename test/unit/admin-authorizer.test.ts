import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2, Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { createAdminAuthenticator, issueApiKey, verifyAdminKey } from '../../functions/core/admin/admin-keys';
import { createAdminAuthorizer } from '../../functions/http/admin-authorizer';
import { createHttpFunction } from '../../functions/http/lambda-http';
import { fixedClock, TEST_ADMIN } from '../support/builders';

function keyStore() {
  const keys = new Map<string, { id: string; name: string }>();
  return {
    saveApiKey: async (key: { id: string; name: string; hash: string }) =>
      void keys.set(key.hash, { id: key.id, name: key.name }),
    findApiKey: async (hash: string) => keys.get(hash),
    revoke: () => keys.clear(),
  };
}

function authorizerEvent(authorization?: string): APIGatewayRequestAuthorizerEventV2 {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn',
    identitySource: authorization ? [authorization] : [],
    routeKey: 'GET /admin/reps',
    rawPath: '/admin/reps',
    rawQueryString: '',
    cookies: [],
    headers: authorization ? { Authorization: authorization } : {},
    requestContext: {} as APIGatewayRequestAuthorizerEventV2['requestContext'],
  } as APIGatewayRequestAuthorizerEventV2;
}

describe('the admin authorizer', () => {
  it("allows a valid key with the key's identity as context, and denies others", async () => {
    const config = keyStore();
    const { id, key } = await issueApiKey({ config, clock: fixedClock() }, 'ops', TEST_ADMIN);
    const authorize = createAdminAuthorizer(createAdminAuthenticator({ config, clock: fixedClock() }));
    expect(await authorize(authorizerEvent(`Bearer ${key}`))).toEqual({
      isAuthorized: true,
      context: { keyId: id, keyName: 'ops' },
    });
    expect(await authorize(authorizerEvent('Bearer lr_wrong'))).toEqual({ isAuthorized: false });
    expect(await authorize(authorizerEvent())).toEqual({ isAuthorized: false });
  });

  it('lets a store failure through (API Gateway answers 500) rather than allowing or denying', async () => {
    const authorize = createAdminAuthorizer(
      createAdminAuthenticator({
        config: { findApiKey: async () => Promise.reject(new Error('throttled')) },
        clock: fixedClock(),
      }),
    );
    await expect(authorize(authorizerEvent('Bearer lr_x'))).rejects.toThrow('throttled');
  });
});

describe('an admin function that trusts the gateway authorizer', () => {
  const event = (authorizer?: unknown, route = 'GET /admin/reps', authorization?: string): APIGatewayProxyEventV2 => ({
    version: '2.0',
    routeKey: route,
    rawPath: '/admin/reps',
    rawQueryString: '',
    headers: authorization ? { authorization } : {},
    isBase64Encoded: false,
    requestContext: {
      accountId: '1',
      apiId: 'a',
      domainName: 'h',
      domainPrefix: 'h',
      requestId: 'r',
      routeKey: route,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      http: { method: route.split(' ')[0]!, path: '/admin/reps', protocol: 'HTTP/1.1', sourceIp: '1', userAgent: '' },
      ...(authorizer ? { authorizer } : {}),
    } as APIGatewayProxyEventV2['requestContext'],
  });

  it('serves a request the authorizer allowed without looking the key up again, and refuses one it did not see', async () => {
    const listReps = vi.fn(async () => ({ status: 200, body: { reps: [] } }));
    const fn = createHttpFunction({ listReps }, { trustGatewayAuthorizer: true });
    expect((await fn(event({ lambda: { keyId: 'key_1', keyName: 'ops' } }), {} as Context)).statusCode).toBe(200);
    expect((await fn(event(), {} as Context)).statusCode).toBe(401);
    expect((await fn(event({ lambda: {} }), {} as Context)).statusCode).toBe(401);
    expect(listReps).toHaveBeenCalledTimes(1);
  });

  it('looks the key up again for a change, so a key revoked since the gateway cached its answer changes nothing', async () => {
    const config = keyStore();
    const { id, key } = await issueApiKey({ config, clock: fixedClock() }, 'ops', TEST_ADMIN);
    const createRep = vi.fn(async () => ({ status: 201, body: {} }));
    const listReps = vi.fn(async () => ({ status: 200, body: { reps: [] } }));
    const fn = createHttpFunction(
      { createRep, listReps },
      { trustGatewayAuthorizer: true, verifyAdminKeyForChanges: (auth) => verifyAdminKey(config, auth) },
    );
    const allowed = { lambda: { keyId: id, keyName: 'ops' } };
    const change = () => fn(event(allowed, 'POST /admin/reps', `Bearer ${key}`), {} as Context);
    expect((await change()).statusCode).toBe(201);
    config.revoke();
    expect((await change()).statusCode).toBe(401);
    expect(createRep).toHaveBeenCalledTimes(1);
    // A read may still ride the gateway's cached answer for its short lifetime.
    expect((await fn(event(allowed, 'GET /admin/reps', `Bearer ${key}`), {} as Context)).statusCode).toBe(200);
  });
});
