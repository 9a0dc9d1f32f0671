import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAssignmentStore } from '../../functions/adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../../functions/adapters/dynamodb/dynamo-config-store';
import type { Lead } from '../../functions/core/leads/lead';
import type { Notifier } from '../../functions/core/notices/ports';
import { systemClock } from '../../functions/core/shared/ports';
import { createSource } from '../../functions/core/sources/source-admin';
import { createPool, updatePool } from '../../functions/core/team/pool-admin';
import type { PoolCreate } from '../../functions/core/team/pool-schemas';
import { createRep } from '../../functions/core/team/rep-admin';
import type { RepCreate } from '../../functions/core/team/rep-schemas';
import {
  anAssigner,
  consume,
  countBy,
  raceAssigners,
  storedLeads,
  storeReceivedLeads,
} from '../support/assignment-harness';
import { TEST_ADMIN } from '../support/builders';
import { createTestDatabase, type TestDatabase } from '../support/dynamo';

// The bench races far more leads; here enough to interleave 8 assigners on every method.
const LEADS = 60;
/** A figure of the 1,000-lead scenario, scaled to LEADS. */
const of1000 = (n: number) => (n * LEADS) / 1_000;
let db: TestDatabase;
let config: DynamoConfigStore;

beforeAll(async () => {
  db = await createTestDatabase();
  config = new DynamoConfigStore(db.documents, db.tables);
});

/** Reps, a pool of them with per-member settings, a source; then LEADS leads raced through 8 assigners. */
async function race(method: PoolCreate['method'], reps: (Partial<RepCreate> & { weight?: number; tier?: number })[]) {
  const admin = { config, clock: systemClock };
  const created = [];
  for (const [i, { weight, tier, ...rep }] of reps.entries()) {
    created.push({ rep: await createRep(admin, { name: `Rep ${i}`, ...rep }, TEST_ADMIN), weight, tier });
  }
  const pool = await createPool(
    admin,
    {
      name: method,
      method,
      members: created.map(({ rep, weight, tier }) => ({
        repId: rep.id,
        ...(weight ? { weight } : {}),
        ...(tier ? { tier } : {}),
      })),
    },
    TEST_ADMIN,
  );
  const source = await createSource(admin, { name: method, kind: 'form', poolId: pool.id }, TEST_ADMIN);
  const messages = await storeReceivedLeads(db, source.id, LEADS);
  await raceAssigners(db, messages);
  const leads = await storedLeads(db, messages);
  const ids = created.map((c) => c.rep.id);
  const counts = ids.map((id) => leads.filter((l) => l.repId === id).length);
  const loads = await new DynamoAssignmentStore(db.documents, db.tables).loadRepLoads(ids);
  return { ids, leads, counts, loads, pool };
}

/** Every lead settled exactly once: one routing decision, assigned or held, none left behind. */
function expectSettledOnce(leads: Lead[]) {
  expect(leads).toHaveLength(LEADS);
  expect(leads.every((l) => l.decisions.length === 1)).toBe(true);
  expect(leads.every((l) => l.status === 'assigned' || l.status === 'unassigned')).toBe(true);
  const seqs = leads.flatMap((l) => (l.status === 'assigned' ? [l.decisions[0]!.seq] : []));
  expect(new Set(seqs).size).toBe(seqs.length); // no turn used twice
}

