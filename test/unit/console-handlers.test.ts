import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../functions/core/shared/errors';
import { consoleAssetsFrom } from '../../functions/http/console-assets';
import { consoleHandlers } from '../../functions/http/handlers/console-handlers';
import type { HttpRequest } from '../../functions/http/http-types';

const text = (s: string) => new TextEncoder().encode(s);
const assets = consoleAssetsFrom([
  {
    name: 'index.html',
    contents: text('<!doctype html><script type="module" src="/console/console-AB12.js"></script>'),
  },
  { name: 'console-AB12.js', contents: text('console.log(1)') },
  { name: 'console-AB12.css', contents: text('body{}') },
  { name: 'console-AB12.js.map', contents: text('{}') },
]);

function request(path: string, headers: Record<string, string> = {}): HttpRequest {
  const asset = path.startsWith('/console/') ? path.slice('/console/'.length) : undefined;
  return {
    routeKey: asset ? 'GET /console/{asset}' : 'GET /console',
    method: 'GET',
    path,
    pathParameters: asset ? { asset } : {},
    query: {},
    headers,
    bodyBytes: Buffer.alloc(0),
    baseUrl: 'https://api.example.com',
    requestId: 'r1',
    sourceIp: '127.0.0.1',
  };
}

describe('the console files', () => {
  it('serves the page under a Content Security Policy that allows no inline script or style and nothing from elsewhere', async () => {
    const handlers = consoleHandlers(async () => assets);
    const page = await handlers.consolePage(request('/console'));
    expect(page.status).toBe(200);
    expect(page.headers?.['content-type']).toBe('text/html; charset=utf-8');
    const csp = page.headers?.['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(page.headers?.['cache-control']).toBe('no-cache');
  });

  it('lets caches keep the content-hashed files for good, and answers 304 to a matching If-None-Match', async () => {
    const handlers = consoleHandlers(async () => assets);
    const script = await handlers.consoleAsset(request('/console/console-AB12.js'));
    expect(script).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect(script.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
    const again = await handlers.consoleAsset(
      request('/console/console-AB12.js', { 'if-none-match': script.headers!.etag! }),
    );
    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();
    const css = await handlers.consoleAsset(request('/console/console-AB12.css'));
    expect(css.headers?.['content-type']).toBe('text/css; charset=utf-8');
  });

  it('knows no other file, source maps included', async () => {
    const handlers = consoleHandlers(async () => assets);
    await expect(handlers.consoleAsset(request('/console/console-AB12.js.map'))).rejects.toBeInstanceOf(NotFoundError);
    await expect(handlers.consoleAsset(request('/console/..%2Fopenapi.json'))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reads the files once, and again after a failed read', async () => {
    let reads = 0;
    const handlers = consoleHandlers(async () => {
      reads++;
      if (reads === 1) throw new Error('not there yet');
      return assets;
    });
    await expect(handlers.consolePage(request('/console'))).rejects.toThrow('not there yet');
    await handlers.consolePage(request('/console'));
    await handlers.consoleAsset(request('/console/console-AB12.css'));
    expect(reads).toBe(2);
  });
});
