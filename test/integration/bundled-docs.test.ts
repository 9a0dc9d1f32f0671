import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeConsole } from '../../console/build';
import { FUNCTION_ENTRIES, lambdaBuildOptions, PROJECT_ROOT } from '../../lib/bundling';
import { runInChild } from '../support/lambda-runs';

// The docs function as deployed: its bundle with the console built beside it (what the synth
// step makes), run in a fresh process as Lambda runs it from its task root.
const dir = mkdtempSync(join(tmpdir(), 'leadrouter-docs-'));
const bundle = join(dir, 'index.mjs');

beforeAll(async () => {
  await build(lambdaBuildOptions(join(PROJECT_ROOT, FUNCTION_ENTRIES.docs), bundle));
  writeConsole(join(dir, 'console'));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function get(path: string, routeKey: string, pathParameters?: Record<string, string>) {
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'abc123.execute-api.us-east-1.amazonaws.com', 'x-forwarded-proto': 'https' },
    ...(pathParameters ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'test' },
      requestId: 'r1',
      routeKey,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

describe('the deployed docs function', () => {
  it('serves the console from the files built beside it, and the OpenAPI document', async () => {
    const env = { PATH: process.env.PATH, LAMBDA_TASK_ROOT: dir, POWERTOOLS_SERVICE_NAME: 'leadrouter' };
    const run = await runInChild(bundle, env, [
      get('/console', 'GET /console'),
      get('/console/nope.js', 'GET /console/{asset}', { asset: 'nope.js' }),
      get('/openapi.json', 'GET /openapi.json'),
    ]);
    const [page, missing, openapi] = run.invocations.map(
      (i) => i.result as { statusCode: number; headers: Record<string, string>; body: string },
    );
    expect(page!.statusCode).toBe(200);
    expect(page!.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page!.body).toContain('<div id="app">');
    const script = /src="\/console\/([^"]+)"/.exec(page!.body)![1]!;
    const [asset] = (
      await runInChild(bundle, env, [get(`/console/${script}`, 'GET /console/{asset}', { asset: script })])
    ).invocations.map((i) => i.result as { statusCode: number; headers: Record<string, string> });
    expect(asset).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/javascript; charset=utf-8' } });
    expect(missing!.statusCode).toBe(404);
    expect(JSON.parse(openapi!.body).paths).toHaveProperty('/console');
  });
});
