import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/local-stack';
import { type ApiResponse, apiClient, eventually, startTestStack } from '../support/local-api';
import { type OpenApiDocument, openApiValidator } from '../support/openapi-validator';

// Every answer below comes from the real code paths (webhook, assigner, rep links, admin
// API, DynamoDB Local), and each is checked against the OpenAPI document the same server
// serves: a shape the code returns and the document does not describe fails here.
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
let validator: ReturnType<typeof openApiValidator>;

beforeAll(async () => {
  stack = await startTestStack({ sweepEveryMs: 0, sourceCacheMs: 0, ruleCacheMs: 0 });
  api = apiClient(stack);
  const document = await api.get<OpenApiDocument>('/openapi.json', null);
  expect(document.status).toBe(200);
  validator = openApiValidator(document.body);
});

afterAll(() => stack?.stop());

/** Calls `method path` (a route template and its values) and checks the answer against the served document. */
async function documented(
  method: string,
  route: string,
  values: Record<string, string> = {},
  options: { body?: unknown; key?: string | null; headers?: Record<string, string>; query?: string } = {},
): Promise<ApiResponse> {
  const path = route.replace(/\{(\w+)\}/g, (_, name: string) => values[name]!);
  const { query, ...rest } = options;
  const response = await api.call(method, query ? `${path}?${query}` : path, rest);
  expect(validator.answerProblems(method, route, response.status, response.body)).toEqual([]);
  return response;
}

const linkPath = (link: string) => new URL(link).pathname;

