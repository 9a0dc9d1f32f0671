import { beforeAll, describe, expect, it } from 'vitest';
import type { Decision } from '../../functions/core/leads/lead';
import { explainRouting } from '../../functions/core/routing/explain-routing';
import { replaceRuleSet } from '../../functions/core/routing/rule-admin';
import { createSource } from '../../functions/core/sources/source-admin';
import { createPool } from '../../functions/core/team/pool-admin';
import { createRep } from '../../functions/core/team/rep-admin';
import { TEST_ADMIN } from '../support/builders';
import { createTestDatabase, type TestDatabase } from '../support/dynamo';
import { Lifecycle } from '../support/lifecycle-harness';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

/** Decisions without their times: explain and the assigner decide at different moments. */
const timeless = (decisions: readonly Decision[]) => decisions.map(({ at: _at, ...rest }) => rest);

async function aPoolOf(h: Lifecycle, method: 'round_robin' | 'shotgun') {
  const reps = [
    await createRep(h.admin, { name: 'Ana' }, TEST_ADMIN),
    await createRep(h.admin, { name: 'Ben' }, TEST_ADMIN),
  ];
  const pool = await createPool(
    h.admin,
    { name: method, method, members: reps.map((r) => ({ repId: r.id })) },
    TEST_ADMIN,
  );
  return { reps, pool };
}

describe('explain says what the assigner then stores', () => {
  it('a shotgun pool: the outcome is an offer to its reps, as stored', async () => {
    const h = new Lifecycle(db);
    const { reps, pool } = await aPoolOf(h, 'shotgun');
    const source = await createSource(h.admin, { name: 'Pinned', kind: 'form', poolId: pool.id }, TEST_ADMIN);
    const explained = await explainRouting(h.admin, { sourceId: source.id, lead: { email: 'ada@example.com' } });
    expect(explained.outcome).toEqual({ status: 'offered', poolId: pool.id, repIds: reps.map((r) => r.id) });
    expect(explained.route.via).toBe('source');
    const stored = await h.lead(await h.arrive(source, { email: 'ada@example.com' }));
    expect(timeless(stored.decisions)).toEqual(timeless(explained.steps));
    expect(stored.decisions[0]).toMatchObject({ outcome: 'offered', via: 'source', round: 1 });
  });

  it('no pin and no rule matched, no default: no `via`, and the same unassigned step as stored', async () => {
    const h = new Lifecycle(db);
    const { pool } = await aPoolOf(h, 'round_robin');
    await replaceRuleSet(
      h.admin,
      { rules: [{ name: 'Germany', when: { all: [{ field: 'country', op: 'eq', value: 'DE' }] }, poolId: pool.id }] },
      TEST_ADMIN,
    );
    const source = await createSource(h.admin, { name: 'Unpinned', kind: 'form' }, TEST_ADMIN);
    const explained = await explainRouting(h.admin, {
      sourceId: source.id,
      lead: { email: 'kurt@example.fr', country: 'FR' },
    });
    expect(explained.route.via).toBeUndefined();
    expect(explained.route.reason).toBe('no_matching_rule');
    expect(explained.outcome).toEqual({ status: 'unassigned', reason: 'no_matching_rule' });
    const stored = await h.lead(await h.arrive(source, { email: 'kurt@example.fr', country: 'FR' }));
    expect(timeless(stored.decisions)).toEqual(timeless(explained.steps));
  });

  it('the default pool: the stored decision says `via: default`, exactly as explain does', async () => {
    const h = new Lifecycle(db);
    const { reps, pool } = await aPoolOf(h, 'round_robin');
    await replaceRuleSet(h.admin, { rules: [], defaultPoolId: pool.id }, TEST_ADMIN);
    const source = await createSource(h.admin, { name: 'Unpinned', kind: 'form' }, TEST_ADMIN);
    const explained = await explainRouting(h.admin, { sourceId: source.id, lead: { email: 'grace@example.com' } });
    const stored = await h.lead(await h.arrive(source, { email: 'grace@example.com' }));
    expect(stored.decisions[0]).toMatchObject({ outcome: 'assigned', via: 'default', repId: reps[0]!.id });
    expect(timeless(stored.decisions)).toEqual(timeless(explained.steps));
    expect(explained.route.via).toBe('default');
  });
});
