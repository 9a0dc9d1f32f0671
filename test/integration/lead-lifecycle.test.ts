import { beforeAll, describe, expect, it } from 'vitest';
import { assignLeadManually, closeLead, releaseLead } from '../../functions/core/admin/lead-admin';
import { type Lead, toLeadMessage } from '../../functions/core/leads/lead';
import { actOnRepLink } from '../../functions/core/links/rep-links';
import { ValidationError } from '../../functions/core/shared/errors';
import { parseInput } from '../../functions/core/shared/validation';
import { createSource } from '../../functions/core/sources/source-admin';
import { createPool } from '../../functions/core/team/pool-admin';
import { type PoolCreate, PoolCreateSchema } from '../../functions/core/team/pool-schemas';
import { createRep, updateRep } from '../../functions/core/team/rep-admin';
import type { RepCreate } from '../../functions/core/team/rep-schemas';
import { TEST_ADMIN } from '../support/builders';
import { createTestDatabase, type TestDatabase } from '../support/dynamo';
import { Lifecycle } from '../support/lifecycle-harness';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

/** A fresh lifecycle with reps, one pool over them (members in order, with tiers if given) and a source. */
async function aTeam(reps: (RepCreate & { tier?: number })[], pool: Omit<PoolCreate, 'name' | 'members'>) {
  const h = new Lifecycle(db);
  const created = [];
  for (const { tier, ...rep } of reps) created.push({ rep: await createRep(h.admin, rep, TEST_ADMIN), tier });
  const members = created.map(({ rep, tier }) => ({ repId: rep.id, ...(tier ? { tier } : {}) }));
  const made = await createPool(h.admin, parseInput(PoolCreateSchema, { name: 'Desk', members, ...pool }), TEST_ADMIN);
  const source = await createSource(h.admin, { name: 'Form', kind: 'form', poolId: made.id }, TEST_ADMIN);
  return { h, reps: created.map((c) => c.rep), pool: made, source };
}

const offersTo = (h: Lifecycle, leadId: string) =>
  h.notifier.sent.filter((n) => n.leadId === leadId && n.kind === 'offer').map((n) => n.repId);

/** Sweeps as the local stack does, every 30 s, `times` times. */
async function sweepFor(h: Lifecycle, times: number) {
  for (let i = 0; i < times; i++) {
    await h.advance(30_000);
    await h.sweep();
  }
}

const outcomes = (lead: Lead) => lead.decisions.map((d) => d.outcome);

