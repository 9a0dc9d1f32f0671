import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/local-stack';
import { apiClient, eventually, startTestStack } from '../support/local-api';

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack);
});

afterAll(() => stack?.stop());

async function aRoundRobinSource() {
  const ana = await api.post('/admin/reps', { name: 'Ana', email: 'ana@example.com' });
  const pool = await api.post('/admin/pools', {
    name: 'Inbound',
    method: 'round_robin',
    members: [{ repId: ana.body.id }],
  });
  const source = await api.post('/admin/sources', { name: 'Website', kind: 'form', poolId: pool.body.id });
  return { rep: ana.body, pool: pool.body, source: source.body };
}

const eventsOf = async (leadId: string) => (await api.get(`/dev/events?leadId=${leadId}`)).body.events as any[];

describe('lead events from the leads table change stream (DynamoDB Local)', () => {
  it('makes lead.received, then lead.assigned, lead.closed: each once, in order, with the same records as the timeline', async () => {
    const { rep, pool, source } = await aRoundRobinSource();
    const posted = await api.call('POST', `/hooks/${source.key}`, {
      body: { name: 'Grace Hopper', email: 'grace@example.com', company: 'Navy' },
      key: null,
    });
    const { leadId } = posted.body;

    await eventually(async () => (await eventsOf(leadId)).some((e) => e.type === 'lead.assigned'));
    expect((await api.post(`/admin/leads/${leadId}/close`, {})).status).toBe(200);
    await eventually(async () => (await eventsOf(leadId)).some((e) => e.type === 'lead.closed'));
    await stack.eventsCaughtUp();

    const events = await eventsOf(leadId);
    expect(events.map((e) => [e.id, e.type, e.data.actor])).toEqual([
      [`evt_${leadId}_0`, 'lead.received', 'source'],
      [`evt_${leadId}_1`, 'lead.assigned', 'assigner'],
      [`evt_${leadId}_2`, 'lead.closed', 'admin'],
    ]);
    expect(events[1].data).toMatchObject({ leadId, seq: 1, poolId: pool.id, repId: rep.id, sourceId: source.id });
    expect(JSON.stringify(events)).not.toContain('grace@example.com');
  });

  it('filters /dev/events by type', async () => {
    const { source } = await aRoundRobinSource();
    const posted = await api.call('POST', `/hooks/${source.key}`, {
      body: { name: 'Alan', email: 'alan@example.com' },
      key: null,
    });

    const received = await eventually(async () => {
      const { events } = (await api.get('/dev/events?type=lead.received')).body;
      return events.some((e: any) => e.data.leadId === posted.body.leadId) && events;
    });

    expect(received.every((e: any) => e.type === 'lead.received')).toBe(true);
  });
});
