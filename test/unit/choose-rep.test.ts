import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseRep } from '../../functions/core/choose-rep';
import { EMPTY_ROTATION, type RotationState } from '../../functions/core/rotation';
import { aPool, aRep, repsById } from '../support/builders';

const now = new Date('2026-11-23T10:00:00Z');

/** Runs `count` leads through a pool, returning who got each. */
function route(pool = aPool('p', ['a', 'b', 'c']), reps = repsById(aRep('a'), aRep('b'), aRep('c')), count = 6, start: RotationState = EMPTY_ROTATION) {
  let state = start;
  const winners: (string | undefined)[] = [];
  for (let i = 0; i < count; i++) {
    const choice = chooseRep(pool, reps, state, now);
    state = choice.state;
    winners.push(choice.decision.repId);
  }
  return { winners, state };
}

describe('chooseRep with round robin', () => {
  it('deals leads in member order and starts over after the last', () => {
    expect(route().winners).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('records the decision: pool, method, candidates, chosen rep and the sequence used', () => {
    const { decision } = chooseRep(aPool('p', ['a', 'b']), repsById(aRep('a'), aRep('b')), { seq: 41, members: {} }, now);
    expect(decision).toEqual({
      at: now.toISOString(),
      outcome: 'assigned',
      poolId: 'p',
      method: 'round_robin',
      candidates: ['a', 'b'],
      skipped: [],
      repId: 'a',
      seq: 42,
    });
  });

  it('skips a paused rep and keeps its place in the cycle', () => {
    const pool = aPool('p', ['a', 'b', 'c']);
    const first = route(pool, repsById(aRep('a'), aRep('b'), aRep('c')), 1); // a
    const paused = repsById(aRep('a'), aRep('b', { status: 'paused' }), aRep('c'));
    const whilePaused = route(pool, paused, 3, first.state);
    expect(whilePaused.winners).toEqual(['c', 'a', 'c']);
    const back = route(pool, repsById(aRep('a'), aRep('b'), aRep('c')), 3, whilePaused.state);
    // b waited longest, so it is next; then the cycle goes on in order.
    expect(back.winners).toEqual(['b', 'a', 'c']);
  });

  it('says why each skipped rep was skipped', () => {
    const { decision } = chooseRep(aPool('p', ['a', 'ghost']), repsById(aRep('a', { status: 'paused' })), EMPTY_ROTATION, now);
    expect(decision.skipped).toEqual([
      { repId: 'a', reason: 'paused' },
      { repId: 'ghost', reason: 'unknown_rep' },
    ]);
    expect(decision.outcome).toBe('unassigned');
    expect(decision.reason).toBe('no_eligible_rep');
  });

  it('leaves the rotation untouched when nobody is eligible', () => {
    const state = { seq: 7, members: { a: { last: 7 } } };
    expect(chooseRep(aPool('p', ['a']), repsById(aRep('a', { status: 'paused' })), state, now).state).toBe(state);
  });

  it('gives a newly added member the next lead and keeps everyone else in place', () => {
    const before = route(aPool('p', ['a', 'b']), repsById(aRep('a'), aRep('b')), 3); // a b a
    const after = route(aPool('p', ['a', 'b', 'd']), repsById(aRep('a'), aRep('b'), aRep('d')), 4, before.state);
    expect(after.winners).toEqual(['d', 'b', 'a', 'd']);
  });

  it('does not restart or reverse the cycle when members are reordered', () => {
    const before = route(aPool('p', ['a', 'b', 'c']), repsById(aRep('a'), aRep('b'), aRep('c')), 2); // a b
    const after = route(aPool('p', ['c', 'b', 'a']), repsById(aRep('a'), aRep('b'), aRep('c')), 3, before.state);
    expect(after.winners).toEqual(['c', 'a', 'b']);
  });

  it('forgets reps that left the pool', () => {
    const { state } = route(aPool('p', ['a', 'b']), repsById(aRep('a'), aRep('b')), 2);
    const next = chooseRep(aPool('p', ['b']), repsById(aRep('b')), state, now).state;
    expect(Object.keys(next.members)).toEqual(['b']);
  });

  it('never gives a rep a second lead while another rep eligible all along has waited (any pause pattern)', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const pauses = fc.array(fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 80 });
    fc.assert(
      fc.property(pauses, (steps) => {
        let state: RotationState = EMPTY_ROTATION;
        const lastServed = new Map<string, number>();
        const eligibleSince = new Map<string, number>();
        for (const [step, paused] of steps.entries()) {
          ids.forEach((id, k) => {
            if (paused[k]) eligibleSince.delete(id);
            else if (!eligibleSince.has(id)) eligibleSince.set(id, step);
          });
          const reps = repsById(...ids.map((id, k) => aRep(id, { status: paused[k] ? 'paused' : 'active' })));
          const choice = chooseRep(aPool('p', ids), reps, state, now);
          state = choice.state;
          const winner = choice.decision.repId;
          if (!winner) {
            expect(paused.every(Boolean)).toBe(true);
            continue;
          }
          const previous = lastServed.get(winner);
          if (previous !== undefined) {
            for (const other of ids) {
              if (other === winner) continue;
              const since = eligibleSince.get(other);
              // Eligible at every step since the winner's previous lead: it must have had one since.
              if (since !== undefined && since <= previous) expect(lastServed.get(other) ?? -1).toBeGreaterThan(previous);
            }
          }
          lastServed.set(winner, step);
        }
      }),
      { numRuns: 300 },
    );
  });
});
