import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smsParts } from '../../functions/core/notices/sms';
import type { LocalStack } from '../../functions/local/local-stack';
import { apiClient, eventually, startTestStack } from '../support/local-api';

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack);
});

afterAll(() => stack?.stop());

async function aRoundRobinSource(repNames: string[]) {
  const reps = [];
  for (const name of repNames) {
    const response = await api.post('/admin/reps', {
      name,
      email: `${name.toLowerCase()}@example.com`,
      timezone: 'Europe/Berlin',
    });
    expect(response.status).toBe(201);
    reps.push(response.body);
  }
  const pool = await api.post('/admin/pools', {
    name: 'Inbound',
    method: 'round_robin',
    members: reps.map((r) => ({ repId: r.id })),
  });
  expect(pool.status).toBe(201);
  const source = await api.post('/admin/sources', { name: 'Website', kind: 'form', poolId: pool.body.id });
  expect(source.status).toBe(201);
  return { reps, pool: pool.body, source: source.body };
}

describe('a lead from webhook to rep, through the local HTTP server', () => {
  it('is accepted, assigned by round robin, recorded with its decision and lands in the outbox', async () => {
    const { reps, pool, source } = await aRoundRobinSource(['Ana', 'Ben']);
    expect(source.webhookUrl).toBe(`${stack.url}/hooks/${source.key}`);

    const posted = await api.call('POST', `/hooks/${source.key}`, {
      body: {
        name: 'Ada Lovelace',
        email: 'Ada@Example.com',
        phone: '+44 20 7946 0958',
        company: 'Analytical Engines',
        budget: '10k',
      },
      key: null,
    });
    expect(posted.status).toBe(202);
    const { leadId } = posted.body;

    const message = await eventually(async () => stack.outbox.list({ leadId })[0]);
    expect(message).toMatchObject({ repId: reps[0].id, leadId, kind: 'assigned' });
    expect(message.text).toContain('Ada Lovelace (Analytical Engines)');

    const lead = await api.get(`/admin/leads/${leadId}`);
    expect(lead.status).toBe(200);
    expect(lead.body).toMatchObject({
      id: leadId,
      status: 'assigned',
      poolId: pool.id,
      repId: reps[0].id,
      sourceId: source.id,
      fields: { email: 'ada@example.com', phone: '+442079460958', firstName: 'Ada' },
      custom: { budget: '10k' },
    });
    expect(lead.body.decisions).toEqual([
      expect.objectContaining({
        poolId: pool.id,
        method: 'round_robin',
        candidates: reps.map((r) => r.id),
        repId: reps[0].id,
        seq: 1,
      }),
    ]);

    const outbox = await api.get('/dev/outbox', null);
    expect(outbox.body.messages).toContainEqual(
      expect.objectContaining({ repId: reps[0].id, leadId, kind: 'assigned', at: expect.any(String) }),
    );
    // Both forms of the notice: the full text for email, and the one-part SMS with the same link.
    const notice = outbox.body.messages.find((m: { leadId: string }) => m.leadId === leadId);
    expect(smsParts(notice.sms)).toBe(1);
    expect(notice.sms.endsWith(`\n${notice.link}`)).toBe(true);
    expect(notice.text).toContain(notice.link);
  });

  it('accepts a plain HTML form post and gives the next lead to the next rep', async () => {
    const { reps, source } = await aRoundRobinSource(['Cy', 'Di']);
    const first = await api.call('POST', `/hooks/${source.key}`, {
      raw: 'email=one%40example.com',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      key: null,
    });
    await stack.settled();
    const second = await api.call('POST', `/hooks/${source.key}`, {
      raw: 'email=two%40example.com&First+Name=Two',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      key: null,
    });
    await stack.settled();
    expect([first.status, second.status]).toEqual([202, 202]);
    const owners = await Promise.all(
      [first, second].map(async (r) => (await api.get(`/admin/leads/${r.body.leadId}`)).body.repId),
    );
    expect(owners).toEqual([reps[0].id, reps[1].id]);
  });

  it('answers bad input with a clear 4xx and a machine-readable error, and stores nothing', async () => {
    const { source } = await aRoundRobinSource(['Eve']);
    const hook = `/hooks/${source.key}`;
    const cases = [
      [await api.call('POST', '/hooks/not-a-key', { body: { email: 'a@b.co' }, key: null }), 404, 'not_found'],
      [await api.call('POST', hook, { body: { email: 'nope' }, key: null }), 400, 'invalid_lead'],
      [await api.call('POST', hook, { body: { name: 'No contact' }, key: null }), 400, 'missing_contact'],
      [
        await api.call('POST', hook, { raw: '{"email":', headers: { 'content-type': 'application/json' }, key: null }),
        400,
        'invalid_json',
      ],
      [
        await api.call('POST', hook, { raw: '<lead/>', headers: { 'content-type': 'application/xml' }, key: null }),
        415,
        'unsupported_media_type',
      ],
      [
        await api.call('POST', hook, { body: { email: 'a@b.co', notes: 'x'.repeat(70_000) }, key: null }),
        413,
        'payload_too_large',
      ],
    ] as const;
    for (const [response, status, code] of cases) {
      expect(response.status).toBe(status);
      expect(response.body.error).toEqual({ code, message: expect.any(String), details: expect.anything() });
    }
    const stored = await api.get(`/admin/leads?limit=200`);
    expect(stored.body.leads.filter((l: { sourceId: string }) => l.sourceId === source.id)).toEqual([]);
  });

  it('answers GET /health', async () => {
    expect(await api.get('/health', null)).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});
