import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/local-stack';
import { apiClient, startTestStack } from '../support/local-api';

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
let germany: string;
let rest: string;
const COUNTRIES = ['DE', 'FR', 'DE', 'FR', 'FR', 'IT', 'DE', 'FR'];

async function aPool(name: string) {
  const rep = (await api.post('/admin/reps', { name, email: `${name}@example.com`, timezone: 'UTC' })).body;
  return (await api.post('/admin/pools', { name, method: 'round_robin', members: [{ repId: rep.id }] })).body
    .id as string;
}

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack);
  germany = await aPool('Germany');
  rest = await aPool('Rest');
  const rules = {
    rules: [{ name: 'DACH', when: { all: [{ field: 'country', op: 'eq', value: 'DE' }] }, poolId: germany }],
    defaultPoolId: rest,
  };
  expect((await api.call('PUT', '/admin/rules', { body: rules })).status).toBe(200);
  const source = (await api.post('/admin/sources', { name: 'Web', kind: 'form' })).body;
  for (const [i, country] of COUNTRIES.entries()) {
    const body = { name: `Lead ${i}`, email: `l${i}@example.com`, country };
    expect((await api.call('POST', `/hooks/${source.key}`, { body, key: null })).status).toBe(202);
  }
  await stack.settled();
});

afterAll(() => stack?.stop());

const draft = () => ({
  rules: [{ name: 'France', when: { all: [{ field: 'country', op: 'eq', value: 'FR' }] }, poolId: germany }],
  defaultPoolId: rest,
});

describe('POST /admin/rules/simulate on the stored leads', () => {
  it('answers per pool now and under the draft, the leads that move with the deciding rule, and those to the default', async () => {
    const before = (await api.get('/admin/leads?limit=200')).body.leads;
    const answer = await api.post('/admin/rules/simulate', { rules: draft(), lastN: 100 });
    expect(answer.status).toBe(200);
    const de = COUNTRIES.filter((c) => c === 'DE').length;
    const fr = COUNTRIES.filter((c) => c === 'FR').length;
    expect(answer.body).toMatchObject({ leads: COUNTRIES.length, truncated: false, toDefault: COUNTRIES.length - fr });
    expect(answer.body.pools).toEqual(
      expect.arrayContaining([
        { poolId: germany, current: de, draft: fr },
        { poolId: rest, current: COUNTRIES.length - de, draft: COUNTRIES.length - fr },
      ]),
    );
    expect(answer.body.moved).toBe(de + fr);
    expect(answer.body.movedSample).toContainEqual(
      expect.objectContaining({ current: { poolId: germany, by: 'DACH' }, draft: { poolId: rest, by: '(default)' } }),
    );
    expect(answer.body.movedSample).toContainEqual(
      expect.objectContaining({ draft: { poolId: germany, by: 'France' } }),
    );
    // Writes nothing: the leads and the live rules are as they were.
    expect((await api.get('/admin/leads?limit=200')).body.leads).toEqual(before);
    expect((await api.get('/admin/rules')).body.rules[0].name).toBe('DACH');
  });

  it('takes a window of creation times, and only the last N', async () => {
    const future = await api.post('/admin/rules/simulate', { rules: draft(), from: '2099-01-01' });
    expect(future.body).toMatchObject({ leads: 0, moved: 0, pools: [] });
    const windowed = await api.post('/admin/rules/simulate', { rules: draft(), from: '2020-01-01', to: '2099-01-01' });
    expect(windowed.body.leads).toBe(COUNTRIES.length);
    expect((await api.post('/admin/rules/simulate', { rules: draft(), lastN: 3 })).body.leads).toBe(3);
  });

  it('refuses a body without leads to replay, with both, or with a broken draft', async () => {
    for (const body of [
      { rules: draft() },
      { rules: draft(), lastN: 5, from: '2026-01-01' },
      { rules: draft(), lastN: 0 },
      { rules: { rules: [{ name: 'x' }] }, lastN: 5 },
      { rules: draft(), from: '2026-02-01', to: '2026-01-01' },
    ]) {
      const answer = await api.post('/admin/rules/simulate', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
    }
  });
});
