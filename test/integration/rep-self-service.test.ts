import { beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../functions/core/admin/admin-keys';
import { createApiKey, revokeApiKey } from '../../functions/core/admin/api-key-admin';
import { assignLeadManually, closeLead, releaseLead } from '../../functions/core/admin/lead-admin';
import { reassignOpenLeads } from '../../functions/core/admin/rep-departure';
import { setAvailability, viewAvailability } from '../../functions/core/links/availability';
import { actOnRepLink, passOnRepLink } from '../../functions/core/links/rep-links';
import { replaceRuleSet } from '../../functions/core/routing/rule-admin';
import { parseInput } from '../../functions/core/shared/validation';
import { createSource } from '../../functions/core/sources/source-admin';
import { createPool, resetPoolRotation } from '../../functions/core/team/pool-admin';
import { type PoolCreate, PoolCreateSchema } from '../../functions/core/team/pool-schemas';
import { createRep, deleteRep, updateRep } from '../../functions/core/team/rep-admin';
import type { RepCreate } from '../../functions/core/team/rep-schemas';
import { TEST_ADMIN } from '../support/builders';
import { createTestDatabase, type TestDatabase } from '../support/dynamo';
import { Lifecycle } from '../support/lifecycle-harness';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

async function aTeam(reps: RepCreate[], pool: Omit<PoolCreate, 'name' | 'members'>) {
  const h = new Lifecycle(db);
  const created = [];
  for (const rep of reps) created.push(await createRep(h.admin, rep, TEST_ADMIN));
  const members = created.map((r) => ({ repId: r.id }));
  const made = await createPool(h.admin, parseInput(PoolCreateSchema, { name: 'Desk', members, ...pool }), TEST_ADMIN);
  const source = await createSource(h.admin, { name: 'Form', kind: 'form', poolId: made.id }, TEST_ADMIN);
  return { h, reps: created, repIds: created.map((r) => r.id), pool: made, source };
}

const availabilityToken = (h: Lifecycle, repId: string) =>
  h.signer.sign({ purpose: 'availability', repId, expiresAt: Math.floor(h.clock.now().getTime() / 1000) + 3600 });

describe('passing a lead from its notice', () => {
  it('counts as one of the SLA’s reassignments: past the limit the lead is held, never back to a passer', async () => {
    const { h, repIds, source } = await aTeam([{ name: 'Ana' }, { name: 'Ben' }, { name: 'Cy' }], {
      method: 'round_robin',
      sla: { acceptWithinSeconds: 300, maxReassignments: 1 },
    });
    const leadId = await h.arrive(source);
    expect((await passOnRepLink(h.links, h.tokenFor(leadId, repIds[0]!, 'assigned'), {})).state).toBe('passed');
    await h.drain();
    expect(await h.lead(leadId)).toMatchObject({ repId: repIds[1], slaReassignments: 1 });
    await passOnRepLink(h.links, h.tokenFor(leadId, repIds[1]!, 'assigned'), { reason: 'on holiday tomorrow' });
    await h.drain();
    const lead = await h.lead(leadId);
    expect(lead.status).toBe('held');
    expect(lead.decisions.slice(-2)).toMatchObject([
      { outcome: 'passed', repId: repIds[1], note: 'on holiday tomorrow' },
      { outcome: 'held', reason: 'sla_exhausted', previousRepId: repIds[1] },
    ]);
    const loads = await h.store.loadRepLoads(repIds);
    expect(repIds.map((id) => loads.get(id)?.open ?? 0)).toEqual([0, 0, 0]);
  });

  it('works from an open accept link only: not a claim link, not once the lead moved on', async () => {
    const { h, repIds, source } = await aTeam([{ name: 'Ana' }, { name: 'Ben' }], { method: 'round_robin' });
    const leadId = await h.arrive(source);
    const token = h.tokenFor(leadId, repIds[0]!, 'assigned');
    await assignLeadManually(h.admin, leadId, { repId: repIds[1]! }, TEST_ADMIN);
    expect((await passOnRepLink(h.links, token, {})).state).toBe('passed_on');
    expect(h.pending().filter((m) => m.kind === 'lead_request')).toEqual([]);
  });
});

describe('a rep’s claim', () => {
  it('is refused while the rep is paused or away, though the offer reached them before', async () => {
    const { h, repIds, source } = await aTeam([{ name: 'Ana' }, { name: 'Ben' }], { method: 'shotgun' });
    const leadId = await h.arrive(source);
    await updateRep(h.admin, repIds[0]!, { status: 'paused' }, TEST_ADMIN);
    expect((await actOnRepLink(h.links, h.tokenFor(leadId, repIds[0]!, 'offer'))).state).toBe('unavailable');
    expect((await actOnRepLink(h.links, h.tokenFor(leadId, repIds[1]!, 'offer'))).state).toBe('done');
  });
});

describe('the availability link', () => {
  it('comes with a rep’s first notice, and not with the ones after', async () => {
    const { h, repIds, source } = await aTeam([{ name: 'Ana' }], { method: 'round_robin' });
    await h.arrive(source);
    await h.arrive(source);
    const notices = h.notifier.sent.filter((n) => n.repId === repIds[0] && n.kind === 'assigned');
    expect(notices.map((n) => n.text.includes('Set your availability here: https://leads.example/a/'))).toEqual([
      true,
      false,
    ]);
  });

  it('pauses a rep for the next lead, and sets them available again, with the rep as the actor', async () => {
    const { h, repIds, source } = await aTeam([{ name: 'Ana' }, { name: 'Ben' }], { method: 'round_robin' });
    const token = availabilityToken(h, repIds[0]!);
    expect(await viewAvailability(h.links.availability, token)).toMatchObject({
      state: 'open',
      availability: 'available',
    });
    expect((await setAvailability(h.links.availability, token, { status: 'paused' })).availability).toBe('paused');
    const skipped = await h.lead(await h.arrive(source));
    expect(skipped.repId).toBe(repIds[1]);
    expect(skipped.decisions[0]!.skipped).toEqual([{ repId: repIds[0], reason: 'paused' }]);
    await setAvailability(h.links.availability, token, { status: 'available' });
    expect((await h.lead(await h.arrive(source))).repId).toBe(repIds[0]);
    const { entries } = await h.audit.list({ entity: repIds[0]!, limit: 5 });
    expect(entries.map((e) => e.actor)).toContainEqual({ type: 'rep', repId: repIds[0], via: 'availability_link' });
  });

  it('refuses a time in the past or over a year ahead, and opens for no other kind of link', async () => {
    const { h, repIds, source } = await aTeam([{ name: 'Ana' }], { method: 'round_robin' });
    const token = availabilityToken(h, repIds[0]!);
    const deps = h.links.availability;
    expect((await setAvailability(deps, token, { status: 'away', awayUntil: '2020-01-01T09:00' })).state).toBe(
      'invalid',
    );
    expect((await setAvailability(deps, token, { status: 'away', awayUntil: '2028-01-01T09:00' })).state).toBe(
      'invalid',
    );
    expect((await setAvailability(deps, token, { status: 'away' })).state).toBe('invalid');
    const leadId = await h.arrive(source);
    expect((await viewAvailability(deps, h.tokenFor(leadId, repIds[0]!, 'assigned'))).state).toBe('forged');
  });
});

describe('a leaving rep’s open leads', () => {
  it('go back through their pool, accepted ones too; a pull pool’s go back to its queue', async () => {
    const push = await aTeam([{ name: 'Ana' }, { name: 'Ben' }], { method: 'round_robin' });
    const { h, repIds } = push;
    const first = await h.arrive(push.source);
    await actOnRepLink(h.links, h.tokenFor(first, repIds[0]!, 'assigned'));
    const pull = await createPool(
      h.admin,
      { name: 'Hopper', method: 'pull_blind', members: [{ repId: repIds[0]! }] },
      TEST_ADMIN,
    );
    const pulled = await createSource(h.admin, { name: 'Pull', kind: 'form', poolId: pull.id }, TEST_ADMIN);
    const second = await h.arrive(pulled);
    await assignLeadManually(h.admin, second, { repId: repIds[0]! }, TEST_ADMIN);

    const result = await reassignOpenLeads(h.admin, repIds[0]!, TEST_ADMIN);
    expect(result.queued.sort()).toEqual([first, second].sort());
    await h.drain();
    const [moved, queued] = [await h.lead(first), await h.lead(second)];
    expect(moved).toMatchObject({ status: 'assigned', repId: repIds[1] });
    expect(moved.acceptedAt).toBeUndefined();
    expect(queued).toMatchObject({ status: 'queued', poolId: pull.id });
    expect(queued.repId).toBeUndefined();
    expect((await h.store.loadRepLoads([repIds[0]!])).get(repIds[0]!)?.open).toBe(0);
  });

  it('in no pool are named for the admin to assign by hand', async () => {
    const h = new Lifecycle(db);
    const ana = await createRep(h.admin, { name: 'Ana' }, TEST_ADMIN);
    const nowhere = await createSource(h.admin, { name: 'Unrouted', kind: 'form' }, TEST_ADMIN);
    const leadId = await h.arrive(nowhere);
    await assignLeadManually(h.admin, leadId, { repId: ana.id }, TEST_ADMIN);
    expect(await reassignOpenLeads(h.admin, ana.id, TEST_ADMIN)).toEqual({
      repId: ana.id,
      queued: [],
      notInAPool: [leadId],
      more: false,
    });
  });
});

describe('a rotation reset', () => {
  it('starts the cycle over (weighted totals too) and is in the audit log', async () => {
    const { h, repIds, pool, source } = await aTeam([{ name: 'Ana' }, { name: 'Ben' }, { name: 'Cy' }], {
      method: 'round_robin',
    });
    expect((await h.lead(await h.arrive(source))).repId).toBe(repIds[0]);
    expect((await h.lead(await h.arrive(source))).repId).toBe(repIds[1]);
    h.clock.advance(1_000);
    await resetPoolRotation(h.admin, pool.id, TEST_ADMIN);
    expect((await h.lead(await h.arrive(source))).repId).toBe(repIds[0]);
    const { entries } = await h.audit.list({ entity: pool.id, limit: 1 });
    expect(entries[0]).toMatchObject({
      action: 'rotation_reset',
      actor: TEST_ADMIN,
      entity: { kind: 'pool', id: pool.id },
    });
  });
});

describe('the audit log', () => {
  it('records admin actions on leads with the key that made them, in the same write', async () => {
    const { h, repIds, source } = await aTeam([{ name: 'Ana' }, { name: 'Ben' }], { method: 'manual' });
    const leadId = await h.arrive(source);
    await assignLeadManually(h.admin, leadId, { repId: repIds[0]!, force: true }, TEST_ADMIN);
    h.clock.advance(1_000);
    await releaseLead(h.admin, leadId, TEST_ADMIN);
    h.clock.advance(1_000);
    await closeLead(h.admin, leadId, { reason: 'invalid', note: 'test form' }, TEST_ADMIN);
    const { entries } = await h.audit.list({ entity: leadId, limit: 10 });
    expect(entries.map((e) => [e.action, e.details])).toEqual([
      ['closed', { statusBefore: 'unassigned', reason: 'invalid', note: 'test form' }],
      ['released', { statusBefore: 'assigned', repIdBefore: repIds[0] }],
      ['assigned', { statusBefore: 'unassigned', repId: repIds[0], force: true }],
    ]);
    expect(entries.map((e) => e.actor)).toEqual([TEST_ADMIN, TEST_ADMIN, TEST_ADMIN]);
  });

  it('records keys, rules and deletions, never a key, its hash or a secret; filters by kind and pages', async () => {
    const h = new Lifecycle(db);
    // Later than anything the other tests of this file write.
    h.clock.set('2027-06-01T00:00:00.000Z');
    const from = h.clock.now().toISOString();
    const created = await createApiKey(h.admin, { name: 'ci' }, TEST_ADMIN);
    h.clock.advance(1);
    await revokeApiKey(h.admin, created.id, TEST_ADMIN);
    h.clock.advance(1);
    const pool = await createPool(h.admin, { name: 'P', method: 'round_robin', members: [] }, TEST_ADMIN);
    h.clock.advance(1);
    await replaceRuleSet(h.admin, { rules: [], defaultPoolId: pool.id }, TEST_ADMIN);
    h.clock.advance(1);
    const rep = await createRep(h.admin, { name: 'Gone' }, TEST_ADMIN);
    h.clock.advance(1);
    await deleteRep(h.admin, rep.id, TEST_ADMIN);
    const keys = await h.audit.list({ entity: 'key', from, limit: 10 });
    expect(keys.entries.map((e) => [e.action, e.entity])).toEqual([
      ['revoked', { kind: 'key', id: created.id, name: 'ci' }],
      ['created', { kind: 'key', id: created.id, name: 'ci' }],
    ]);
    const all = await h.audit.list({ from, limit: 10 });
    expect(all.entries.map((e) => e.action)).toEqual([
      'deleted',
      'created',
      'changed',
      'created',
      'revoked',
      'created',
    ]);
    expect(all.entries[2]).toMatchObject({
      entity: { kind: 'rules', id: 'current' },
      versionAfter: expect.any(Number),
    });
    expect(JSON.stringify(all)).not.toContain(created.key);
    expect(JSON.stringify(all)).not.toContain(hashApiKey(created.key));
    const page1 = await h.audit.list({ from, limit: 4 });
    const page2 = await h.audit.list({ from, limit: 4, cursor: page1.nextCursor! });
    expect([...page1.entries, ...page2.entries].map((e) => e.id)).toEqual(all.entries.map((e) => e.id));
    expect(page2.nextCursor).toBeUndefined();
  });
});
