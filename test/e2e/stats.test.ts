import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/local-stack';
import { apiClient, startTestStack } from '../support/local-api';

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
let pool: { id: string };
let reps: { id: string }[];

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack);
  reps = [];
  for (const name of ['Ana', 'Ben', 'Cy']) {
    reps.push((await api.post('/admin/reps', { name, email: `${name}@example.com`, timezone: 'UTC' })).body);
  }
  pool = (
    await api.post('/admin/pools', {
      name: 'Inbound',
      method: 'round_robin',
      members: reps.map((r) => ({ repId: r.id })),
    })
  ).body;
  const source = (await api.post('/admin/sources', { name: 'Website', kind: 'form', poolId: pool.id })).body;
  for (let i = 0; i < 12; i++) {
    const posted = await api.call('POST', `/hooks/${source.key}`, {
      body: { name: `Lead ${i}`, email: `lead${i}@example.com` },
      key: null,
    });
    expect(posted.status).toBe(202);
  }
  await stack.settled();
});

afterAll(() => stack?.stop());

describe('GET /admin/stats, fed by the leads table stream of the local stack', () => {
  it('counts what the leads say, per rep and per pool, with the pool fair', async () => {
    const leads = (await api.get('/admin/leads?limit=200')).body.leads as { repId?: string }[];
    const byRep = (await api.get('/admin/stats?groupBy=rep')).body;
    expect(byRep.groupBy).toBe('rep');
    for (const rep of reps) {
      const row = byRep.rows.find((r: { repId: string }) => r.repId === rep.id);
      expect(row?.assigned).toBe(leads.filter((l) => l.repId === rep.id).length);
      expect(row?.timeToAssignSeconds.count).toBe(4);
    }
    const byPool = (await api.get(`/admin/stats?groupBy=pool&poolId=${pool.id}`)).body;
    expect(byPool.rows).toEqual([
      expect.objectContaining({
        poolId: pool.id,
        received: 12,
        assigned: 12,
        fairness: expect.objectContaining({ jain: 1, spread: 0 }),
      }),
    ]);
  });

  it('answers the same rows as CSV with a header line, by format or by Accept', async () => {
    const byFormat = await api.get('/admin/stats?groupBy=pool&format=csv');
    expect(byFormat.status).toBe(200);
    expect(byFormat.headers.get('content-type')).toContain('text/csv');
    const [header, row] = (byFormat.body as string).trim().split('\r\n');
    expect(header).toMatch(/^poolId,received,routedByDefault,assigned,/);
    expect(header).toContain('fairness.jain');
    expect(row).toMatch(new RegExp(`^${pool.id},12,`));
    const byAccept = await api.call('GET', '/admin/stats?groupBy=pool', { headers: { accept: 'text/csv' } });
    expect(byAccept.body).toBe(byFormat.body);
  });

  it('refuses an unknown grouping, an empty window and a window over a year with a 400', async () => {
    for (const query of [
      'groupBy=team',
      'from=2026-11-02&to=2026-11-01',
      'from=2020-01-01&to=2026-01-01',
      'from=soon',
    ]) {
      const answer = await api.get(`/admin/stats?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'validation_failed', details: expect.any(Array) });
    }
  });
});
