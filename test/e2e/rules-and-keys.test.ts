import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/local-stack';
import { apiClient, startTestStack } from '../support/local-api';

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startTestStack({ sourceCacheMs: 0, adminKeyCacheMs: 0 });
  api = apiClient(stack);
});

afterAll(() => stack?.stop());

async function aPool(name: string) {
  const rep = (await api.post('/admin/reps', { name: `${name} rep` })).body;
  const pool = await api.post('/admin/pools', { name, method: 'round_robin', members: [{ repId: rep.id }] });
  expect(pool.status).toBe(201);
  return { pool: pool.body, rep };
}

function put(path: string, body: unknown, headers: Record<string, string> = {}) {
  return api.call('PUT', path, { body, headers });
}

describe('routing rules', () => {
  it('route a lead of a source without a pool by the first matching rule, then the default pool, and record the rule', async () => {
    const emea = await aPool('EMEA');
    const senior = await aPool('Senior');
    const fallback = await aPool('Everyone else');
    const current = await api.get('/admin/rules');
    const saved = await put(
      '/admin/rules',
      {
        rules: [
          { name: 'High score', when: { all: [{ field: 'score', op: 'gte', value: 80 }] }, poolId: senior.pool.id },
          {
            name: 'EMEA territory',
            when: {
              any: [
                { field: 'country', op: 'in', value: ['DE', 'FR', 'GB'] },
                { field: 'postalCode', op: 'prefix', value: 'EC' },
              ],
            },
            poolId: emea.pool.id,
          },
        ],
        defaultPoolId: fallback.pool.id,
      },
      { 'if-match': current.headers.get('etag')! },
    );
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(current.body.version + 1);
    expect(saved.headers.get('etag')).toBe(`"${saved.body.version}"`);

    const source = (await api.post('/admin/sources', { name: 'Unpinned', kind: 'form' })).body;
    const send = async (lead: Record<string, unknown>) =>
      (await api.call('POST', `/hooks/${source.key}`, { body: lead, key: null })).body.leadId;
    const ids = [
      await send({ email: 'hot@example.com', country: 'Germany', score: 95 }),
      await send({ email: 'berlin@example.com', country: 'Germany', score: 10 }),
      await send({ email: 'ohio@example.com', country: 'US' }),
    ];
    await stack.settled();
    const leads = await Promise.all(ids.map(async (id) => (await api.get(`/admin/leads/${id}`)).body));
    expect(leads.map((l) => [l.status, l.poolId, l.repId, l.decisions[0].rule])).toEqual([
      ['assigned', senior.pool.id, senior.rep.id, 'High score'],
      ['assigned', emea.pool.id, emea.rep.id, 'EMEA territory'],
      ['assigned', fallback.pool.id, fallback.rep.id, undefined],
    ]);
    expect((await api.get('/admin/rules')).body).toEqual(saved.body);
  });

  it('refuse a stale If-Match with 412 and keep the newer rules', async () => {
    const { pool } = await aPool('Stale check');
    const before = await api.get('/admin/rules');
    const first = await put(
      '/admin/rules',
      { rules: [], defaultPoolId: pool.id },
      { 'if-match': before.headers.get('etag')! },
    );
    expect(first.status).toBe(200);
    const late = await put('/admin/rules', { rules: [] }, { 'if-match': before.headers.get('etag')! });
    expect(late.status).toBe(412);
    expect(late.body.error).toMatchObject({
      code: 'precondition_failed',
      details: { currentVersion: first.body.version },
    });
    expect((await api.get('/admin/rules')).body.defaultPoolId).toBe(pool.id);
  });

  it('refuse rules naming unknown pools or fields, or a pattern RE2 cannot read, with the path of each problem', async () => {
    const { pool } = await aPool('Valid');
    const response = await put('/admin/rules', {
      rules: [
        { name: 'A', when: { all: [{ field: 'country', op: 'eq', value: 'US' }] }, poolId: 'pool_nowhere' },
        { name: 'B', when: { all: [{ field: 'shoeSize', op: 'eq', value: 9 }] }, poolId: pool.id },
        { name: 'C', when: { all: [{ field: 'email', op: 'regex', value: '(?=a)b' }] }, poolId: pool.id },
      ],
      defaultPoolId: 'pool_gone',
    });
    expect(response.status).toBe(400);
    const paths = response.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['rules.1.when.all.0.field', 'rules.2.when.all.0.value']);

    const unknownPools = await put('/admin/rules', {
      rules: [{ name: 'A', when: { all: [{ field: 'country', op: 'eq', value: 'US' }] }, poolId: 'pool_nowhere' }],
      defaultPoolId: 'pool_gone',
    });
    expect(unknownPools.status).toBe(400);
    expect(unknownPools.body.error.details.map((d: { path: string; code: string }) => [d.path, d.code])).toEqual([
      ['rules.0.poolId', 'unknown_pool'],
      ['defaultPoolId', 'unknown_pool'],
    ]);
  });

  it('keep a pool that the rules route to from being deleted', async () => {
    const { pool } = await aPool('Needed');
    const current = await api.get('/admin/rules');
    await put('/admin/rules', { ...current.body, version: undefined, updatedAt: undefined, defaultPoolId: pool.id });
    const refused = await api.delete(`/admin/pools/${pool.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'pool_in_use', details: { defaultPool: true } });
  });
});

describe('If-Match on PATCH', () => {
  it('applies a change made on the current version, answers 412 on an older one, and merges without If-Match', async () => {
    const rep = await api.post('/admin/reps', { name: 'Quinn' });
    expect(rep.headers.get('etag')).toBe('"1"');
    const changed = await api.call('PATCH', `/admin/reps/${rep.body.id}`, {
      body: { name: 'Quinn A' },
      headers: { 'if-match': '"1"' },
    });
    expect(changed).toMatchObject({ status: 200, body: { version: 2 } });
    expect(changed.headers.get('etag')).toBe('"2"');
    const stale = await api.call('PATCH', `/admin/reps/${rep.body.id}`, {
      body: { name: 'Quinn B' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('precondition_failed');
    expect((await api.get(`/admin/reps/${rep.body.id}`)).body.name).toBe('Quinn A');
    expect((await api.patch(`/admin/reps/${rep.body.id}`, { name: 'Quinn C' })).body.version).toBe(3);

    const { pool } = await aPool('Versioned pool');
    expect(
      (await api.call('PATCH', `/admin/pools/${pool.id}`, { body: { name: 'x' }, headers: { 'if-match': '"7"' } }))
        .status,
    ).toBe(412);
    expect(
      (await api.call('PATCH', `/admin/pools/${pool.id}`, { body: { name: 'x' }, headers: { 'if-match': 'W/"1"' } }))
        .status,
    ).toBe(200);

    const source = (await api.post('/admin/sources', { name: 'Versioned source', kind: 'form' })).body;
    expect(
      (await api.call('PATCH', `/admin/sources/${source.id}`, { body: { name: 'y' }, headers: { 'if-match': '"2"' } }))
        .status,
    ).toBe(412);
    expect(
      (
        await api.call('PATCH', `/admin/sources/${source.id}`, {
          body: { name: 'y' },
          headers: { 'if-match': 'nonsense' },
        })
      ).status,
    ).toBe(400);
  });
});

describe('sources by kind', () => {
  it('keep secrets out of every answer, rotate a signing secret, and clear a pin with null', async () => {
    const { pool } = await aPool('Pinned');
    const created = await api.post('/admin/sources', {
      name: 'Signed',
      kind: 'json',
      poolId: pool.id,
      signingSecret: 'first-secret-0001',
    });
    expect(created.status).toBe(201);
    const rotated = await api.patch(`/admin/sources/${created.body.id}`, {
      signingSecret: 'second-secret-0002',
      poolId: null,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ hasSigningSecret: true, version: 2 });
    expect(rotated.body).not.toHaveProperty('poolId');
    for (const response of [
      created,
      rotated,
      await api.get(`/admin/sources/${created.body.id}`),
      await api.get('/admin/sources'),
    ]) {
      const text = JSON.stringify(response.body);
      expect(text).not.toContain('first-secret-0001');
      expect(text).not.toContain('second-secret-0002');
      expect(text).not.toContain('previousSecret');
    }
    const stored = await stack.config.get(created.body.id);
    expect(stored).toMatchObject({
      signingSecret: 'second-secret-0002',
      previousSecret: { secret: 'first-secret-0001' },
    });
  });

  it('refuse settings of another kind, a missing Meta secret and a change of kind', async () => {
    const wrongKind = await api.post('/admin/sources', { name: 'F', kind: 'form', signingSecret: 'x'.repeat(20) });
    expect(wrongKind.status).toBe(400);
    const meta = await api.post('/admin/sources', {
      name: 'M',
      kind: 'meta_lead_ads',
      appSecret: 'secret-123',
      verifyToken: 't',
    });
    expect(meta.body.error.details).toEqual([expect.objectContaining({ path: 'accessToken' })]);
    const form = (await api.post('/admin/sources', { name: 'F', kind: 'form' })).body;
    const change = await api.patch(`/admin/sources/${form.id}`, { kind: 'json' });
    expect(change.body.error.details).toEqual([expect.objectContaining({ path: 'kind', code: 'immutable' })]);
  });
});

describe('admin API keys', () => {
  it('refuse every change made with a key from the moment its revocation is answered, even while reads ride the cache', async () => {
    const cached = await startTestStack({ adminKeyCacheMs: 30_000 });
    try {
      const client = apiClient(cached);
      const created = (await client.post('/admin/keys', { name: 'soon revoked' })).body;
      expect((await client.get('/admin/keys', created.key)).status).toBe(200); // the authorizer now remembers it
      expect((await client.delete(`/admin/keys/${created.id}`)).status).toBe(204);
      const minted = await client.post('/admin/keys', { name: 'minted by a revoked key' }, created.key);
      expect(minted.status).toBe(401);
      expect((await client.post('/admin/reps', { name: 'Nobody' }, created.key)).status).toBe(401);
      const listed = await client.get('/admin/keys');
      expect(listed.body.keys.map((k: { name: string }) => k.name)).not.toContain('minted by a revoked key');
      // Documented: reads with a just-revoked key may pass until the cached answer expires.
      expect((await client.get('/admin/keys', created.key)).status).toBe(200);
    } finally {
      await cached.stop();
    }
  });

  it('show a new key once, list keys without secrets, and stop accepting a revoked key', async () => {
    const created = await api.post('/admin/keys', { name: 'ci' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^key_/),
      name: 'ci',
      key: expect.stringMatching(/^lr_/),
      createdAt: expect.any(String),
    });
    const key = created.body.key as string;

    const listed = await api.get('/admin/keys', key);
    expect(listed.status).toBe(200);
    expect(listed.body.keys).toContainEqual({ id: created.body.id, name: 'ci', createdAt: created.body.createdAt });
    expect(JSON.stringify(listed.body)).not.toContain(key);

    expect((await api.delete(`/admin/keys/${created.body.id}`)).status).toBe(204);
    expect((await api.get('/admin/keys', key)).status).toBe(401);
    expect((await api.delete(`/admin/keys/${created.body.id}`)).status).toBe(404);
    expect((await api.get('/admin/keys')).body.keys.map((k: { id: string }) => k.id)).not.toContain(created.body.id);
  });

  it('refuse a key that was never issued', async () => {
    expect((await api.get('/admin/keys', 'lr_never_issued')).status).toBe(401);
  });
});

describe('the OpenAPI document', () => {
  it('is public and describes the admin API', async () => {
    const document = await api.get('/openapi.json', null);
    expect(document.status).toBe(200);
    expect(document.body).toMatchObject({
      openapi: '3.1.0',
      paths: { '/admin/rules': { put: { operationId: 'replaceRules' } } },
    });
  });
});

describe('regex rules', () => {
  it('route a lead whose long value almost matches a once-catastrophic pattern at once, and keep answering', async () => {
    const { pool, rep } = await aPool('Refs');
    const saved = await put('/admin/rules', {
      rules: [
        {
          name: 'Ref',
          when: {
            any: [
              { field: 'custom.ref', op: 'regex', value: '\\d+[0x]\\d+[0x]\\d+$' },
              { field: 'custom.ref', op: 'regex', value: '\\+?\\d+[\\d\\s-]\\d+[\\d\\s-]\\d+$' },
            ],
          },
          poolId: pool.id,
        },
      ],
      defaultPoolId: pool.id,
    });
    expect(saved.status).toBe(200);
    const source = (await api.post('/admin/sources', { name: 'Refs', kind: 'form' })).body;
    const started = Date.now();
    const sent = await api.call('POST', `/hooks/${source.key}`, {
      body: { email: 'zeros@example.com', ref: `${'0'.repeat(600)}!` },
      key: null,
    });
    expect(sent.status).toBe(202);
    expect((await api.get('/health', null)).status).toBe(200);
    await stack.settled();
    const lead = (await api.get(`/admin/leads/${sent.body.leadId}`)).body;
    expect(lead).toMatchObject({ status: 'assigned', repId: rep.id });
    expect(lead.decisions[0].rule).toBeUndefined(); // no rule matched: the default pool took it
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
