import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoLeadStore } from '../../functions/adapters/dynamodb/dynamo-lead-store';
import { DynamoStatsStore } from '../../functions/adapters/dynamodb/dynamo-stats-store';
import { LeadListQuerySchema, listLeads } from '../../functions/core/admin/lead-queries';
import type { Lead } from '../../functions/core/leads/lead';
import { parseInput } from '../../functions/core/shared/validation';
import { fairnessOf, targetShares } from '../../functions/core/stats/fairness';
import { RELATIVE_PRECISION } from '../../functions/core/stats/histogram';
import { statsDeltas } from '../../functions/core/stats/stats-fold';
import { queryStats, type StatsAnswerRow, StatsQuerySchema } from '../../functions/core/stats/stats-query';
import { fixedClock } from '../support/builders';
import { createTestDatabase } from '../support/dynamo';
import { HISTORY_POOLS, leadHistory } from '../support/lead-history';

const end = Date.parse(new Date().toISOString().slice(0, 10)) - 86_400_000;
const from = new Date(end - 32 * 86_400_000).toISOString();
const to = new Date(end + 3 * 86_400_000).toISOString();
/** Enough for every pool, rep, source and rule to count on many days; the bench folds 3,000. */
const LEADS = 150;
let deps: Parameters<typeof queryStats>[0];
let leads: DynamoLeadStore;
/** The leads as `/admin/leads` lists them in the window, every page. */
let listed: Lead[];

beforeAll(async () => {
  const db = await createTestDatabase();
  leads = new DynamoLeadStore(db.documents, db.tables.leads);
  const stats = new DynamoStatsStore(db.documents, db.tables.stats);
  // Prepare: LEADS leads over 30 days, each write's change folded into the aggregates.
  for (const images of leadHistory(LEADS, 15, end)) {
    for (let i = 1; i < images.length; i++) await stats.add(statsDeltas(images[i - 1], images[i]));
    await leads.create(images[images.length - 1]!);
  }
  deps = {
    stats,
    config: { listPools: async () => HISTORY_POOLS.map((p) => ({ ...p }) as never) },
    clock: fixedClock(to),
  };
  listed = [];
  let cursor: string | undefined;
  do {
    const page = await listLeads(
      leads,
      parseInput(LeadListQuerySchema, { from, to, limit: '200', ...(cursor ? { cursor } : {}) }),
    );
    listed.push(...page.leads);
    cursor = page.nextCursor;
  } while (cursor);
}, 120_000);

const stats = async (query: Record<string, string>) =>
  (await queryStats(deps, parseInput(StatsQuerySchema, { from, to, ...query }))).rows;
const byKey = (rows: StatsAnswerRow[], field: keyof StatsAnswerRow) =>
  new Map(rows.map((r) => [r[field] as string, r]));
const countBy = (items: Lead[], key: (lead: Lead) => string | undefined) => {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
};
const exactQuantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.max(1, Math.ceil(q * values.length)) - 1]!;

describe('stats against the leads they were folded from (DynamoDB Local)', () => {
  it('counts every lead received, by pool, source and rule, as the leads themselves say', async () => {
    expect(listed).toHaveLength(LEADS);
    const pools = byKey(await stats({ groupBy: 'pool' }), 'poolId');
    for (const [poolId, n] of countBy(listed, (l) => l.poolId)) expect(pools.get(poolId)?.received).toBe(n);
    const sources = byKey(await stats({ groupBy: 'source' }), 'sourceId');
    for (const [sourceId, n] of countBy(listed, (l) => l.sourceId)) expect(sources.get(sourceId)?.received).toBe(n);
    const rules = byKey(await stats({ groupBy: 'rule' }), 'rule');
    for (const [rule, n] of countBy(listed, (l) => l.decisions[0]?.rule ?? '(default)')) {
      expect(rules.get(rule)?.received).toBe(n);
    }
    expect(rules.get('(default)')?.routedByDefault).toBe(rules.get('(default)')?.received);
  });

  it('agrees per rep on accepted leads, SLA misses and speed to lead within the stated precision', async () => {
    const reps = byKey(await stats({ groupBy: 'rep' }), 'repId');
    for (const [repId, n] of countBy(listed, (l) => (l.acceptedAt ? l.repId : undefined))) {
      expect(reps.get(repId)?.accepted, repId).toBe(n);
      const speeds = listed.filter((l) => l.acceptedAt && l.repId === repId).map((l) => l.speedToLeadSeconds!);
      for (const [q, field] of [
        [0.5, 'p50'],
        [0.9, 'p90'],
        [0.95, 'p95'],
      ] as const) {
        const exact = exactQuantile(speeds, q);
        expect(Math.abs(reps.get(repId)!.timeToAcceptSeconds[field]! - exact)).toBeLessThanOrEqual(
          Math.max(exact * RELATIVE_PRECISION, 0.5),
        );
      }
    }
    const missed = listed.reduce((n, l) => n + (l.slaReassignments ?? 0), 0);
    expect([...reps.values()].reduce((n, r) => n + r.slaMissed, 0)).toBe(missed);
    expect([...reps.values()].reduce((n, r) => n + r.reassigned, 0)).toBe(missed);
  });

  it('gives each pool the fairness of its reps first assignments, by its method', async () => {
    const pools = byKey(await stats({ groupBy: 'pool' }), 'poolId');
    for (const pool of HISTORY_POOLS) {
      const assigned = new Map<string, number>();
      for (const lead of listed.filter((l) => l.poolId === pool.id)) {
        for (const d of lead.decisions) {
          if (d.outcome === 'assigned' && d.repId) assigned.set(d.repId, (assigned.get(d.repId) ?? 0) + 1);
        }
      }
      const expected = fairnessOf(assigned, targetShares(pool.method, pool.members));
      expect(pools.get(pool.id)?.fairness).toMatchObject({ jain: expected.jain, spread: expected.spread });
    }
  });

  it('filters by pool and source, and splits by day', async () => {
    const onlyWest = await stats({ groupBy: 'day', poolId: 'pool_w', sourceId: 'src_ads' });
    const received = onlyWest.reduce((n, r) => n + r.received, 0);
    expect(received).toBe(listed.filter((l) => l.poolId === 'pool_w' && l.sourceId === 'src_ads').length);
    expect(onlyWest.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.day!))).toBe(true);
  });
});
