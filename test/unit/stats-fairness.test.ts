import { describe, expect, it } from 'vitest';
import { fairnessOf, targetShares } from '../../functions/core/stats/fairness';

const counts = (entries: Record<string, number>) => new Map(Object.entries(entries));
const members = (...specs: [string, { weight?: number; tier?: number }?][]) =>
  specs.map(([repId, extra]) => ({ repId, ...extra }));

describe('pool fairness', () => {
  it('matches a hand computation of Jain and spread for an uneven round robin', () => {
    // x = assigned / (1/3) = 18, 6, 6: J = 30² / (3 · (324 + 36 + 36)) = 900 / 1188 = 0.7576.
    // Deviations 0.6 − ⅓ = 0.2667, 0.2 − ⅓ = −0.1333: spread 0.4.
    const targets = targetShares('round_robin', members(['a'], ['b'], ['c']));
    const fairness = fairnessOf(counts({ a: 6, b: 2, c: 2 }), targets);
    expect(fairness.jain).toBe(0.7576);
    expect(fairness.spread).toBe(0.4);
    expect(fairness.reps.find((r) => r.repId === 'a')).toMatchObject({ assigned: 6, actualShare: 0.6 });
  });

  it('judges a weighted pool against its weights, not against equal shares', () => {
    const targets = targetShares('weighted', members(['a', { weight: 2 }], ['b'], ['c']));
    expect([...targets.values()]).toEqual([0.5, 0.25, 0.25]);
    expect(fairnessOf(counts({ a: 8, b: 4, c: 4 }), targets)).toMatchObject({ jain: 1, spread: 0 });
    expect(fairnessOf(counts({ a: 4, b: 6, c: 6 }), targets).jain).toBeLessThan(1);
  });

  it('gives later priority tiers no target, so their overflow leads count as deviation', () => {
    // Tier 1 a and b share; c is tier 2. x = 5/0.5, 3/0.5 = 10, 6: J = 256 / (2 · 136) = 0.9412.
    const targets = targetShares('priority_tiers', members(['a', { tier: 1 }], ['b', { tier: 1 }], ['c', { tier: 2 }]));
    const fairness = fairnessOf(counts({ a: 5, b: 3, c: 2 }), targets);
    expect(fairness.jain).toBe(0.9412);
    expect(fairness.spread).toBe(0.4);
  });

  it('calls a pool with no leads perfectly fair', () => {
    expect(fairnessOf(new Map(), targetShares('random', members(['a'], ['b'])))).toMatchObject({ jain: 1, spread: 0 });
  });
});
