import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createHttpFunction } from '../../functions/http/lambda-http';
import { ORIGIN_HEADER, requireOriginHeader } from '../../functions/http/origin-guard';

function webhookPost(headers: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /hooks/{sourceKey}',
    rawPath: '/hooks/k1',
    rawQueryString: '',
    headers: { host: 'abc.execute-api.eu-west-1.amazonaws.com', 'content-type': 'application/json', ...headers },
    pathParameters: { sourceKey: 'k1' },
    body: '{"email":"a@example.com"}',
    isBase64Encoded: false,
    requestContext: {
      accountId: '1',
      apiId: 'abc',
      domainName: 'abc.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc',
      http: { method: 'POST', path: '/hooks/k1', protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      requestId: 'req-1',
      routeKey: 'POST /hooks/{sourceKey}',
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
  };
}

describe('the origin guard behind the web firewall', () => {
  const received: string[] = [];
  const fn = createHttpFunction(
    {
      receiveLead: async () => {
        received.push('lead');
        return { status: 202, body: { leadId: 'L1' } };
      },
    },
    { middlewares: [requireOriginHeader('cloudfront-origin-secret-value')] },
  );

  it('refuses a request that went around CloudFront, before any handler runs', async () => {
    const attempts: Record<string, string>[] = [{}, { [ORIGIN_HEADER]: 'a-guess' }, { [ORIGIN_HEADER]: '' }];
    for (const headers of attempts) {
      const result = await fn(webhookPost(headers), {} as Context);
      expect(result).toMatchObject({ statusCode: 403 });
      expect(JSON.parse(String((result as { body: string }).body))).toMatchObject({
        error: { code: 'not_through_edge' },
      });
    }
    expect(received).toEqual([]);
  });

  it('lets through a request that carries the header CloudFront adds', async () => {
    const result = await fn(webhookPost({ [ORIGIN_HEADER]: 'cloudfront-origin-secret-value' }), {} as Context);
    expect(result).toMatchObject({ statusCode: 202 });
    expect(received).toEqual(['lead']);
  });
});
