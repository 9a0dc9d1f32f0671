import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RotationState } from '../../functions/core/methods/rotation';
import { weighted } from '../../functions/core/methods/weighted';
import {
  DEFAULT_PERFORMANCE,
  type OutcomeRecord,
  outcomeRecords,
  performanceWeights,
} from '../../functions/core/stats/performance-weights';
import { aRep } from '../support/builders';

const record = fc.record({ assigned: fc.integer({ min: 0, max: 500 }), reached: fc.integer({ min: 0, max: 500 }) });
const pool = fc.array(record, { minLength: 1, maxLength: 8 });
const settings = fc
  .record({
    priorStrength: fc.integer({ min: 0, max: 100 }),
    minWeight: fc.integer({ min: 1, max: 5 }),
    spread: fc.integer({ min: 0, max: 20 }),
  })
  .map(({ priorStrength, minWeight, spread }) => ({
    stage: 'qualified',
    priorStrength,
    minWeight,
    maxWeight: minWeight + spread,
  }));

const ids = (n: number) => Array.from({ length: n }, (_, i) => `rep_${i}`);
const recordsOf = (list: OutcomeRecord[]) => new Map(list.map((r, i) => [`rep_${i}`, r]));

describe('performance weights', () => {
  it('give every rep at least minWeight leads over a full weighted cycle', () => {
    fc.assert(
      fc.property(pool, settings, (list, s) => {
        const weights = performanceWeights(ids(list.length), recordsOf(list), s);
        const candidates = ids(list.length).map((id) => ({
          member: { repId: id, weight: weights.get(id)!.weight },
          rep: aRep(id),
          load: { open: 0 },
        }));
        const cycle = [...weights.values()].reduce((n, w) => n + w.weight, 0);
        let state: RotationState = { seq: 0, members: {} };
        const got = new Map<string, number>();
        for (let i = 0; i < cycle; i++) {
          const pick = weighted(candidates as never, state, { random: Math.random });
          state = { seq: state.seq + 1, members: pick.members ?? state.members };
          got.set(pick.chosen.rep.id, (got.get(pick.chosen.rep.id) ?? 0) + 1);
        }
        for (const id of ids(list.length)) expect(got.get(id) ?? 0).toBeGreaterThanOrEqual(s.minWeight);
      }),
      { seed: 15, numRuns: 200 },
    );
  });

  it('move toward higher outcome rates: more successes never lower a rep’s weight', () => {
    fc.assert(
      fc.property(pool, settings, fc.integer({ min: 1, max: 50 }), (list, s, more) => {
        const target = list[0]!;
        const before = performanceWeights(ids(list.length), recordsOf(list), s).get('rep_0')!;
        const better = [
          { ...target, reached: Math.min(target.reached, target.assigned) + more, assigned: target.assigned + more },
          ...list.slice(1),
        ];
        const after = performanceWeights(ids(list.length), recordsOf(better), s).get('rep_0')!;
        expect(after.rate).toBeGreaterThanOrEqual(before.rate - 1e-9);
        // Relative to the others: no other rep gains weight against rep_0.
        const others = performanceWeights(ids(list.length), recordsOf(better), s);
        for (const id of ids(list.length).slice(1)) {
          const was = performanceWeights(ids(list.length), recordsOf(list), s).get(id)!.weight;
          expect(others.get(id)!.weight).toBeLessThanOrEqual(was);
        }
        expect(after.weight).toBeGreaterThanOrEqual(s.minWeight);
        expect(after.weight).toBeLessThanOrEqual(s.maxWeight);
      }),
      { seed: 15, numRuns: 300 },
    );
  });

  it('matches the worked example: the prior pulls a small sample toward the pool mean, a new rep sits at it', () => {
    // Pool: ana 30 of 100 qualified, ben 10 of 100, cy 3 of 5; mean = 43 / 205 = 0.2098.
    const weights = performanceWeights(
      ['ana', 'ben', 'cy', 'dee'],
      new Map([
        ['ana', { assigned: 100, reached: 30 }],
        ['ben', { assigned: 100, reached: 10 }],
        ['cy', { assigned: 5, reached: 3 }],
      ]),
      DEFAULT_PERFORMANCE,
    );
    expect(Object.fromEntries(weights)).toEqual({
      ana: { rate: 0.285, sample: 100, weight: 7 },
      ben: { rate: 0.1183, sample: 100, weight: 3 },
      cy: { rate: 0.2878, sample: 5, weight: 8 },
      dee: { rate: 0.2098, sample: 0, weight: 6 },
    });
  });

  it('reads each rep’s record in a pool from the stats rows, by stage', () => {
    const row = (repId: string, counts: Record<string, number>, poolId = 'pool_p') => ({
      key: { day: '2026-11-20', poolId, repId, sourceId: 's', rule: 'r' },
      counts,
    });
    const records = outcomeRecords(
      [
        row('ana', { assigned: 4, 'outcome.qualified': 2, 'outcome.won': 1 }),
        row('ana', { assigned: 6, 'outcome.qualified': 1 }),
        row('ben', { assigned: 3 }),
        row('ana', { assigned: 50 }, 'pool_other'),
        row('-', { received: 13 }),
      ],
      'pool_p',
      'qualified',
    );
    expect(Object.fromEntries(records)).toEqual({
      ana: { assigned: 10, reached: 3 },
      ben: { assigned: 3, reached: 0 },
    });
  });
});
