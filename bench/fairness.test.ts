import { describe, expect, it } from 'vitest';
import { judgeFairness } from './fairness';

describe('the fairness judgement of a rotation', () => {
  const reps = ['a', 'b', 'c'];

  it('finds duplicate turns, lost updates and the uneven spread they cause', () => {
    // Two workers read counter 0 at once: both leads go to a, b is passed over.
    const assignments = [
      { turn: 0, repId: 'a' },
      { turn: 0, repId: 'a' },
      { turn: 1, repId: 'b' },
      { turn: 2, repId: 'c' },
    ];
    expect(judgeFairness(assignments, reps, 3)).toEqual({
      leads: 4,
      counts: [2, 1, 1],
      spread: 1,
      duplicateTurns: 1,
      skippedTurns: 0,
      lostUpdates: 1,
      excessLeads: 0,
    });
  });

  it('finds skipped turns, and judges a clean rotation clean', () => {
    expect(
      judgeFairness(
        [
          { turn: 1, repId: 'a' },
          { turn: 3, repId: 'c' },
        ],
        reps,
        2,
      ).skippedTurns,
    ).toBe(1);
    const clean = [1, 2, 3, 4, 5, 6].map((turn) => ({ turn, repId: reps[(turn - 1) % 3]! }));
    expect(judgeFairness(clean, reps, 6)).toMatchObject({
      duplicateTurns: 0,
      skippedTurns: 0,
      lostUpdates: 0,
      spread: 0,
      counts: [2, 2, 2],
    });
  });
});
