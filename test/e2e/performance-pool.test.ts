import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStatsStore } from '../../functions/adapters/dynamodb/dynamo-stats-store';
import type { Decision } from '../../functions/core/leads/lead';
import { LOCAL_AWS } from '../../functions/local/dynamodb-local';
import type { LocalStack } from '../../functions/local/local-stack';
import { fixedClock } from '../support/builders';
import { apiClient, startTestStack } from '../support/local-api';

const clock = fixedClock('2026-11-23T10:00:00.000Z');
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
let documents: DynamoDBDocumentClient;

beforeAll(async () => {
  stack = await startTestStack({ sweepEveryMs: 0, clock });
  api = apiClient(stack);
  documents = DynamoDBDocumentClient.from(new DynamoDBClient({ ...LOCAL_AWS, endpoint: stack.dynamoEndpoint }));
});

afterAll(() => {
  documents?.destroy();
  return stack?.stop();
});

async function rep(name: string) {
  return (await api.post('/admin/reps', { name })).body as { id: string };
}

describe('performance pools', () => {
  it('route by weights from the stats aggregates and record rate, sample and weight on each decision', async () => {
    const [ana, ben] = [await rep('Ana'), await rep('Ben')];
    const created = await api.post('/admin/pools', {
      name: 'Closers',
      method: 'performance',
      members: [{ repId: ana.id }, { repId: ben.id }],
      performance: { stage: 'won', windowDays: 7 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const pool = created.body;
    expect(pool.performance).toEqual({ stage: 'won', windowDays: 7 });
    // Ana won 30 of 100 leads and Ben 10 of 100 two days ago: weights 8 and 3 (see docs).
    const key = { day: '2026-11-21', poolId: pool.id, sourceId: 'src', rule: '(default)' };
    await new DynamoStatsStore(documents, stack.tables.stats).add([
      { key: { ...key, repId: ana.id }, counts: { assigned: 100, 'outcome.won': 30 } },
      { key: { ...key, repId: ben.id }, counts: { assigned: 100, 'outcome.won': 10 } },
    ]);
    const source = (await api.post('/admin/sources', { name: 'Form', kind: 'form', poolId: pool.id })).body;
    const owners: string[] = [];
    let last: Decision | undefined;
    for (let i = 0; i < 11; i++) {
      const sent = await api.call('POST', `/hooks/${source.key}`, { body: { email: `p${i}@example.com` }, key: null });
      await stack.settled();
      const lead = (await api.get(`/admin/leads/${sent.body.leadId}`)).body;
      owners.push(lead.repId === ana.id ? 'ana' : 'ben');
      last = lead.decisions.at(-1);
    }
    expect(owners.filter((o) => o === 'ana')).toHaveLength(8);
    expect(last).toMatchObject({ method: 'performance', outcome: 'assigned' });
    const expected = (repId?: string) =>
      repId === ana.id ? { rate: 0.2833, sample: 100, weight: 8 } : { rate: 0.1167, sample: 100, weight: 3 };
    expect(last?.performance).toEqual(expected(last?.repId));
    // Explain shows the weights the assigner would compute now: the 11 assignments count too.
    const explained = (await api.post('/admin/explain', { poolId: pool.id, lead: { email: 'x@example.com' } })).body;
    const step = explained.steps[0];
    expect(step).toMatchObject({ method: 'performance', outcome: 'assigned' });
    expect(step.performance.sample).toBe(step.repId === ana.id ? 108 : 103);
  });

  it('refuse performance settings on another method and bounds the wrong way round, and clear them with null', async () => {
    const a = await rep('Cy');
    const other = await api.post('/admin/pools', {
      name: 'X',
      method: 'weighted',
      members: [{ repId: a.id }],
      performance: { stage: 'won' },
    });
    expect(other.status).toBe(400);
    expect(other.body.error.details).toEqual([
      expect.objectContaining({ path: 'performance', code: 'not_for_method' }),
    ]);
    const bounds = await api.post('/admin/pools', {
      name: 'X',
      method: 'performance',
      members: [{ repId: a.id }],
      performance: { minWeight: 5, maxWeight: 2 },
    });
    expect(bounds.status).toBe(400);
    expect(bounds.body.error.details).toEqual([expect.objectContaining({ path: 'performance.minWeight' })]);
    const pool = (
      await api.post('/admin/pools', {
        name: 'P',
        method: 'performance',
        members: [{ repId: a.id }],
        performance: { priorStrength: 5 },
      })
    ).body;
    const cleared = await api.patch(`/admin/pools/${pool.id}`, { performance: null, method: 'round_robin' });
    expect(cleared.status).toBe(200);
    expect(cleared.body.performance).toBeUndefined();
  });
});