describe('what the API answers, checked against the OpenAPI document it serves', () => {
  it('reps, pools, sources, rules and keys, created, read, changed, listed and refused', async () => {
    const rep = await documented(
      'POST',
      '/admin/reps',
      {},
      {
        body: {
          name: 'Ana Silva',
          email: 'Ana@Example.com',
          phone: '+44 20 7946 0958',
          timezone: 'Europe/London',
          awayUntil: '2020-01-01T00:00:00+01:00',
          workingHours: [{ days: ['mon', 'fri'], from: '22:00', to: '06:00' }],
          maxOpen: 5,
          maxPerDay: 3,
          notifyBy: ['email'],
        },
      },
    );
    expect(rep.status).toBe(201);
    const id = { id: rep.body.id };
    await documented('PATCH', '/admin/reps/{id}', id, { body: { status: 'paused' }, headers: { 'if-match': '"1"' } });
    expect((await documented('PATCH', '/admin/reps/{id}', id, { body: { maxOpen: null } })).body).not.toHaveProperty(
      'maxOpen',
    );
    expect(
      (await documented('PATCH', '/admin/reps/{id}', id, { body: {}, headers: { 'if-match': '"1"' } })).status,
    ).toBe(412);
    await documented('GET', '/admin/reps/{id}', id);
    await documented('GET', '/admin/reps');
    expect((await documented('GET', '/admin/reps/{id}', { id: 'rep_none' })).status).toBe(404);
    expect((await documented('POST', '/admin/reps', {}, { body: { name: '' } })).status).toBe(400);
    expect((await documented('GET', '/admin/reps', {}, { key: 'lr_wrong' })).status).toBe(401);

    const ben = (await documented('POST', '/admin/reps', {}, { body: { name: 'Ben' } })).body;
    const members = [{ repId: rep.body.id }, { repId: ben.id }];
    const queue = await documented(
      'POST',
      '/admin/pools',
      {},
      {
        body: { name: 'Queue', method: 'pull_preview', members, queue: { order: 'score', remindEveryMinutes: 0 } },
      },
    );
    const weighted = await documented(
      'POST',
      '/admin/pools',
      {},
      {
        body: {
          name: 'Weighted',
          method: 'weighted',
          members: [{ repId: ben.id, weight: 3 }],
          respectWorkingHours: true,
          fallback: queue.body.id,
          stickyDays: 30,
          sla: { acceptWithinSeconds: 600, maxReassignments: 1 },
        },
      },
    );
    await documented(
      'POST',
      '/admin/pools',
      {},
      {
        body: {
          name: 'Shotgun',
          method: 'shotgun',
          members,
          shotgun: { windowSeconds: 60, then: 'next_tier', shows: ['name'] },
        },
      },
    );
    await documented('PATCH', '/admin/pools/{id}', { id: weighted.body.id }, { body: { name: 'Weighted EMEA' } });
    await documented('GET', '/admin/pools');
    expect((await documented('DELETE', '/admin/reps/{id}', { id: ben.id })).status).toBe(409);
    const link = await documented('POST', '/admin/reps/{id}/queue-link', id, { body: { poolId: queue.body.id } });
    expect(link.status).toBe(200);
    expect(
      (await documented('POST', '/admin/reps/{id}/queue-link', id, { body: { poolId: weighted.body.id } })).status,
    ).toBe(400);

    const sources = [
      { kind: 'form', redirectUrl: 'https://example.com/thanks', allowedOrigins: ['*'], honeypotField: 'website' },
      { kind: 'json', fieldMapping: { email: 'contact.email' }, signingSecret: 'whsec_0123456789abcdef' },
      { kind: 'google_ads', googleKey: 'google-key', routeTestLeads: true, defaultCountry: 'GB' },
      {
        kind: 'meta_lead_ads',
        appSecret: 'app-secret',
        verifyToken: 'verify',
        accessToken: 'EAAB',
        graphApiVersion: 'v21.0',
      },
      { kind: 'linkedin_lead_gen', clientSecret: 'li-client-secret', accessToken: 'AQV', linkedinVersion: '202606' },
    ];
    for (const settings of sources) {
      const created = await documented(
        'POST',
        '/admin/sources',
        {},
        {
          body: { name: `A ${settings.kind} source`, poolId: weighted.body.id, ...settings },
        },
      );
      expect(created.status).toBe(201);
      await documented('PATCH', '/admin/sources/{id}', { id: created.body.id }, { body: { poolId: null } });
      if (settings.kind === 'linkedin_lead_gen') {
        const challenge = { sourceKey: created.body.key };
        const query = 'challengeCode=890e4665-4dfe-4ab1-b689-ed553bceeed0';
        expect((await documented('GET', '/hooks/{sourceKey}', challenge, { key: null, query })).status).toBe(200);
      }
    }
    expect((await documented('GET', '/admin/sources')).body.sources).toHaveLength(5);

    await documented('GET', '/admin/rules');
    const rules = await documented(
      'PUT',
      '/admin/rules',
      {},
      {
        body: {
          rules: [
            { name: 'UK', when: { all: [{ field: 'country', op: 'eq', value: 'GB' }] }, poolId: weighted.body.id },
          ],
          defaultPoolId: queue.body.id,
        },
      },
    );
    expect(rules.status).toBe(200);
    expect((await documented('DELETE', '/admin/pools/{id}', { id: weighted.body.id })).status).toBe(409);
    await documented('GET', '/admin/rules');

    const key = await documented('POST', '/admin/keys', {}, { body: { name: 'ci' } });
    await documented('GET', '/admin/keys');
    expect((await documented('DELETE', '/admin/keys/{id}', { id: key.body.id })).status).toBe(204);
    expect((await documented('DELETE', '/admin/keys/{id}', { id: key.body.id })).status).toBe(404);
  });

  it('leads along their journey: assigned, accepted, sticky, offered, queued, released, closed, listed and explained', async () => {
    const reps = [];
    for (const name of ['Cy', 'Dee'])
      reps.push((await documented('POST', '/admin/reps', {}, { body: { name, email: `${name}@team.example` } })).body);
    const members = reps.map((r) => ({ repId: r.id }));
    const pool = async (body: Record<string, unknown>) =>
      (await documented('POST', '/admin/pools', {}, { body: { name: 'P', members, ...body } })).body;
    const sticky = await pool({ method: 'round_robin', stickyDays: 7 });
    const shotgun = await pool({ method: 'shotgun' });
    const queue = await pool({ method: 'pull_blind' });
    const source = async (poolId?: string) =>
      (
        await documented(
          'POST',
          '/admin/sources',
          {},
          { body: { name: 'S', kind: 'form', ...(poolId ? { poolId } : {}) } },
        )
      ).body;
    const send = async (key: string, lead: Record<string, unknown>) => {
      const receipt = await documented('POST', '/hooks/{sourceKey}', { sourceKey: key }, { body: lead, key: null });
      expect(receipt.status).toBe(202);
      // Not `stack.settled()`: a shotgun offer's expiry waits on the queue for minutes.
      await eventually(async () => (await api.get(`/admin/leads/${receipt.body.leadId}`)).body.status !== 'received');
      return (await documented('GET', '/admin/leads/{id}', { id: receipt.body.leadId })).body;
    };

    const unpinned = await source();
    await documented(
      'PUT',
      '/admin/rules',
      {},
      {
        body: {
          rules: [
            { name: 'US', when: { all: [{ field: 'country', op: 'eq', value: 'US' }] }, poolId: shotgun.id },
            { name: 'Everyone else', when: { all: [{ field: 'email', op: 'exists' }] }, poolId: sticky.id },
          ],
        },
      },
    );
    const first = await send(unpinned.key, { name: 'Ada Lovelace', email: 'ada@example.com', country: 'GB', score: 7 });
    expect(first).toMatchObject({ status: 'assigned', decisions: [{ rule: 'Everyone else' }] });
    const accept = stack.outbox.list({ leadId: first.id }).find((m) => m.link)!.link!;
    const accepted = await documented(
      'POST',
      '/l/{token}',
      { token: linkPath(accept).split('/').pop()! },
      {
        key: null,
        headers: { accept: 'application/json' },
      },
    );
    expect(accepted.status).toBe(200);
    const acceptedLead = (await documented('GET', '/admin/leads/{id}', { id: first.id })).body;
    expect(acceptedLead).toMatchObject({ status: 'accepted', speedToLeadSeconds: expect.any(Number) });

    const returning = await send(unpinned.key, { email: 'ada@example.com', country: 'GB' });
    expect(returning.decisions[0].sticky).toMatchObject({ leadId: first.id, honoured: true });
    const offered = await send((await source(shotgun.id)).key, { name: 'Offer Me', email: 'o@example.com' });
    expect(offered).toMatchObject({ status: 'offered', offer: { round: 1 } });
    const queued = await send((await source(queue.id)).key, { name: 'Queue Me', email: 'q@example.com' });
    expect(queued).toMatchObject({ status: 'queued', decisions: [{ outcome: 'queued' }] });

    const lead = { id: returning.id };
    expect((await documented('POST', '/admin/leads/{id}/release', lead)).status).toBe(200);
    await eventually(async () => (await api.get(`/admin/leads/${lead.id}`)).body.status === 'assigned');
    await documented('POST', '/admin/leads/{id}/assign', lead, { body: { repId: reps[1]!.id, force: true } });
    expect((await documented('POST', '/admin/leads/{id}/close', lead)).body.status).toBe('closed');
    expect((await documented('POST', '/admin/leads/{id}/release', lead)).status).toBe(409);
    expect((await documented('GET', '/admin/leads/{id}', { id: '01J0000000000000000000000' })).status).toBe(404);

    const page = await documented('GET', '/admin/leads', {}, { query: 'limit=2' });
    expect(page.body.nextCursor).toEqual(expect.any(String));
    await documented('GET', '/admin/leads', {}, { query: `status=queued&poolId=${queue.id}` });
    const explained = await documented(
      'POST',
      '/admin/explain',
      {},
      {
        body: { sourceId: unpinned.id, lead: { email: 'ada@example.com', country: 'DE' } },
      },
    );
    expect(explained.body).toMatchObject({
      route: { via: 'rule', trace: [{ matched: false, failed: { op: 'eq' } }, { matched: true }] },
      steps: [{ sticky: { matchedOn: 'email' } }],
    });
  });
});