describe('an offer nobody claims', () => {
  it('"then: hold" holds the lead visibly and sends no more offers, however often the sweep runs', async () => {
    const { h, reps, source } = await aTeam([{ name: 'Ana' }, { name: 'Ben' }], {
      method: 'shotgun',
      shotgun: { windowSeconds: 10, then: 'hold' },
    });
    const leadId = await h.arrive(source);
    expect(offersTo(h, leadId)).toEqual(reps.map((r) => r.id));
    await h.advance(11_000);
    await sweepFor(h, 4);
    const lead = await h.lead(leadId);
    expect(lead.status).toBe('held');
    expect(lead.offer).toBeUndefined();
    expect(outcomes(lead)).toEqual(['offered', 'expired', 'held']);
    expect(lead.decisions.at(-1)).toMatchObject({ reason: 'offer_expired' });
    expect(offersTo(h, leadId)).toHaveLength(2);
    expect((await h.leads.list({ status: 'held', limit: 10 })).leads.map((l) => l.id)).toContain(leadId);
  });

  it('"then: next_tier" offers each later tier once, in turn, then holds the lead (tiers on a shotgun pool)', async () => {
    const { h, reps, source } = await aTeam(
      [{ name: 'Ana' }, { name: 'Ben' }, { name: 'Cy', tier: 2 }, { name: 'Di', tier: 3 }],
      { method: 'shotgun', shotgun: { windowSeconds: 10, then: 'next_tier' } },
    );
    const [ana, ben, cy, di] = reps.map((r) => r.id);
    const leadId = await h.arrive(source);
    expect(offersTo(h, leadId)).toEqual([ana, ben]);
    await h.advance(11_000);
    expect(offersTo(h, leadId)).toEqual([ana, ben, cy]);
    await h.advance(11_000);
    expect(offersTo(h, leadId)).toEqual([ana, ben, cy, di]);
    await h.advance(11_000);
    await sweepFor(h, 3);
    const lead = await h.lead(leadId);
    expect(lead.status).toBe('held');
    expect(offersTo(h, leadId)).toEqual([ana, ben, cy, di]);
    expect(lead.decisions.filter((d) => d.outcome === 'offered').map((d) => d.round)).toEqual([1, 2, 3]);
  });

  it('lets an admin assign, or close, an offered lead at any moment; the offer is withdrawn', async () => {
    const { h, reps, source } = await aTeam([{ name: 'Ana' }, { name: 'Ben' }], {
      method: 'shotgun',
      shotgun: { windowSeconds: 60, then: 'hold' },
    });
    const first = await h.arrive(source);
    const assigned = await assignLeadManually(h.admin, first, { repId: reps[1]!.id }, TEST_ADMIN);
    expect(assigned).toMatchObject({ status: 'assigned', repId: reps[1]!.id });
    expect(assigned.offer).toBeUndefined();
    // The claim link sent with the offer no longer claims it.
    const claim = await actOnRepLink(h.links, h.tokenFor(first, reps[0]!.id, 'offer'));
    expect(claim.state).toBe('taken');

    const second = await h.arrive(source);
    const closed = await closeLead(h.admin, second, { reason: 'duplicate' }, TEST_ADMIN);
    expect(closed).toMatchObject({ status: 'closed' });
    expect(closed.decisions.at(-1)).toMatchObject({ outcome: 'closed', reason: 'duplicate', actor: 'admin' });
    await h.advance(61_000);
    expect((await h.lead(second)).status).toBe('closed');
  });
});

