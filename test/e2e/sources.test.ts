import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/local-stack';
import { fakeGraphApi, fixtureText, googleAdsBody, jsonSignature, metaSignature } from '../support/fixtures';
import { apiClient, eventually, startTestStack } from '../support/local-api';

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
const graph = fakeGraphApi();

beforeAll(async () => {
  stack = await startTestStack({ sourceCacheMs: 0, graphFetch: graph.fetch });
  api = apiClient(stack);
});

afterAll(() => stack?.stop());

async function aPool(names: string[]) {
  const reps = [];
  for (const name of names)
    reps.push((await api.post('/admin/reps', { name, email: `${name.toLowerCase()}@example.com` })).body);
  const pool = await api.post('/admin/pools', {
    name: `Pool ${names.join('+')}`,
    method: 'round_robin',
    members: reps.map((r) => ({ repId: r.id })),
  });
  expect(pool.status).toBe(201);
  return { pool: pool.body, reps };
}

async function aSource(body: Record<string, unknown>) {
  const created = await api.post('/admin/sources', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; key: string; webhookUrl: string } & Record<string, unknown>;
}

function post(source: { key: string }, body: string, headers: Record<string, string> = {}) {
  return api.call('POST', `/hooks/${source.key}`, {
    raw: body,
    headers: { 'content-type': 'application/json', ...headers },
    key: null,
  });
}

async function leadsOf(sourceId: string) {
  await stack.settled();
  const page = await api.get('/admin/leads?limit=200');
  return (page.body.leads as { id: string; sourceId: string }[]).filter((l) => l.sourceId === sourceId);
}

