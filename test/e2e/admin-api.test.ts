import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/http/routes';
import type { LocalStack } from '../../functions/local/local-stack';
import { apiClient, startTestStack } from '../support/local-api';

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startTestStack({ sourceCacheMs: 0 });
  api = apiClient(stack);
});

afterAll(() => stack?.stop());

const samplePath = (path: string) => path.replace(/\{(\w+)\}/g, 'x_1');

describe('admin API authentication', () => {
  it.each(ROUTES.filter((r) => r.auth === 'admin').map((r) => [r.method, r.path]))(
    '%s %s answers 401 without a key, and with a wrong one',
    async (method, path) => {
      for (const key of [null, 'lr_not_a_real_key']) {
        const response = await api.call(method, samplePath(path), {
          key,
          ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }),
        });
        expect(response.status).toBe(401);
        expect(response.body.error.code).toBe('unauthorized');
      }
    },
  );
});

describe('reps', () => {
  it('are created, read, listed, changed and deleted', async () => {
    const created = await api.post('/admin/reps', {
      name: ' Ana Rivera ',
      email: 'Ana@Example.com',
      phone: '(415) 555-0101 ext 9'.replace(' ext 9', '').replace('(415)', '+1 415'),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^rep_/),
      name: 'Ana Rivera',
      email: 'ana@example.com',
      phone: '+14155550101',
      timezone: 'UTC',
      status: 'active',
      version: 1,
    });
    const id = created.body.id;

    expect((await api.get(`/admin/reps/${id}`)).body).toEqual(created.body);
    expect((await api.get('/admin/reps')).body.reps).toContainEqual(created.body);

    const paused = await api.patch(`/admin/reps/${id}`, { status: 'paused', timezone: 'America/Los_Angeles' });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({
      status: 'paused',
      timezone: 'America/Los_Angeles',
      name: 'Ana Rivera',
      version: 2,
    });

    expect((await api.delete(`/admin/reps/${id}`)).status).toBe(204);
    expect((await api.get(`/admin/reps/${id}`)).status).toBe(404);
  });

  it('refuse invalid fields with the path of each', async () => {
    const response = await api.post('/admin/reps', { name: '', email: 'x', timezone: 'Mars/Olympus', nickname: 'A' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    const paths = response.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['', 'email', 'name', 'timezone']);
  });

  it('cannot be deleted while in a pool', async () => {
    const rep = (await api.post('/admin/reps', { name: 'Ben' })).body;
    const pool = (await api.post('/admin/pools', { name: 'P', method: 'round_robin', members: [{ repId: rep.id }] }))
      .body;
    const response = await api.delete(`/admin/reps/${rep.id}`);
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'rep_in_use', details: { poolIds: [pool.id] } });
  });
});

describe('pools', () => {
  it('keep member order, accept member changes and refuse unknown or repeated reps', async () => {
    const a = (await api.post('/admin/reps', { name: 'A' })).body;
    const b = (await api.post('/admin/reps', { name: 'B' })).body;
    const pool = await api.post('/admin/pools', {
      name: 'Team',
      method: 'round_robin',
      members: [{ repId: b.id }, { repId: a.id }],
    });
    expect(pool.status).toBe(201);
    expect(pool.body.members).toEqual([{ repId: b.id }, { repId: a.id }]);

    const unknown = await api.post('/admin/pools', {
      name: 'T',
      method: 'round_robin',
      members: [{ repId: 'rep_nobody' }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([
      expect.objectContaining({ path: 'members.0.repId', code: 'unknown_rep' }),
    ]);
    const twice = await api.post('/admin/pools', {
      name: 'T',
      method: 'round_robin',
      members: [{ repId: a.id }, { repId: a.id }],
    });
    expect(twice.status).toBe(400);
    const badMethod = await api.post('/admin/pools', { name: 'T', method: 'telepathy', members: [] });
    expect(badMethod.body.error.details).toEqual([expect.objectContaining({ path: 'method' })]);

    const changed = await api.patch(`/admin/pools/${pool.body.id}`, { members: [{ repId: a.id }] });
    expect(changed.body).toMatchObject({ members: [{ repId: a.id }], version: 2 });
    expect((await api.get(`/admin/pools/${pool.body.id}`)).body.members).toEqual([{ repId: a.id }]);
    expect((await api.get('/admin/pools')).body.pools.map((p: { id: string }) => p.id)).toContain(pool.body.id);
  });

  it('cannot be deleted while a source routes to them', async () => {
    const pool = (await api.post('/admin/pools', { name: 'Q', method: 'round_robin', members: [] })).body;
    const source = (await api.post('/admin/sources', { name: 'S', kind: 'form', poolId: pool.id })).body;
    const refused = await api.delete(`/admin/pools/${pool.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'pool_in_use', details: { sourceIds: [source.id] } });
    expect((await api.delete(`/admin/sources/${source.id}`)).status).toBe(204);
    expect((await api.delete(`/admin/pools/${pool.id}`)).status).toBe(204);
    expect((await api.get(`/admin/pools/${pool.id}`)).status).toBe(404);
  });
});

describe('sources', () => {
  it('get an unguessable key and a webhook URL; a deleted source stops taking leads', async () => {
    const pool = (await api.post('/admin/pools', { name: 'R', method: 'round_robin', members: [] })).body;
    const created = await api.post('/admin/sources', {
      name: 'Landing page',
      kind: 'form',
      poolId: pool.id,
      defaultCountry: 'germany',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^src_/),
      key: expect.stringMatching(/^[\w-]{32}$/),
      defaultCountry: 'DE',
    });
    expect(created.body.webhookUrl).toBe(`${stack.url}/hooks/${created.body.key}`);

    const renamed = await api.patch(`/admin/sources/${created.body.id}`, { name: 'Landing page v2' });
    expect(renamed.body).toMatchObject({ name: 'Landing page v2', key: created.body.key, version: 2 });
    const lead = await api.call('POST', `/hooks/${created.body.key}`, { body: { phone: '030 1234567' }, key: null });
    expect(lead.status).toBe(202);
    await stack.settled();
    expect((await api.get(`/admin/leads/${lead.body.leadId}`)).body.fields.phone).toBe('+49301234567');

    expect((await api.delete(`/admin/sources/${created.body.id}`)).status).toBe(204);
    const after = await api.call('POST', `/hooks/${created.body.key}`, { body: { email: 'a@b.co' }, key: null });
    expect(after.status).toBe(404);
  });

  it('refuse a pool that does not exist', async () => {
    const response = await api.post('/admin/sources', { name: 'X', kind: 'form', poolId: 'pool_missing' });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([expect.objectContaining({ path: 'poolId', code: 'unknown_pool' })]);
  });
});

describe('leads', () => {
  it('answer 404 for an unknown id and 400 for a bad filter', async () => {
    expect((await api.get('/admin/leads/01NOPE')).status).toBe(404);
    const bad = await api.get('/admin/leads?status=lost&limit=1000');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['limit', 'status']);
  });
});

it('answers an unknown route with 404 route_not_found', async () => {
  const response = await api.get('/admin/nothing-here');
  expect(response).toMatchObject({ status: 404, body: { error: { code: 'route_not_found' } } });
});