describe('the accept SLA', () => {
  it('holds an exhausted lead for an admin; the sweep never gives it back to a rep who missed it', async () => {
    const { h, reps, source } = await aTeam([{ name: 'Ana' }, { name: 'Ben' }], {
      method: 'round_robin',
      sla: { acceptWithinSeconds: 30, maxReassignments: 1 },
    });
    const leadId = await h.arrive(source);
    expect((await h.lead(leadId)).repId).toBe(reps[0]!.id);
    await h.advance(31_000);
    expect((await h.lead(leadId)).repId).toBe(reps[1]!.id);
    await h.advance(31_000);
    await sweepFor(h, 4);
    const lead = await h.lead(leadId);
    expect(lead.status).toBe('held');
    expect(lead.repId).toBeUndefined();
    expect(lead.decisions.at(-1)).toMatchObject({
      outcome: 'held',
      reason: 'sla_exhausted',
      previousRepId: reps[1]!.id,
    });
    const loads = await h.store.loadRepLoads(reps.map((r) => r.id));
    expect(reps.map((r) => loads.get(r.id)?.open ?? 0)).toEqual([0, 0]);
  });

  it('moves a missed lead only to reps who have not missed it: never back to the first', async () => {
    const { h, reps, source } = await aTeam([{ name: 'Ana' }, { name: 'Ben' }], {
      method: 'round_robin',
      sla: { acceptWithinSeconds: 30, maxReassignments: 2 },
    });
    const leadId = await h.arrive(source);
    await h.advance(31_000);
    await h.advance(31_000);
    await sweepFor(h, 3);
    const lead = await h.lead(leadId);
    const owners = lead.decisions.filter((d) => d.outcome === 'assigned').map((d) => d.repId);
    expect(owners).toEqual([reps[0]!.id, reps[1]!.id]);
    expect(lead.status).toBe('unassigned');
    expect(lead.decisions.at(-1)!.skipped).toEqual([
      { repId: reps[0]!.id, reason: 'sla_missed' },
      { repId: reps[1]!.id, reason: 'sla_missed' },
    ]);
  });

  it('routes a held lead again when a rep comes back, to a rep who has not missed it, with the SLA still on', async () => {
    const { h, reps, source } = await aTeam([{ name: 'Ana' }, { name: 'Ben' }, { name: 'Cy', status: 'paused' }], {
      method: 'round_robin',
      sla: { acceptWithinSeconds: 30, maxReassignments: 1 },
    });
    const [ana, ben, cy] = reps.map((r) => r.id);
    const leadId = await h.arrive(source);
    await h.advance(31_000);
    await h.advance(31_000);
    expect((await h.lead(leadId)).status).toBe('held');
    await updateRep(h.admin, cy!, { status: 'active' }, TEST_ADMIN);
    await h.drain();
    expect(await h.lead(leadId)).toMatchObject({ status: 'assigned', repId: cy });
    await h.advance(31_000);
    const lead = await h.lead(leadId);
    expect(lead.status).toBe('held');
    expect(lead.decisions.filter((d) => d.outcome === 'assigned').map((d) => d.repId)).toEqual([ana, ben, cy]);
  });

  it('sends an exhausted lead to the pool’s fallback pool when it has one', async () => {
    const h = new Lifecycle(db);
    const [ana, zed] = [
      await createRep(h.admin, { name: 'Ana' }, TEST_ADMIN),
      await createRep(h.admin, { name: 'Zed' }, TEST_ADMIN),
    ];
    const { overflow, source } = await frontWithOverflow(h, [ana.id], zed.id);
    const leadId = await h.arrive(source);
    await h.advance(31_000);
    const lead = await h.lead(leadId);
    expect(lead).toMatchObject({ status: 'assigned', repId: zed.id, poolId: overflow.id, slaReassignments: 0 });
    expect(lead.decisions.slice(-2)).toMatchObject([
      { outcome: 'fallback', reason: 'sla_exhausted', fallbackTo: overflow.id, previousRepId: ana.id },
      { outcome: 'assigned', repId: zed.id, previousRepId: ana.id },
    ]);
  });

  it('keeps a lead that fell back in the fallback pool: routing never sends it back to the pool whose SLA it used up', async () => {
    const h = new Lifecycle(db);
    const [ana, bob, zed] = [
      await createRep(h.admin, { name: 'Ana' }, TEST_ADMIN),
      await createRep(h.admin, { name: 'Bob' }, TEST_ADMIN),
      await createRep(h.admin, { name: 'Zed', status: 'paused' }, TEST_ADMIN),
    ];
    const { overflow, front, source } = await frontWithOverflow(h, [ana.id, bob.id], zed.id);
    const leadId = await h.arrive(source);
    await h.advance(31_000);
    // Ana let it lapse; Front's SLA is used up, and nobody in Overflow can take it yet.
    expect(await h.lead(leadId)).toMatchObject({ status: 'unassigned', poolId: overflow.id });

    await updateRep(h.admin, zed.id, { status: 'active' }, TEST_ADMIN);
    await sweepFor(h, 2);
    const lead = await h.lead(leadId);
    expect(lead).toMatchObject({ status: 'assigned', repId: zed.id, poolId: overflow.id });
    expect(lead.decisions.some((d) => d.repId === bob.id)).toBe(false);
    expect(lead.decisions.filter((d) => d.poolId === front.id).map((d) => d.outcome)).toEqual(['assigned', 'fallback']);
  });
});

/**
 * A round-robin "Front" pool of `frontReps` whose accept SLA allows no reassignment and falls
 * back to an "Overflow" pool of `overflowRep`, and a form source into Front.
 */
