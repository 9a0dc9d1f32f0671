import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/local-stack';
import { apiClient, startTestStack } from '../support/local-api';
import { rawRequest, sendRaw } from '../support/raw-http';

let stack: LocalStack;
let port: number;
const logged: string[] = [];

beforeAll(async () => {
  stack = await startTestStack({ log: (line) => logged.push(line) });
  port = Number(new URL(stack.url).port);
});

afterAll(() => stack?.stop());

async function stillServing() {
  expect((await sendRaw(port, rawRequest('GET', '/health'))).status).toBe(200);
}

describe('the local server', () => {
  it('reads an absolute-form target for its path, whatever its host and port', async () => {
    expect((await sendRaw(port, rawRequest('GET', 'http://a:99999/health'))).status).toBe(200);
    expect((await sendRaw(port, rawRequest('GET', 'http://[::1:99999/health'))).status).toBe(200);
    await stillServing();
  });

  it('answers 400 to request lines and headers it cannot read, and keeps serving', async () => {
    for (const request of [
      'GARBAGE\r\n\r\n',
      'GET /health HTTP/9.9\r\n\r\n',
      'GET /he alth HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /health HTTP/1.1\r\nBad Header\r\n\r\n',
      'POST /hooks/x HTTP/1.1\r\nContent-Length: -1\r\n\r\n',
      `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    ]) {
      const answer = await sendRaw(port, request);
      expect([400, 404, 414, 431, 'closed']).toContain(answer.status);
    }
    await stillServing();
  });

  it('answers 400 to path parameters that are not valid percent-encoded UTF-8, and logs the refusal', async () => {
    for (const [method, path] of [
      ['POST', '/hooks/%E0%A4%A'],
      ['POST', '/l/%ZZ%E0'],
      ['GET', '/q/%ED%A0%80/leads'],
      ['GET', '/admin/reps/%C0%AF'],
    ] as const) {
      const answer = await sendRaw(port, rawRequest(method, path, { authorization: `Bearer ${stack.adminKey}` }));
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('malformed_request');
    }
    expect(logged.some((line) => line.startsWith('POST /l/*** 400'))).toBe(true);
    await stillServing();
  });

  it('survives clients that hang up before the answer', async () => {
    const { connect } = await import('node:net');
    await Promise.all(
      Array.from(
        { length: 5 },
        () =>
          new Promise<void>((resolve) => {
            const socket = connect({ host: '127.0.0.1', port }, () => {
              socket.write('POST /hooks/nothing HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"a":');
              socket.destroy();
              resolve();
            });
            socket.on('error', () => resolve());
          }),
      ),
    );
    await stillServing();
  });

  it('never logs webhook keys, link tokens or query strings', async () => {
    const api = apiClient(stack);
    const source = (await api.post('/admin/sources', { name: 'Logged', kind: 'form' })).body;
    await api.call('POST', `/hooks/${source.key}?hub.verify_token=sekret`, {
      body: { email: 'a@example.com' },
      key: null,
    });
    await api.get(`/l/v1.not-a-real-token-but-a-secret-looking-one`, null);
    await api.get(`/q/v1.another-secret-looking-token/leads`, null);
    const all = logged.join('\n');
    expect(all).toContain('POST /hooks/*** 202');
    expect(all).toContain('GET /q/***/leads');
    for (const secret of [source.key, 'sekret', 'secret-looking']) expect(all).not.toContain(secret);
  });
});

describe('listening addresses', () => {
  it('binds the HTTP server to 127.0.0.1 by default', () => {
    expect(stack.host).toBe('127.0.0.1');
  });

  it.runIf(existsSync('/proc/net/tcp6'))('binds DynamoDB Local to 127.0.0.1 only', () => {
    const dynamoPort = Number(new URL(stack.dynamoEndpoint).port);
    const listening = listeningAddresses(dynamoPort);
    expect(listening.length).toBeGreaterThan(0);
    expect(listening.every((address) => address === '127.0.0.1')).toBe(true);
  });
});

/** The local addresses listening on a TCP port, from the kernel's socket tables (Linux). */
function listeningAddresses(port: number): string[] {
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== '0A' || !local) continue; // 0A: LISTEN
      const [hexAddress, hexPort] = local.split(':') as [string, string];
      if (Number.parseInt(hexPort, 16) !== port) continue;
      found.push(addressOf(hexAddress));
    }
  }
  return found;
}

function addressOf(hex: string): string {
  // IPv4 (8 hex digits) or an IPv4-mapped IPv6 address ends in the IPv4 address, little-endian.
  const v4 = hex.length === 8 ? hex : hex.slice(24);
  if (hex.length === 32 && hex.slice(0, 24) !== '0000000000000000FFFF0000') return `ipv6:${hex}`;
  return [6, 4, 2, 0].map((i) => Number.parseInt(v4.slice(i, i + 2), 16)).join('.');
}
