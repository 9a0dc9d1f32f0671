import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { NotFoundError, UnauthorizedError, ValidationError } from '../../functions/core/shared/errors';
import type { HttpRequest } from '../../functions/http/http-types';
import { createHttpFunction } from '../../functions/http/lambda-http';
import { assertBodySize, leadBodyFormat } from '../../functions/http/request-body';
import { decodeBody } from '../../functions/http/webhook-body';

function anEvent(routeKey: string, overrides: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  const [method, path] = routeKey.split(' ') as [string, string];
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'abc.execute-api.eu-west-1.amazonaws.com' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '1',
      apiId: 'abc',
      domainName: 'abc.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      requestId: 'req-1',
      routeKey,
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    ...overrides,
  };
}

const context = {} as Context;

describe('createHttpFunction', () => {
  it('runs the handler of the route API Gateway matched, with a normalised request', async () => {
    const seen: HttpRequest[] = [];
    const fn = createHttpFunction({
      receiveLead: async (request) => {
        seen.push(request);
        return { status: 202, body: { leadId: 'L1' } };
      },
    });
    const result = await fn(
      anEvent('POST /hooks/{sourceKey}', {
        pathParameters: { sourceKey: 'k1' },
        headers: { 'Content-Type': 'application/json', host: 'api.example.com' },
        body: Buffer.from('{"email":"a@b.co"}').toString('base64'),
        isBase64Encoded: true,
      }),
      context,
    );
    expect(result).toEqual({
      statusCode: 202,
      headers: { 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8' },
      body: '{"leadId":"L1"}',
    });
    expect(seen[0]).toMatchObject({
      pathParameters: { sourceKey: 'k1' },
      headers: { 'content-type': 'application/json' },
      baseUrl: 'https://api.example.com',
      sourceIp: '203.0.113.9',
    });
    expect(seen[0]!.bodyBytes.toString()).toBe('{"email":"a@b.co"}');
  });

  it('checks the admin key on admin routes only', async () => {
    const authenticateAdmin = vi.fn(async (authorization?: string) => {
      if (authorization !== 'Bearer good') throw new UnauthorizedError();
      return { keyId: 'key_1', keyName: 'ops' };
    });
    const fn = createHttpFunction(
      {
        listReps: async () => ({ status: 200, body: { reps: [] } }),
        health: async () => ({ status: 200, body: { status: 'ok' } }),
      },
      { authenticateAdmin },
    );
    expect((await fn(anEvent('GET /admin/reps'), context)).statusCode).toBe(401);
    expect(
      (await fn(anEvent('GET /admin/reps', { headers: { Authorization: 'Bearer good' } }), context)).statusCode,
    ).toBe(200);
    expect((await fn(anEvent('GET /health'), context)).statusCode).toBe(200);
    expect(authenticateAdmin).toHaveBeenCalledTimes(2);
  });

  it('hands handlers the admin key the gateway authorizer identified, and refuses a route it did not authorize', async () => {
    let seen: HttpRequest | undefined;
    const fn = createHttpFunction(
      {
        listReps: async (request) => {
          seen = request;
          return { status: 200, body: { reps: [] } };
        },
      },
      { trustGatewayAuthorizer: true },
    );
    const authorized = anEvent('GET /admin/reps');
    (authorized.requestContext as { authorizer?: unknown }).authorizer = {
      lambda: { keyId: 'key_7', keyName: 'ops laptop' },
    };
    expect((await fn(authorized, context)).statusCode).toBe(200);
    expect(seen!.admin).toEqual({ keyId: 'key_7', keyName: 'ops laptop' });
    expect((await fn(anEvent('GET /admin/reps'), context)).statusCode).toBe(401);
  });

  it.each([
    [new ValidationError('bad', [{ path: 'email' }]), 400, 'validation_failed'],
    [new NotFoundError('rep', 'rep_1'), 404, 'not_found'],
  ])('answers %s with %i and its code', async (error, status, code) => {
    const fn = createHttpFunction(
      { getRep: async () => Promise.reject(error) },
      { authenticateAdmin: async () => ({ keyId: 'key_1', keyName: 'ops' }) },
    );
    const result = await fn(anEvent('GET /admin/reps/{id}'), context);
    expect(result.statusCode).toBe(status);
    expect(JSON.parse(result.body!)).toEqual({ error: { code, message: error.message, details: error.details } });
  });

  it('hides an unexpected error behind a generic 500 that names the request, and reports it', async () => {
    const onServerError = vi.fn();
    const fn = createHttpFunction(
      { health: async () => Promise.reject(new Error('secret table name')) },
      { onServerError },
    );
    const result = await fn(anEvent('GET /health'), context);
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('secret');
    expect(JSON.parse(result.body!).error).toMatchObject({
      code: 'internal_error',
      message: expect.stringContaining('req-1'),
    });
    expect(onServerError).toHaveBeenCalledWith(expect.any(Error), { routeKey: 'GET /health', requestId: 'req-1' });
  });

  it('answers 404 to a path parameter longer than any id, key or token, without calling the handler', async () => {
    const getLead = vi.fn(async () => ({ status: 200, body: {} }));
    const fn = createHttpFunction({ getLead }, { trustGatewayAuthorizer: true });
    const event = anEvent('GET /admin/leads/{id}');
    const long = {
      ...event,
      pathParameters: { id: 'x'.repeat(5_000) },
      requestContext: { ...event.requestContext, authorizer: { lambda: { keyId: 'key_1' } } },
    } as typeof event;
    expect((await fn(long, context)).statusCode).toBe(404);
    expect(getLead).not.toHaveBeenCalled();
  });

  it('answers 404 for a route this function does not serve', async () => {
    const result = await createHttpFunction({})(anEvent('GET /health'), context);
    expect(result.statusCode).toBe(404);
  });
});

describe('reading a lead body', () => {
  const request = (type: string | undefined, body: string) =>
    ({ headers: type ? { 'content-type': type } : {}, bodyBytes: Buffer.from(body) }) as unknown as HttpRequest;
  const read = (r: HttpRequest) => {
    const { encoding, charset } = leadBodyFormat(r);
    return decodeBody(r.bodyBytes, encoding, { charset });
  };

  it('joins repeated form fields', () => {
    expect(read(request('application/x-www-form-urlencoded', 'email=a%40b.co&topic=x&topic=y'))).toEqual({
      email: 'a@b.co',
      topic: 'x, y',
    });
  });

  it('reads text/plain as JSON (sendBeacon and no-preflight fetch send that)', () => {
    expect(read(request('text/plain;charset=UTF-8', '{"email":"a@b.co"}'))).toEqual({ email: 'a@b.co' });
  });

  it('refuses JSON that is not an object, a missing content type and oversized bodies', () => {
    expect(() => read(request('application/json', '[1]'))).toThrow('must be a JSON object');
    expect(() => read(request(undefined, '{}'))).toThrow('Send the body as');
    expect(() => assertBodySize(request('application/json', '{"a":"12345"}'), 5)).toThrow('larger than 5 bytes');
  });
});