async function frontWithOverflow(h: Lifecycle, frontReps: string[], overflowRep: string) {
  const overflow = await createPool(
    h.admin,
    { name: 'Overflow', method: 'round_robin', members: [{ repId: overflowRep }] },
    TEST_ADMIN,
  );
  const front = await createPool(
    h.admin,
    {
      name: 'Front',
      method: 'round_robin',
      members: frontReps.map((repId) => ({ repId })),
      fallback: overflow.id,
      sla: { acceptWithinSeconds: 30, maxReassignments: 0 },
    },
    TEST_ADMIN,
  );
  const source = await createSource(h.admin, { name: 'F', kind: 'form', poolId: front.id }, TEST_ADMIN);
  return { overflow, front, source };
}

describe('caps read fresh', () => {
  it('gives the next lead to a rep whose slot a close just freed, though the assigner cached her at her cap', async () => {
    const { h, reps, source } = await aTeam([{ name: 'Ana', maxOpen: 1 }, { name: 'Ben' }], { method: 'round_robin' });
    const [ana, ben] = reps.map((r) => r.id);
    const first = await h.arrive(source);
    const second = await h.arrive(source);
    expect([(await h.lead(first)).repId, (await h.lead(second)).repId]).toEqual([ana, ben]);
    await closeLead(h.admin, first, {}, TEST_ADMIN);
    const third = await h.arrive(source);
    const lead = await h.lead(third);
    expect(lead.repId).toBe(ana);
    expect(lead.decisions.at(-1)!.skipped).toEqual([]);
  });
});

describe('closing a lead nobody owns', () => {
  it('needs a reason, then closes it with the reason and note on record', async () => {
    const { h, source } = await aTeam([{ name: 'Ana' }], { method: 'manual' });
    const leadId = await h.arrive(source);
    await expect(closeLead(h.admin, leadId, {}, TEST_ADMIN)).rejects.toBeInstanceOf(ValidationError);
    const closed = await closeLead(h.admin, leadId, { reason: 'spam', note: 'bot traffic' }, TEST_ADMIN);
    expect(closed.status).toBe('closed');
    expect(closed.decisions.at(-1)).toMatchObject({ outcome: 'closed', reason: 'spam', note: 'bot traffic' });
  });

  it('says which lead has no owner in plain English', async () => {
    const { h, source } = await aTeam([{ name: 'Ana' }], { method: 'manual' });
    const leadId = await h.arrive(source);
    await expect(releaseLead(h.admin, leadId, TEST_ADMIN)).rejects.toThrow('An unassigned lead has no owner');
  });
});

describe('open counts', () => {
  it('stay exact when one batch moves leads both to and from the same reps (two deadlines at once)', async () => {
    const { h, reps, source } = await aTeam([{ name: 'Ana' }, { name: 'Ben' }], {
      method: 'round_robin',
      sla: { acceptWithinSeconds: 60, maxReassignments: 2 },
    });
    const [ana, ben] = reps.map((r) => r.id) as [string, string];
    const [first, second] = [await h.lead(await h.arrive(source)), await h.lead(await h.arrive(source))];
    // Both deadlines' decisions in the same tick: one batch, one transaction, Ana and Ben each gaining and losing.
    const missed = (lead: Lead, repId: string) =>
      h.assigner.assign(toLeadMessage(lead), {
        from: { status: 'assigned', repId, reassignments: 0 },
        poolId: lead.poolId!,
        constraints: { exclude: [{ repId, reason: 'sla_missed' }] },
        reason: 'sla_missed',
      });
    const outcomes = await Promise.all([missed(first, ana), missed(second, ben)]);
    expect(outcomes.map((o) => (o.status === 'assigned' ? o.repId : o.status))).toEqual([ben, ana]);
    const loads = await h.store.loadRepLoads([ana, ben]);
    expect([loads.get(ana)?.open, loads.get(ben)?.open]).toEqual([1, 1]);
  });
});
