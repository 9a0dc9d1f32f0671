import { randomUUID } from 'node:crypto';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../functions/local/local-stack';
import { testDynamoEndpoint } from './dynamo';

/** The local stack on the run's DynamoDB Local, with its own tables and a free port. */
export async function startTestStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  return startLocalStack({
    port: 0,
    dynamoEndpoint: await testDynamoEndpoint(),
    tablePrefix: `e${randomUUID().slice(0, 8)}`,
    ...options,
  });
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small JSON client for the stack's HTTP API. */
export function apiClient(stack: LocalStack) {
  async function call<T = any>(
    method: string,
    path: string,
    options: { body?: unknown; key?: string | null; headers?: Record<string, string>; raw?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? stack.adminKey : options.key;
    if (key) headers.authorization = `Bearer ${key}`;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${stack.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }
  return {
    call,
    get: <T = any>(path: string, key?: string | null) =>
      call<T>('GET', path, { ...(key !== undefined ? { key } : {}) }),
    post: <T = any>(path: string, body: unknown, key?: string | null) =>
      call<T>('POST', path, { body, ...(key !== undefined ? { key } : {}) }),
    patch: <T = any>(path: string, body: unknown) => call<T>('PATCH', path, { body }),
    delete: <T = any>(path: string) => call<T>('DELETE', path),
  };
}

/** Polls `check` until it returns something truthy, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
