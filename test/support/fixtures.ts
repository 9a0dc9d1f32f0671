import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A fixture's text exactly as stored (signatures are computed over exact bytes). */
export function fixtureText(
  name:
    | 'google-ads-lead-form.json'
    | 'meta-lead-ads-webhook.json'
    | 'meta-lead-graph-response.json'
    | 'linkedin-lead-notification.json'
    | 'linkedin-lead-form-response.json'
    | 'linkedin-lead-form.json',
): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
}

/** `X-Hub-Signature-256` as Meta computes it. */
export function metaSignature(appSecret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** `X-Leadrouter-Signature` as a json sender computes it. */
export function jsonSignature(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The Google Ads fixture with its google_key (and other fields) replaced. */
export function googleAdsBody(overrides: Record<string, unknown>): string {
  return JSON.stringify({ ...JSON.parse(fixtureText('google-ads-lead-form.json')), ...overrides });
}

/**
 * A stand-in for the Graph API behind `fetch`: answers GET /<version>/<id> with the fixture
 * (its id replaced by the one asked for), or fails the next `failures` calls with a 500.
 */
export function fakeGraphApi() {
  const state = { failures: 0, calls: [] as URL[] };
  const fetch = (async (input: string | URL | Request) => {
    const url = new URL(input instanceof Request ? input.url : input);
    state.calls.push(url);
    if (state.failures > 0) {
      state.failures--;
      return new Response(JSON.stringify({ error: { message: 'An unexpected error has occurred', code: 2 } }), {
        status: 500,
      });
    }
    const id = url.pathname.split('/').pop()!;
    // Keep the id as digits in the JSON text, as Meta sends it (a number would lose digits).
    const body = fixtureText('meta-lead-graph-response.json').replace('"55459717045641545"', `"${id}"`);
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return Object.assign(state, { fetch });
}

/** `X-LI-Signature` as LinkedIn computes it: hex HMAC-SHA256 of the raw body with the client secret. */
export function linkedinSignature(clientSecret: string, body: string | Buffer): string {
  return createHmac('sha256', clientSecret).update(body).digest('hex');
}

/**
 * A stand-in for LinkedIn's API behind `fetch`: answers GET /rest/leadFormResponses/{id} with
 * the response fixture (its id replaced by the one asked for) and GET /rest/leadForms/{id}
 * with the form fixture; fails the next `failures` calls with a 500.
 */
export function fakeLinkedInApi() {
  const state = { failures: 0, calls: [] as { url: URL; headers: Headers }[] };
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    state.calls.push({ url, headers: new Headers(init?.headers) });
    if (state.failures > 0) {
      state.failures--;
      return new Response(JSON.stringify({ status: 500, message: 'Internal Server Error' }), { status: 500 });
    }
    const id = decodeURIComponent(url.pathname.split('/').pop()!);
    const body = url.pathname.startsWith('/rest/leadForms/')
      ? fixtureText('linkedin-lead-form.json')
      : fixtureText('linkedin-lead-form-response.json').replace('3b5e6a9c-7d2f-4e1b-9a8c-0f1e2d3c4b5a', id);
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return Object.assign(state, { fetch });
}
