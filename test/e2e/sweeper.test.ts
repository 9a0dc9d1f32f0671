import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/local-stack';
import { fixedClock } from '../support/builders';
import { apiClient, eventually, startTestStack } from '../support/local-api';

let stack: LocalStack;
const clock = fixedClock(new Date().toISOString());

beforeAll(async () => {
  stack = await startTestStack({ sweepEveryMs: 100, clock });
});

afterAll(() => stack?.stop());

it('routes a held lead by itself once its rep’s away time is over (the periodic sweep)', async () => {
  const api = apiClient(stack);
  const rep = (
    await api.post('/admin/reps', {
      name: 'Back soon',
      awayUntil: new Date(clock.now().getTime() + 3_600_000).toISOString(),
    })
  ).body;
  const manual = (await api.post('/admin/pools', { name: 'Manual', method: 'manual', members: [{ repId: rep.id }] }))
    .body;
  const auto = (await api.post('/admin/pools', { name: 'Auto', method: 'round_robin', members: [{ repId: rep.id }] }))
    .body;
  const autoSource = (await api.post('/admin/sources', { name: 'A', kind: 'form', poolId: auto.id })).body;
  const manualSource = (await api.post('/admin/sources', { name: 'M', kind: 'form', poolId: manual.id })).body;

  const held = (await api.call('POST', `/hooks/${autoSource.key}`, { body: { email: 'soon@example.com' }, key: null }))
    .body.leadId;
  const waiting = (
    await api.call('POST', `/hooks/${manualSource.key}`, { body: { email: 'desk@example.com' }, key: null })
  ).body.leadId;
  await stack.settled();
  expect((await api.get(`/admin/leads/${held}`)).body).toMatchObject({
    status: 'unassigned',
    decisions: [{ skipped: [{ reason: 'away' }] }],
  });

  clock.advance(2 * 3_600_000); // nobody calls the API: the rep's away time just ends

  const routed = await eventually(async () => {
    const lead = (await api.get(`/admin/leads/${held}`)).body;
    return lead.status === 'assigned' && lead;
  }, 5_000);
  expect(routed.repId).toBe(rep.id);
  // A manual pool's lead keeps waiting for an admin: the sweep leaves it alone.
  expect((await api.get(`/admin/leads/${waiting}`)).body).toMatchObject({
    status: 'unassigned',
    decisions: [{ reason: 'manual' }],
  });
});
