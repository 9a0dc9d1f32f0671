import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/local-stack';
import { fakeLinkedInApi, fixtureText, linkedinSignature } from '../support/fixtures';
import { apiClient, eventually, startTestStack } from '../support/local-api';

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
const linkedin = fakeLinkedInApi();
const clientSecret = 'li-client-secret-1';
const settings = { kind: 'linkedin_lead_gen', clientSecret, accessToken: 'AQV-member-token' };
const notification = fixtureText('linkedin-lead-notification.json');

beforeAll(async () => {
  stack = await startTestStack({ sourceCacheMs: 0, linkedinFetch: linkedin.fetch });
  api = apiClient(stack);
});

afterAll(() => stack?.stop());

async function aSource(body: Record<string, unknown>) {
  const created = await api.post('/admin/sources', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; key: string } & Record<string, unknown>;
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

describe('linkedin_lead_gen sources', () => {
  it("answer LinkedIn's validation with the challenge's HMAC under the client secret, and never show the secrets", async () => {
    const source = await aSource({ name: 'LinkedIn validation', ...settings });
    expect(source).toMatchObject({ hasClientSecret: true, hasAccessToken: true });
    for (const secret of ['clientSecret', 'accessToken']) expect(source).not.toHaveProperty(secret);

    const challengeCode = '890e4665-4dfe-4ab1-b689-ed553bceeed0';
    const answer = await fetch(`${stack.url}/hooks/${source.key}?challengeCode=${challengeCode}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect(await answer.json()).toEqual({
      challengeCode,
      challengeResponse: createHmac('sha256', clientSecret).update(challengeCode).digest('hex'),
    });
    const missing = await fetch(`${stack.url}/hooks/${source.key}`);
    expect(missing.status).toBe(400);
  });

  it('store a signed notification, fetch its answers from LinkedIn, route it; refuse bad signatures; a repeat is the same lead', async () => {
    const rep = (await api.post('/admin/reps', { name: 'Lin', email: 'lin@example.com' })).body;
    const pool = await api.post('/admin/pools', {
      name: 'LinkedIn pool',
      method: 'round_robin',
      members: [{ repId: rep.id }],
    });
    const source = await aSource({ name: 'LinkedIn', ...settings, poolId: pool.body.id });

    const unsigned = await post(source, notification);
    const forged = await post(source, notification, { 'x-li-signature': linkedinSignature('guess', notification) });
    expect([unsigned.status, unsigned.body.error.code]).toEqual([401, 'missing_signature']);
    expect([forged.status, forged.body.error.code]).toEqual([401, 'invalid_signature']);
    expect(await leadsOf(source.id)).toEqual([]);

    const signature = { 'x-li-signature': linkedinSignature(clientSecret, notification) };
    const response = await post(source, notification, signature);
    expect(response.status).toBe(200);
    const [leadId] = response.body.leadIds;
    const lead = await eventually(async () => {
      const current = (await api.get(`/admin/leads/${leadId}`)).body;
      return current.status === 'assigned' && current;
    });
    expect(lead).toMatchObject({
      repId: rep.id,
      enrichment: 'done',
      fields: {
        firstName: 'Grace',
        lastName: 'Hopper',
        email: 'grace.hopper@example.com',
        phone: '+12025550143',
        company: 'Navy Computing',
        country: 'US',
      },
      custom: {
        job_title: 'Rear Admiral',
        team_size: '11-50',
        linkedin_lead_id: '3b5e6a9c-7d2f-4e1b-9a8c-0f1e2d3c4b5a',
        linkedin_form_id: '8765432',
        linkedin_campaign_id: '40123456',
      },
    });
    const call = linkedin.calls.find((c) => c.url.pathname.startsWith('/rest/leadFormResponses/'))!;
    expect(call.headers.get('authorization')).toBe('Bearer AQV-member-token');

    const repeat = await post(source, notification, signature);
    expect(repeat).toMatchObject({ status: 200, body: { leadIds: [leadId] } });
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(await leadsOf(source.id)).toHaveLength(1);
  });
});