describe('form sources', () => {
  it('redirect a plain HTML form post to the thank-you page (303), and still answer a JSON post with 202', async () => {
    const { pool } = await aPool(['Fay']);
    const source = await aSource({
      name: 'Landing',
      kind: 'form',
      poolId: pool.id,
      redirectUrl: 'https://example.com/thanks',
    });
    const form = await fetch(`${stack.url}/hooks/${source.key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=grace%40example.com&name=Grace',
      redirect: 'manual',
    });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe('https://example.com/thanks');
    const json = await post(source, JSON.stringify({ email: 'ada@example.com' }));
    expect(json.status).toBe(202);
    expect(json.body.leadId).toMatch(/^[0-9A-Z]{26}$/);
    expect(await leadsOf(source.id)).toHaveLength(2);
  });

  it('answer a filled honeypot exactly like a real submission, and store nothing', async () => {
    const { pool } = await aPool(['Gus']);
    const source = await aSource({ name: 'Trap', kind: 'form', poolId: pool.id, honeypotField: 'website' });
    const bot = await post(source, JSON.stringify({ email: 'bot@spam.example', website: 'http://spam.example' }));
    expect(bot.status).toBe(202);
    expect(bot.body.leadId).toMatch(/^[0-9A-Z]{26}$/);
    expect((await api.get(`/admin/leads/${bot.body.leadId}`)).status).toBe(404);

    const human = await post(source, JSON.stringify({ email: 'human@example.com', website: '' }));
    expect(human.status).toBe(202);
    const stored = await leadsOf(source.id);
    expect(stored.map((l) => l.id)).toEqual([human.body.leadId]);
    expect((await api.get(`/admin/leads/${human.body.leadId}`)).body.custom).not.toHaveProperty('website');
  });

  it('answer the CORS preflight for an allowed origin, refuse other origins, and add CORS headers to answers (errors too)', async () => {
    const { pool } = await aPool(['Hal']);
    const source = await aSource({
      name: 'Script form',
      kind: 'form',
      poolId: pool.id,
      allowedOrigins: ['https://www.example.com'],
    });
    const preflight = await fetch(`${stack.url}/hooks/${source.key}`, {
      method: 'OPTIONS',
      headers: { origin: 'https://www.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');

    const stranger = await fetch(`${stack.url}/hooks/${source.key}`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example' },
    });
    expect(stranger.status).toBe(403);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();

    const accepted = await post(source, JSON.stringify({ email: 'cors@example.com' }), {
      origin: 'https://www.example.com',
    });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    const refused = await post(source, JSON.stringify({ name: 'no contact' }), { origin: 'https://www.example.com' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    const elsewhere = await post(source, JSON.stringify({ email: 'x@example.com' }), {
      origin: 'https://evil.example',
    });
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('store one lead for a repeated Idempotency-Key, even when the repeats arrive at once, and answer each with its id', async () => {
    const { pool } = await aPool(['Ivy']);
    const source = await aSource({ name: 'Retrying form', kind: 'form', poolId: pool.id });
    const body = JSON.stringify({ email: 'retry@example.com' });
    const first = await post(source, body, { 'idempotency-key': 'order-1' });
    const again = await post(source, body, { 'idempotency-key': 'order-1' });
    expect(first.status).toBe(202);
    expect(again).toMatchObject({ status: 202, body: { leadId: first.body.leadId } });
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    const together = await Promise.all(
      Array.from({ length: 6 }, () => post(source, body, { 'idempotency-key': 'order-2' })),
    );
    expect(together.map((r) => r.status)).toEqual([202, 202, 202, 202, 202, 202]);
    expect(new Set(together.map((r) => r.body.leadId)).size).toBe(1);

    const stored = await leadsOf(source.id);
    expect(stored.map((l) => l.id).sort()).toEqual([first.body.leadId, together[0]!.body.leadId].sort());
  });
});

describe('json sources', () => {
  const secret = 'whsec_0123456789abcdef';

  it('take a signed post, and refuse unsigned, tampered, replayed and stale ones', async () => {
    const { pool } = await aPool(['Jo']);
    const source = await aSource({ name: 'CRM', kind: 'json', poolId: pool.id, signingSecret: secret });
    expect(source).toMatchObject({ hasSigningSecret: true });
    expect(source).not.toHaveProperty('signingSecret');

    const body = JSON.stringify({ email: 'signed@example.com', name: 'Signed Sam' });
    const signature = jsonSignature(secret, body);
    const signed = await post(source, body, { 'x-leadrouter-signature': signature });
    expect(signed.status).toBe(202);

    const cases = [
      [await post(source, body), 'missing_signature'],
      [await post(source, body.replace('Sam', 'Sem'), { 'x-leadrouter-signature': signature }), 'invalid_signature'],
      [
        await post(source, body, { 'x-leadrouter-signature': jsonSignature('another-secret-value', body) }),
        'invalid_signature',
      ],
      [await post(source, body, { 'x-leadrouter-signature': signature }), 'signature_replayed'],
      [
        await post(source, body, {
          'x-leadrouter-signature': jsonSignature(secret, body, Math.floor(Date.now() / 1000) - 600),
        }),
        'signature_expired',
      ],
    ] as const;
    for (const [response, code] of cases) {
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe(code);
    }
    expect((await leadsOf(source.id)).map((l) => l.id)).toEqual([signed.body.leadId]);
  });

  it('map nested fields, and treat a repeated external id as the same lead', async () => {
    const { pool } = await aPool(['Kim']);
    const source = await aSource({
      name: 'Partner feed',
      kind: 'json',
      poolId: pool.id,
      fieldMapping: {
        email: 'contact.email',
        name: 'contact.name',
        country: 'contact.address.country',
        externalId: 'lead.id',
        'custom.deal': 'lead.deal',
      },
    });
    const body = JSON.stringify({
      lead: { id: 'P-77', deal: 'big' },
      contact: { email: 'Map@Example.com', name: 'Mia Map', address: { country: 'Germany' } },
      topic: 'x',
    });
    const first = await post(source, body);
    const again = await post(source, body);
    expect(first.status).toBe(202);
    expect(again.body.leadId).toBe(first.body.leadId);
    const lead = (await api.get(`/admin/leads/${first.body.leadId}`)).body;
    expect(lead.fields).toMatchObject({ email: 'map@example.com', name: 'Mia Map', country: 'DE' });
    expect(lead.custom).toEqual({ deal: 'big', topic: 'x' });
    expect(await leadsOf(source.id)).toHaveLength(1);
  });
});

describe('google_ads sources', () => {
  it('map the fixture by column id, mark it a test lead and settle it unassigned (test_lead)', async () => {
    const { pool } = await aPool(['Lou']);
    const source = await aSource({
      name: 'Google lead form',
      kind: 'google_ads',
      poolId: pool.id,
      defaultCountry: 'US',
    });
    const response = await post(source, googleAdsBody({ google_key: source.key }));
    expect(response.status).toBe(200);
    await stack.settled();
    const lead = (await api.get(`/admin/leads/${response.body.leadId}`)).body;
    expect(lead).toMatchObject({
      status: 'unassigned',
      test: true,
      fields: {
        name: 'Jane Doe',
        firstName: 'Jane',
        lastName: 'Doe',
        email: 'jane.doe@example.com',
        phone: '+16505550123',
        postalCode: '94043',
        company: 'Acme Robotics',
      },
      custom: {
        'What product are you interested in?': 'Fleet plan',
        lead_id: 'TeSter-123-ABCDEFGHIJKLMNOPQRSTUVWXYZ-abcdefghijklmnopqrstuvwxyz-0123456789',
        form_id: '40000000000',
        campaign_id: '12345678901',
        gcl_id: 'EAIaIQobChMI-test-click-id',
      },
    });
    expect(lead.decisions).toEqual([expect.objectContaining({ outcome: 'unassigned', reason: 'test_lead' })]);
  });

  it('refuse a wrong or missing google_key (401) and store nothing', async () => {
    const { pool } = await aPool(['Max']);
    const source = await aSource({
      name: 'Google guarded',
      kind: 'google_ads',
      poolId: pool.id,
      googleKey: 'my-form-key',
    });
    expect(source).toMatchObject({ hasGoogleKey: true });
    for (const body of [
      googleAdsBody({ google_key: 'not-the-key' }),
      googleAdsBody({ google_key: source.key }),
      googleAdsBody({ google_key: undefined }),
    ]) {
      const response = await post(source, body);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('invalid_google_key');
    }
    expect(await leadsOf(source.id)).toEqual([]);
    expect((await post(source, googleAdsBody({ google_key: 'my-form-key' }))).status).toBe(200);
  });

  it("answer Google's retry of a lead with the original id, and route test leads when the source says so", async () => {
    const { pool, reps } = await aPool(['Ned']);
    const source = await aSource({ name: 'Google live', kind: 'google_ads', poolId: pool.id, routeTestLeads: true });
    const body = googleAdsBody({ google_key: source.key });
    const first = await post(source, body);
    const retry = await post(source, body);
    expect(retry).toMatchObject({ status: 200, body: { leadId: first.body.leadId } });
    await stack.settled();
    expect((await api.get(`/admin/leads/${first.body.leadId}`)).body).toMatchObject({
      status: 'assigned',
      repId: reps[0].id,
    });
    expect(await leadsOf(source.id)).toHaveLength(1);
  });
});

describe('meta_lead_ads sources', () => {
  const appSecret = 'meta-app-secret-1';
  const settings = { kind: 'meta_lead_ads', appSecret, verifyToken: 'verify-me', accessToken: 'EAAB-page-token' };
  const webhook = fixtureText('meta-lead-ads-webhook.json');

  it('answer the subscription handshake with the challenge when the verify token matches, 403 otherwise', async () => {
    const source = await aSource({ name: 'Meta handshake', ...settings });
    expect(source).toMatchObject({ hasAppSecret: true, hasVerifyToken: true, hasAccessToken: true });
    for (const secret of ['appSecret', 'verifyToken', 'accessToken']) expect(source).not.toHaveProperty(secret);

    const good = await fetch(
      `${stack.url}/hooks/${source.key}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=verify-me`,
    );
    expect(good.status).toBe(200);
    expect(await good.text()).toBe('1158201444');
    const wrong = await fetch(
      `${stack.url}/hooks/${source.key}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=guess`,
    );
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain('1158201444');
  });

  it('store a signed leadgen with its exact ids, fetch its details from the Graph API, then route it', async () => {
    const { pool, reps } = await aPool(['Oda']);
    const source = await aSource({ name: 'Meta', ...settings, poolId: pool.id });
    const response = await post(source, webhook, { 'x-hub-signature-256': metaSignature(appSecret, webhook) });
    expect(response.status).toBe(200);
    const [leadId] = response.body.leadIds;

    const lead = await eventually(async () => {
      const current = (await api.get(`/admin/leads/${leadId}`)).body;
      return current.status === 'assigned' && current;
    });
    expect(lead).toMatchObject({
      repId: reps[0].id,
      enrichment: 'done',
      fields: {
        name: 'Joe Example',
        email: 'joe@example.com',
        phone: '+15555550199',
        city: 'Austin',
        company: 'Example Freight',
      },
      custom: {
        leadgen_id: '55459717045641545',
        page_id: '516540199134611',
        form_id: '551111744595541',
        ad_id: '23851234567890123',
      },
    });
    const call = graph.calls.find((url) => url.pathname.endsWith('/55459717045641545'))!;
    expect(call.pathname).toBe('/v21.0/55459717045641545');
    expect(call.searchParams.get('access_token')).toBe('EAAB-page-token');
    expect(call.searchParams.get('appsecret_proof')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuse an unsigned or tampered delivery (401) and store nothing; a replayed one gets the original lead', async () => {
    const source = await aSource({ name: 'Meta guarded', ...settings });
    const signature = metaSignature(appSecret, webhook);
    const unsigned = await post(source, webhook);
    const tampered = await post(source, webhook.replace('55459717045641545', '55459717045641546'), {
      'x-hub-signature-256': signature,
    });
    expect([unsigned.status, unsigned.body.error.code]).toEqual([401, 'missing_signature']);
    expect([tampered.status, tampered.body.error.code]).toEqual([401, 'invalid_signature']);
    expect(await leadsOf(source.id)).toEqual([]);

    const first = await post(source, webhook, { 'x-hub-signature-256': signature });
    const replayed = await post(source, webhook, { 'x-hub-signature-256': signature });
    expect(replayed).toMatchObject({ status: 200, body: { leadIds: first.body.leadIds } });
    expect(await leadsOf(source.id)).toHaveLength(1);
  });

  it('keep the lead while the Graph API fails, and route it once a retry gets the details', async () => {
    const { pool } = await aPool(['Pia']);
    const source = await aSource({ name: 'Meta flaky', ...settings, poolId: pool.id });
    const body = webhook.replace('55459717045641545', '99999999999999999');
    graph.failures = 2;
    const callsBefore = graph.calls.length;
    const response = await post(source, body, { 'x-hub-signature-256': metaSignature(appSecret, body) });
    expect(response.status).toBe(200);
    const [leadId] = response.body.leadIds;
    await eventually(async () => graph.calls.length > callsBefore);
    expect((await api.get(`/admin/leads/${leadId}`)).body).toMatchObject({ status: 'received', enrichment: 'pending' });

    const lead = await eventually(async () => {
      const current = (await api.get(`/admin/leads/${leadId}`)).body;
      return current.status === 'assigned' && current;
    }, 10_000);
    expect(lead.fields.email).toBe('joe@example.com');
    expect(lead.custom.leadgen_id).toBe('99999999999999999');
    expect(graph.calls.length - callsBefore).toBe(3);
  });
});
