import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseRep, type PoolView } from '../../functions/core/methods/choose-rep';
import { EMPTY_ROTATION, type RotationState } from '../../functions/core/methods/rotation';
import { type PerformanceWeight, performanceWeights } from '../../functions/core/stats/performance-weights';
import { PoolCreateSchema } from '../../functions/core/team/pool-schemas';
import { aPool, aRep, repsById } from '../support/builders';

const now = new Date('2026-11-23T10:00:00Z');
const dice = { random: () => 0 };
const ids = ['ana', 'ben', 'cy'];
const performancePool = (performance = {}) => aPool('p', ids, { method: 'performance', performance });

function view(weights?: Record<string, PerformanceWeight>, pool = performancePool()): PoolView {
  return {
    pool,
    reps: repsById(...pool.members.map((m) => aRep(m.repId))),
    loads: new Map(),
    ...(weights ? { performance: new Map(Object.entries(weights)) } : {}),
  };
}

function route(v: PoolView, count: number, start: RotationState = EMPTY_ROTATION) {
  let state = start;
  const decisions = [];
  for (let i = 0; i < count; i++) {
    const choice = chooseRep(v, state, now, dice);
    state = choice.state;
    decisions.push(choice.decision);
  }
  return { decisions, winners: decisions.map((d) => d.repId), state };
}

const weights532 = {
  ana: { rate: 0.3, sample: 100, weight: 5 },
  ben: { rate: 0.18, sample: 40, weight: 3 },
  cy: { rate: 0.12, sample: 7, weight: 2 },
};

describe('the performance method', () => {
  it('deals leads exactly as weighted does over the weights in force', () => {
    expect(route(view(weights532), 10).winners).toEqual([
      'ana',
      'ben',
      'cy',
      'ana',
      'ana',
      'ben',
      'ana',
      'cy',
      'ben',
      'ana',
    ]);
  });

  it("deals the documented worked example's first leads and its cycle of 24", () => {
    const names = ['ana', 'ben', 'cy', 'dee'];
    const records = new Map([
      ['ana', { assigned: 100, reached: 30 }],
      ['ben', { assigned: 100, reached: 10 }],
      ['cy', { assigned: 5, reached: 3 }],
    ]);
    const pool = aPool('p', names, { method: 'performance' });
    const weights = performanceWeights(names, records);
    const { winners, decisions } = route(view(Object.fromEntries(weights), pool), 24);
    expect(winners.slice(0, 10)).toEqual(['cy', 'ana', 'dee', 'ben', 'cy', 'ana', 'dee', 'cy', 'ana', 'dee']);
    expect(names.map((n) => winners.filter((w) => w === n).length)).toEqual([7, 3, 8, 6]);
    expect(decisions[0]?.performance).toEqual({ rate: 0.2878, sample: 5, weight: 8 });
  });

  it("records the chosen rep's smoothed rate, sample and weight on each decision", () => {
    const { decisions } = route(view(weights532), 2);
    expect(decisions[0]).toMatchObject({ method: 'performance', repId: 'ana', performance: weights532.ana });
    expect(decisions[1]).toMatchObject({ repId: 'ben', performance: weights532.ben });
  });

  it("counts a rep without a computed weight at the pool's mean", () => {
    const { decisions } = route(view({ ana: { rate: 0.5, sample: 50, weight: 10 } }), 22);
    // A cycle of 10 + 6 + 6 leads.
    expect(decisions.filter((d) => d.repId === 'ana')).toHaveLength(10);
    expect(decisions.filter((d) => d.repId === 'cy')).toHaveLength(6);
    // With no record the mean is the middle of the default bounds 1..10, rounded.
    expect(decisions.find((d) => d.repId === 'ben')?.performance).toEqual({ rate: 0, sample: 0, weight: 6 });
  });

  it('starts a fresh exact cycle when the weights change', () => {
    const before = route(view(weights532), 3);
    const swapped = { ana: weights532.cy, ben: weights532.ben, cy: weights532.ana };
    expect(route(view(swapped), 10, before.state).winners).toEqual(route(view(swapped), 10).winners);
  });

  it('gives no rep less than its minWeight share over a cycle, whatever the records', () => {
    const records = fc.array(fc.record({ assigned: fc.nat(400), reached: fc.nat(400) }), {
      minLength: 3,
      maxLength: 3,
    });
    const bounds = fc.record({ minWeight: fc.integer({ min: 1, max: 4 }), spread: fc.nat(12), k: fc.nat(60) });
    fc.assert(
      fc.property(records, bounds, (list, { minWeight, spread, k }) => {
        const pool = performancePool({ minWeight, maxWeight: minWeight + spread, priorStrength: k });
        const computed = performanceWeights(ids, new Map(list.map((r, i) => [ids[i]!, r])), {
          stage: 'qualified',
          priorStrength: k,
          minWeight,
          maxWeight: minWeight + spread,
        });
        const cycle = [...computed.values()].reduce((sum, w) => sum + w.weight, 0);
        const { winners } = route(view(Object.fromEntries(computed), pool), cycle);
        for (const id of ids) {
          const got = winners.filter((w) => w === id).length;
          expect(got).toBe(computed.get(id)!.weight);
          expect(got).toBeGreaterThanOrEqual(minWeight);
        }
      }),
    );
  });
});

describe('performance pool settings', () => {
  const body = { name: 'Closers', method: 'performance', members: [{ repId: 'rep_1' }] };

  it('accept a stage, window, prior, bounds and recompute interval', () => {
    const performance = {
      stage: 'won',
      windowDays: 14,
      priorStrength: 10,
      minWeight: 2,
      maxWeight: 8,
      recomputeMinutes: 5,
    };
    expect(PoolCreateSchema.safeParse({ ...body, performance }).success).toBe(true);
  });

  it('refuse an unknown stage, a minWeight above maxWeight and unknown fields', () => {
    expect(PoolCreateSchema.safeParse({ ...body, performance: { stage: 'lost' } }).success).toBe(false);
    expect(PoolCreateSchema.safeParse({ ...body, performance: { minWeight: 11 } }).success).toBe(false);
    expect(PoolCreateSchema.safeParse({ ...body, performance: { minWeight: 4, maxWeight: 3 } }).success).toBe(false);
    expect(PoolCreateSchema.safeParse({ ...body, performance: { weight: 3 } }).success).toBe(false);
  });
});
