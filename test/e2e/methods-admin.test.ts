import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/local-stack';
import { apiClient, eventually, startTestStack } from '../support/local-api';

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startTestStack({ sweepEveryMs: 0, random: () => 0 });
  api = apiClient(stack);
});

afterAll(() => stack?.stop());

async function reps(...bodies: Record<string, unknown>[]) {
  const created = [];
  for (const [i, body] of bodies.entries()) {
    const response = await api.post('/admin/reps', { name: `Rep ${i}`, ...body });
    expect(response.status).toBe(201);
    created.push(response.body);
  }
  return created;
}

async function pool(body: Record<string, unknown>) {
  const response = await api.post('/admin/pools', body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function sendLead(sourceKey: string, email: string) {
  const response = await api.call('POST', `/hooks/${sourceKey}`, { body: { email }, key: null });
  expect(response.status).toBe(202);
  await stack.settled();
  return (await api.get(`/admin/leads/${response.body.leadId}`)).body;
}

describe('pool validation', () => {
  it('accepts each method’s fields and refuses them on the wrong method, with paths', async () => {
    const [a, b] = await reps({}, {});
    await pool({
      name: 'W',
      method: 'weighted',
      members: [
        { repId: a.id, weight: 5 },
        { repId: b.id, weight: 1 },
      ],
    });
    await pool({
      name: 'T',
      method: 'priority_tiers',
      members: [
        { repId: a.id, tier: 1 },
        { repId: b.id, tier: 2 },
      ],
    });
    const wrong = await api.post('/admin/pools', {
      name: 'X',
      method: 'round_robin',
      members: [{ repId: a.id, weight: 2, tier: 1 }],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'members.0.tier',
      'members.0.weight',
    ]);
    const bad = await api.post('/admin/pools', {
      name: 'X',
      method: 'weighted',
      members: [
        { repId: a.id, weight: 0 },
        { repId: b.id, weight: 1.5 },
      ],
    });
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'members.0.weight',
      'members.1.weight',
    ]);
    const tier0 = await api.post('/admin/pools', {
      name: 'X',
      method: 'priority_tiers',
      members: [{ repId: a.id, tier: 0 }],
    });
    expect(tier0.body.error.details).toEqual([expect.objectContaining({ path: 'members.0.tier' })]);
  });

  it('needs the fallback pool to exist and refuses fallback cycles', async () => {
    const first = await pool({ name: 'A', method: 'round_robin', members: [] });
    const missing = await api.post('/admin/pools', {
      name: 'B',
      method: 'round_robin',
      members: [],
      fallback: 'pool_nope',
    });
    expect(missing.body.error.details).toEqual([expect.objectContaining({ path: 'fallback', code: 'unknown_pool' })]);
    const second = await pool({ name: 'B', method: 'round_robin', members: [], fallback: first.id });
    const cycle = await api.patch(`/admin/pools/${first.id}`, { fallback: second.id });
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.details).toEqual([expect.objectContaining({ path: 'fallback', code: 'fallback_cycle' })]);
    const inUse = await api.delete(`/admin/pools/${first.id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.details).toEqual({ sourceIds: [], fallbackOf: [second.id] });
  });

  it('validates rep schedules and caps, and clears them with null', async () => {
    const bad = await api.post('/admin/reps', {
      name: 'X',
      workingHours: [{ days: ['mon'], from: '9:00', to: '25:00' }],
      maxOpen: -1,
      awayUntil: 'soon',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'awayUntil',
      'maxOpen',
      'workingHours.0.from',
      'workingHours.0.to',
    ]);
    const [rep] = await reps({ maxOpen: 3, awayUntil: '2030-01-01T00:00:00+01:00' });
    expect(rep).toMatchObject({ maxOpen: 3, awayUntil: '2029-12-31T23:00:00.000Z' });
    const cleared = await api.patch(`/admin/reps/${rep.id}`, { maxOpen: null, awayUntil: null });
    expect(cleared.body.maxOpen).toBeUndefined();
    expect(cleared.body.awayUntil).toBeUndefined();
  });
});

describe('fallback and hold', () => {
  it('sends a lead to the fallback pool when nobody can take it, and records both steps', async () => {
    const [ana, ben] = await reps({ status: 'paused' }, {});
    const backup = await pool({ name: 'Backup', method: 'round_robin', members: [{ repId: ben.id }] });
    const front = await pool({
      name: 'Front',
      method: 'round_robin',
      members: [{ repId: ana.id }],
      fallback: backup.id,
    });
    const source = (await api.post('/admin/sources', { name: 'S', kind: 'form', poolId: front.id })).body;
    const lead = await sendLead(source.key, 'fb@example.com');
    expect(lead).toMatchObject({ status: 'assigned', repId: ben.id, poolId: backup.id });
    expect(lead.decisions.map((d: { poolId: string; outcome: string }) => [d.poolId, d.outcome])).toEqual([
      [front.id, 'fallback'],
      [backup.id, 'assigned'],
    ]);
    expect(lead.decisions[0].skipped).toEqual([{ repId: ana.id, reason: 'paused' }]);
  });

  it('holds a lead visibly while everyone is away, and routes it when someone returns', async () => {
    const [ana] = await reps({ awayUntil: '2099-01-01T00:00:00Z' });
    const held = await pool({ name: 'Held', method: 'round_robin', members: [{ repId: ana.id }] });
    const source = (await api.post('/admin/sources', { name: 'S', kind: 'form', poolId: held.id })).body;
    const lead = await sendLead(source.key, 'held@example.com');
    expect(lead).toMatchObject({ status: 'unassigned', poolId: held.id });
    expect(lead.decisions[0]).toMatchObject({
      reason: 'no_eligible_rep',
      skipped: [{ repId: ana.id, reason: 'away' }],
    });
    expect(
      (await api.get(`/admin/leads?status=unassigned&poolId=${held.id}`)).body.leads.map((l: { id: string }) => l.id),
    ).toEqual([lead.id]);

    await api.patch(`/admin/reps/${ana.id}`, { awayUntil: null });
    const routed = await eventually(async () => {
      const now = (await api.get(`/admin/leads/${lead.id}`)).body;
      return now.status === 'assigned' && now;
    });
    expect(routed.repId).toBe(ana.id);
    expect(routed.decisions).toHaveLength(2);
  });
});

describe('manual assignment, release and close', () => {
  it('lets an admin assign, reassign, release and close, each step audited, each rep notified', async () => {
    const [ana, ben] = await reps({}, {});
    const manual = await pool({ name: 'Desk', method: 'manual', members: [{ repId: ana.id }, { repId: ben.id }] });
    const source = (await api.post('/admin/sources', { name: 'S', kind: 'form', poolId: manual.id })).body;
    const lead = await sendLead(source.key, 'manual@example.com');
    expect(lead).toMatchObject({ status: 'unassigned', decisions: [expect.objectContaining({ reason: 'manual' })] });

    const assigned = await api.post(`/admin/leads/${lead.id}/assign`, { repId: ana.id });
    expect(assigned.body).toMatchObject({ status: 'assigned', repId: ana.id });
    const moved = await api.post(`/admin/leads/${lead.id}/assign`, { repId: ben.id });
    expect(moved.body).toMatchObject({ status: 'assigned', repId: ben.id });
    const released = await api.post(`/admin/leads/${lead.id}/release`, {});
    expect(released.body.status).toBe('unassigned');
    expect(released.body.repId).toBeUndefined();
    await api.post(`/admin/leads/${lead.id}/assign`, { repId: ana.id });
    const closed = await api.post(`/admin/leads/${lead.id}/close`, {});
    expect(closed.body).toMatchObject({ status: 'closed', repId: ana.id, closedAt: expect.any(String) });

    expect(
      closed.body.decisions.map((d: { outcome: string; actor?: string; repId?: string; previousRepId?: string }) => [
        d.outcome,
        d.actor,
        d.repId,
        d.previousRepId,
      ]),
    ).toEqual([
      ['unassigned', undefined, undefined, undefined],
      ['assigned', 'admin', ana.id, undefined],
      ['assigned', 'admin', ben.id, ana.id],
      ['released', 'admin', undefined, ben.id],
      ['assigned', 'admin', ana.id, undefined],
      ['closed', 'admin', ana.id, undefined],
    ]);
    await stack.settled();
    expect(stack.outbox.list({ leadId: lead.id }).map((m) => m.repId)).toEqual([ana.id, ben.id, ana.id]);
    const again = await api.post(`/admin/leads/${lead.id}/release`, {});
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'lead_not_owned' } } });
  });

  it('refuses to assign past a rep’s cap unless forced', async () => {
    const [capped] = await reps({ maxOpen: 1 });
    const desk = await pool({ name: 'Desk', method: 'manual', members: [{ repId: capped.id }] });
    const source = (await api.post('/admin/sources', { name: 'S', kind: 'form', poolId: desk.id })).body;
    const one = await sendLead(source.key, 'one@example.com');
    const two = await sendLead(source.key, 'two@example.com');
    expect((await api.post(`/admin/leads/${one.id}/assign`, { repId: capped.id })).status).toBe(200);
    const refused = await api.post(`/admin/leads/${two.id}/assign`, { repId: capped.id });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'rep_at_capacity' } } });
    expect((await api.post(`/admin/leads/${two.id}/assign`, { repId: capped.id, force: true })).status).toBe(200);
  });
});

describe('explain', () => {
  it('says which pool and rep and why, and writes nothing', async () => {
    const [ana, ben] = await reps({ status: 'paused' }, {});
    const team = await pool({ name: 'Team', method: 'round_robin', members: [{ repId: ana.id }, { repId: ben.id }] });
    const source = (await api.post('/admin/sources', { name: 'S', kind: 'form', poolId: team.id })).body;
    const before = await stack.leads.list({ poolId: team.id, limit: 10 });

    const explained = await api.post('/admin/explain', { sourceId: source.id, lead: { email: 'Q@Example.com' } });
    expect(explained.status).toBe(200);
    expect(explained.body).toMatchObject({
      lead: { fields: { email: 'q@example.com' } },
      route: { sourceId: source.id, poolId: team.id, via: 'source' },
      steps: [{ outcome: 'assigned', repId: ben.id, skipped: [{ repId: ana.id, reason: 'paused' }], seq: 1 }],
      outcome: { status: 'assigned', poolId: team.id, repId: ben.id },
    });
    // Nothing moved: asking twice gives the same answer, and no lead was stored.
    expect(
      (await api.post('/admin/explain', { poolId: team.id, lead: { email: 'q@example.com' } })).body.steps[0].seq,
    ).toBe(1);
    expect((await stack.leads.list({ poolId: team.id, limit: 10 })).leads).toEqual(before.leads);
    expect((await api.post('/admin/explain', { lead: { email: 'q@example.com' } })).status).toBe(400);
  });
});
