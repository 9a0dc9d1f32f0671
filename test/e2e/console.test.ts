import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/local-stack';
import { startTestStack } from '../support/local-api';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack({ sweepEveryMs: 0 });
});

afterAll(async () => {
  await stack?.stop();
});

describe('the console on the local stack', () => {
  it('serves its page and every file the page loads, built on first request, without a key', async () => {
    const page = await fetch(`${stack.url}/console`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    const files = [...html.matchAll(/(?:src|href)="(\/console\/[^"]+)"/g)].map((m) => m[1]!);
    expect(files).toHaveLength(3);
    for (const file of files) {
      const response = await fetch(`${stack.url}${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('cache-control')).toContain('immutable');
      expect((await response.text()).length).toBeGreaterThan(100);
    }
    const again = await fetch(`${stack.url}/console`, { headers: { 'if-none-match': page.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('answers 404 for a file it does not have', async () => {
    const response = await fetch(`${stack.url}/console/console-NOPE.js`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
