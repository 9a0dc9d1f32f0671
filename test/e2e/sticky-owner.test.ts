import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/local-stack';
import { fixedClock } from '../support/builders';
import { apiClient, startTestStack } from '../support/local-api';

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
const clock = fixedClock(new Date().toISOString());

beforeAll(async () => {
  stack = await startTestStack({ sweepEveryMs: 0, clock, sourceCacheMs: 0, ruleCacheMs: 0 });
  api = apiClient(stack);
});

afterAll(() => stack?.stop());

async function send(sourceKey: string, body: Record<string, unknown>) {
  const { leadId } = (await api.call('POST', `/hooks/${sourceKey}`, { body, key: null })).body;
  await stack.settled();
  return (await api.get(`/admin/leads/${leadId}`)).body;
}

describe('sticky owner', () => {
  it('sends a returning contact (same email or phone) to the owner of their recent lead, within the window', async () => {
    const reps = [];
    for (const name of ['Ana', 'Ben', 'Cy']) reps.push((await api.post('/admin/reps', { name })).body);
    const pool = (
      await api.post('/admin/pools', {
        name: 'Sticky',
        method: 'round_robin',
        members: reps.map((r) => ({ repId: r.id })),
        stickyDays: 30,
      })
    ).body;
    const source = (await api.post('/admin/sources', { name: 'S', kind: 'form', poolId: pool.id })).body;

    const first = await send(source.key, { email: 'Returning@Example.com', phone: '+14155550199' });
    expect(first.repId).toBe(reps[0].id);
    await send(source.key, { email: 'someone@example.com' }); // Ben's turn goes by

    const again = await send(source.key, { email: 'returning@example.com' });
    expect(again.repId).toBe(reps[0].id);
    expect(again.decisions[0].sticky).toEqual({
      leadId: first.id,
      repId: reps[0].id,
      matchedOn: 'email',
      honoured: true,
    });
    const byPhone = await send(source.key, { phone: '+1 415 555 0199' });
    expect(byPhone.repId).toBe(reps[0].id);
    expect(byPhone.decisions[0].sticky).toMatchObject({ matchedOn: 'phone' });

    clock.advance(31 * 86_400_000);
    const later = await send(source.key, { email: 'returning@example.com' });
    expect(later.decisions[0].sticky).toBeUndefined();
  });

  it('is set per rule too, and explain shows the match', async () => {
    const reps = [];
    for (const name of ['Dee', 'Eli']) reps.push((await api.post('/admin/reps', { name })).body);
    const pool = (
      await api.post('/admin/pools', {
        name: 'Rules pool',
        method: 'round_robin',
        members: reps.map((r) => ({ repId: r.id })),
      })
    ).body;
    const source = (await api.post('/admin/sources', { name: 'Unpinned', kind: 'form' })).body;
    const rules = await api.call('PUT', '/admin/rules', {
      body: {
        rules: [
          { name: 'US only', when: { all: [{ field: 'country', op: 'eq', value: 'US' }] }, poolId: pool.id },
          {
            name: 'Everyone, sticky',
            when: { all: [{ field: 'email', op: 'exists' }] },
            poolId: pool.id,
            stickyDays: 7,
          },
        ],
      },
    });
    expect(rules.status).toBe(200);
    const first = await send(source.key, { email: 'rule@example.com' });
    expect(first.decisions[0]).toMatchObject({ rule: 'Everyone, sticky', repId: reps[0].id });
    const explained = await api.post('/admin/explain', {
      sourceId: source.id,
      lead: { email: 'rule@example.com', country: 'France' },
    });
    expect(explained.body.route).toMatchObject({
      via: 'rule',
      rule: 'Everyone, sticky',
      trace: [
        { rule: 'US only', matched: false, failed: { field: 'country', op: 'eq', expected: 'US', actual: 'FR' } },
        { rule: 'Everyone, sticky', matched: true },
      ],
    });
    expect(explained.body.steps[0]).toMatchObject({ repId: reps[0].id, sticky: { leadId: first.id, honoured: true } });
    await api.call('PUT', '/admin/rules', { body: { rules: [] } });
  });
});