describe(`8 concurrent assigners, ${LEADS} leads, one pool (DynamoDB Local)`, () => {
  it('round robin: every lead assigned once, counts within 1', async () => {
    const { leads, counts, loads, ids } = await race('round_robin', [{}, {}, {}, {}]);
    expectSettledOnce(leads);
    expect(leads.every((l) => l.status === 'assigned')).toBe(true);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(ids.map((id) => loads.get(id)?.open)).toEqual(counts);
  }, 180_000);

  it('weighted 5:3:1:1: shares exact to within 1 per rep', async () => {
    const { leads, counts } = await race('weighted', [{ weight: 5 }, { weight: 3 }, { weight: 1 }, { weight: 1 }]);
    expectSettledOnce(leads);
    for (const [i, expected] of [500, 300, 100, 100].map(of1000).entries()) {
      expect(Math.abs(counts[i]! - expected)).toBeLessThanOrEqual(1);
    }
  }, 180_000);

  it('priority tiers: tier 2 gets leads only once every tier-1 rep is at its cap', async () => {
    const { leads, counts, ids } = await race('priority_tiers', [
      { tier: 1, maxOpen: of1000(300) },
      { tier: 1, maxOpen: of1000(300) },
      { tier: 2 },
      { tier: 2 },
    ]);
    expectSettledOnce(leads);
    expect(counts.slice(0, 2)).toEqual([of1000(300), of1000(300)]);
    expect(counts[2]! + counts[3]!).toBe(of1000(400));
    for (const lead of leads.filter((l) => l.repId === ids[2] || l.repId === ids[3])) {
      expect(lead.decisions[0]!.skipped).toEqual([
        { repId: ids[0], reason: 'at_max_open' },
        { repId: ids[1], reason: 'at_max_open' },
      ]);
    }
  }, 180_000);

  it('least loaded: equal loads under caps, never past them', async () => {
    const { leads, counts, loads, ids } = await race('least_loaded', [
      { maxOpen: of1000(250) },
      { maxOpen: of1000(250) },
      { maxOpen: of1000(250) },
      { maxOpen: of1000(250) },
    ]);
    expectSettledOnce(leads);
    expect(counts).toEqual([250, 250, 250, 250].map(of1000));
    expect(ids.map((id) => loads.get(id)?.open)).toEqual([250, 250, 250, 250].map(of1000));
  }, 180_000);

  it('random: every lead once and caps never exceeded; the rest is held, not lost', async () => {
    const { leads, counts } = await race('random', [
      { maxOpen: of1000(200) },
      { maxOpen: of1000(200) },
      { maxOpen: of1000(200) },
      { maxOpen: of1000(300) },
    ]);
    expectSettledOnce(leads);
    const [cap, bigCap] = [of1000(200), of1000(300)];
    expect(counts[0]! <= cap && counts[1]! <= cap && counts[2]! <= cap && counts[3]! <= bigCap).toBe(true);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(of1000(900));
    const held = leads.filter((l) => l.status === 'unassigned');
    expect(held).toHaveLength(of1000(100));
    expect(countBy(held, (l) => l.decisions[0]!.reason)).toEqual({ no_eligible_rep: of1000(100) });
  }, 180_000);

  it('per-day caps hold under concurrency too', async () => {
    const { leads, counts, loads, ids } = await race('round_robin', [
      { maxPerDay: of1000(100) },
      { maxPerDay: of1000(150) },
    ]);
    expectSettledOnce(leads);
    expect(counts).toEqual([of1000(100), of1000(150)]);
    expect(ids.map((id) => loads.get(id)?.dayCount)).toEqual([of1000(100), of1000(150)]);
    expect(leads.filter((l) => l.status === 'unassigned')).toHaveLength(of1000(750));
  }, 180_000);

  it('manual: every lead waits for an admin, nobody is picked', async () => {
    const { leads, counts } = await race('manual', [{}, {}]);
    expectSettledOnce(leads);
    expect(counts).toEqual([0, 0]);
    expect(leads.every((l) => l.status === 'unassigned' && l.decisions[0]!.reason === 'manual')).toBe(true);
  }, 180_000);
});

describe('membership changes while leads are in flight', () => {
  it('neither duplicates nor loses a lead, and decisions always use one consistent membership', async () => {
    const admin = { config, clock: systemClock };
    const [a, b, c, d] = [
      await createRep(admin, { name: 'A' }, TEST_ADMIN),
      await createRep(admin, { name: 'B' }, TEST_ADMIN),
      await createRep(admin, { name: 'C' }, TEST_ADMIN),
      await createRep(admin, { name: 'D' }, TEST_ADMIN),
    ];
    const pool = await createPool(
      admin,
      {
        name: 'Changing',
        method: 'weighted',
        members: [{ repId: a.id, weight: 2 }, { repId: b.id }, { repId: c.id }],
      },
      TEST_ADMIN,
    );
    const source = await createSource(admin, { name: 'S', kind: 'form', poolId: pool.id }, TEST_ADMIN);
    const messages = await storeReceivedLeads(db, source.id, 120);

    // The change lands once 30 leads are assigned, while 8 assigners keep going.
    let change: Promise<unknown> | undefined;
    let notices = 0;
    const notifier: Notifier = {
      notify: async () => {
        if (++notices === 30)
          change = updatePool(admin, pool.id, { members: [{ repId: a.id }, { repId: d.id, weight: 3 }] }, TEST_ADMIN);
      },
      notifyMany: async () => undefined,
    };
    await Promise.all(
      Array.from({ length: 8 }, (_, w) =>
        consume(
          anAssigner(db, notifier),
          messages.filter((_, i) => i % 8 === w),
        ),
      ),
    );
    await change;

    const leads = await storedLeads(db, messages);
    expect(leads.every((l) => l.status === 'assigned' && l.decisions.length === 1)).toBe(true);
    const before = new Set([a.id, b.id, c.id]);
    const after = new Set([a.id, d.id]);
    for (const lead of leads) {
      const candidates = lead.decisions[0]!.candidates;
      expect(candidates.every((id) => before.has(id)) || candidates.every((id) => after.has(id))).toBe(true);
    }
    // The change landed mid-flight: leads went to both memberships.
    expect(leads.some((l) => l.repId === d.id)).toBe(true);
    expect(leads.some((l) => l.repId === b.id || l.repId === c.id)).toBe(true);
    const seqs = leads.map((l) => l.decisions[0]!.seq!);
    expect(new Set(seqs).size).toBe(messages.length);
  }, 120_000);
});
