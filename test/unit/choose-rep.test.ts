import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseRep, type PoolView } from '../../functions/core/methods/choose-rep';
import { EMPTY_ROTATION, type RotationState } from '../../functions/core/methods/rotation';
import type { Pool } from '../../functions/core/team/pool';
import type { Rep, RepLoad } from '../../functions/core/team/rep';
import { aPool, aRep, repsById } from '../support/builders';

const now = new Date('2026-11-23T10:00:00Z'); // a Monday
const dice = { random: () => 0 };

function view(pool: Pool, reps: Rep[], loads: Record<string, RepLoad> = {}): PoolView {
  return { pool, reps: repsById(...reps), loads: new Map(Object.entries(loads)) };
}

/** Runs `count` leads through a pool view, returning who got each and the final state. */
function route(v: PoolView, count: number, start: RotationState = EMPTY_ROTATION, context = dice) {
  let state = start;
  const winners: (string | undefined)[] = [];
  for (let i = 0; i < count; i++) {
    const choice = chooseRep(v, state, now, context);
    state = choice.state;
    winners.push(choice.decision.repId);
  }
  return { winners, state };
}

const abc = () => view(aPool('p', ['a', 'b', 'c']), [aRep('a'), aRep('b'), aRep('c')]);

describe('round robin', () => {
  it('deals leads in member order and starts over after the last', () => {
    expect(route(abc(), 6).winners).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('records the decision: pool, method, candidates, chosen rep and the sequence used', () => {
    const { decision } = chooseRep(
      view(aPool('p', ['a', 'b']), [aRep('a'), aRep('b')]),
      { seq: 41, members: {} },
      now,
      dice,
    );
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
    const first = route(abc(), 1);
    const whilePaused = route(view(pool, [aRep('a'), aRep('b', { status: 'paused' }), aRep('c')]), 3, first.state);
    expect(whilePaused.winners).toEqual(['c', 'a', 'c']);
    expect(route(abc(), 3, whilePaused.state).winners).toEqual(['b', 'a', 'c']);
  });

  it('gives a newly added member the next lead and keeps everyone else in place', () => {
    const before = route(view(aPool('p', ['a', 'b']), [aRep('a'), aRep('b')]), 3); // a b a
    const after = route(view(aPool('p', ['a', 'b', 'd']), [aRep('a'), aRep('b'), aRep('d')]), 4, before.state);
    expect(after.winners).toEqual(['d', 'b', 'a', 'd']);
  });

  it('does not restart or reverse the cycle when members are reordered', () => {
    const before = route(abc(), 2); // a b
    const after = route(view(aPool('p', ['c', 'b', 'a']), [aRep('a'), aRep('b'), aRep('c')]), 3, before.state);
    expect(after.winners).toEqual(['c', 'a', 'b']);
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
          const reps = ids.map((id, k) => aRep(id, { status: paused[k] ? 'paused' : 'active' }));
          const choice = chooseRep(view(aPool('p', ids), reps), state, now, dice);
          state = choice.state;
          const winner = choice.decision.repId;
          if (!winner) {
            expect(paused.every(Boolean)).toBe(true);
            continue;
          }
          const previous = lastServed.get(winner);
          if (previous !== undefined) {
            for (const other of ids) {
              const since = eligibleSince.get(other);
              // Eligible at every step since the winner's previous lead: it must have had one since.
              if (other !== winner && since !== undefined && since <= previous) {
                expect(lastServed.get(other) ?? -1).toBeGreaterThan(previous);
              }
            }
          }
          lastServed.set(winner, step);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('weighted', () => {
  const pool = (weights: Record<string, number>) =>
    aPool('w', Object.keys(weights), {
      method: 'weighted',
      members: Object.entries(weights).map(([repId, weight]) => ({ repId, weight })),
    });

  it('interleaves smoothly: 5:1:1 gives a a b a c a a', () => {
    const v = view(pool({ a: 5, b: 1, c: 1 }), [aRep('a'), aRep('b'), aRep('c')]);
    expect(route(v, 14).winners.join(' ')).toBe('a a b a c a a a a b a c a a');
  });

  it('is exact over every full cycle, for any weights', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 4 }),
        (weights, cycles) => {
          const ids = weights.map((_, i) => `r${i}`);
          const v = view(
            pool(Object.fromEntries(ids.map((id, i) => [id, weights[i]!]))),
            ids.map((id) => aRep(id)),
          );
          const total = weights.reduce((a, b) => a + b, 0);
          let state: RotationState = EMPTY_ROTATION;
          for (let c = 0; c < cycles; c++) {
            const { winners, state: next } = route(v, total, state);
            state = next;
            for (const [i, id] of ids.entries()) expect(winners.filter((w) => w === id)).toHaveLength(weights[i]!);
          }
        },
      ),
    );
  });

  it('restarts its cycle when weights change (a deterministic reset)', () => {
    const reps = [aRep('a'), aRep('b')];
    const { state } = route(view(pool({ a: 3, b: 1 }), reps), 2); // a a
    const after = route(view(pool({ a: 1, b: 3 }), reps), 4, state);
    expect(after.winners).toEqual(['b', 'a', 'b', 'b']); // 1:3 from a fresh cycle
    expect(after.state.fingerprint).toBe('a:1:1,b:3:1');
  });
});

describe('priority tiers', () => {
  const tiers = (spec: Record<string, number>) =>
    aPool('t', Object.keys(spec), {
      method: 'priority_tiers',
      members: Object.entries(spec).map(([repId, tier]) => ({ repId, tier })),
    });

  it('shares leads within tier 1 and reaches tier 2 only when all of tier 1 is unavailable', () => {
    const pool = tiers({ a: 1, b: 1, c: 2 });
    expect(route(view(pool, [aRep('a'), aRep('b'), aRep('c')]), 4).winners).toEqual(['a', 'b', 'a', 'b']);
    const tierOneOut = view(pool, [aRep('a', { status: 'paused' }), aRep('b', { maxOpen: 1 }), aRep('c')], {
      b: { open: 1, dayCount: 0 },
    });
    const { decision } = chooseRep(tierOneOut, EMPTY_ROTATION, now, dice);
    expect(decision.repId).toBe('c');
    expect(decision.skipped).toEqual([
      { repId: 'a', reason: 'paused' },
      { repId: 'b', reason: 'at_max_open' },
    ]);
  });

  it('never skips a tier that has an eligible rep', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 5, maxLength: 5 }),
        fc.array(fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 30 }),
        (tierOf, steps) => {
          const pool = tiers(Object.fromEntries(ids.map((id, i) => [id, tierOf[i]!])));
          let state: RotationState = EMPTY_ROTATION;
          for (const paused of steps) {
            const choice = chooseRep(
              view(
                pool,
                ids.map((id, i) => aRep(id, { status: paused[i] ? 'paused' : 'active' })),
              ),
              state,
              now,
              dice,
            );
            state = choice.state;
            const eligibleTiers = ids.flatMap((_, i) => (paused[i] ? [] : [tierOf[i]!]));
            if (eligibleTiers.length === 0) expect(choice.decision.repId).toBeUndefined();
            else expect(tierOf[ids.indexOf(choice.decision.repId!)]).toBe(Math.min(...eligibleTiers));
          }
        },
      ),
    );
  });
});

describe('least loaded', () => {
  it('picks the eligible rep with the fewest open leads, ties by rotation', () => {
    const pool = aPool('h', ['a', 'b', 'c'], { method: 'least_loaded' });
    const reps = [aRep('a'), aRep('b'), aRep('c')];
    const loads = { a: { open: 3, dayCount: 0 }, b: { open: 1, dayCount: 0 }, c: { open: 1, dayCount: 0 } };
    const first = chooseRep(view(pool, reps, loads), { seq: 5, members: { b: { last: 4 } } }, now, dice);
    expect(first.decision.repId).toBe('c'); // b and c tie on load; c waited longer (never served)
  });
});

describe('random', () => {
  it('is uniform by default and uses the injected dice', () => {
    const v = view(aPool('r', ['a', 'b', 'c', 'd'], { method: 'random' }), [
      aRep('a'),
      aRep('b'),
      aRep('c'),
      aRep('d'),
    ]);
    const rolls = [0, 0.25, 0.5, 0.99];
    expect(rolls.map((r) => chooseRep(v, EMPTY_ROTATION, now, { random: () => r }).decision.repId)).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('is proportional to weights when they are set', () => {
    const pool = aPool('r', ['a', 'b'], {
      method: 'random',
      members: [
        { repId: 'a', weight: 3 },
        { repId: 'b', weight: 1 },
      ],
    });
    const v = view(pool, [aRep('a'), aRep('b')]);
    const picks = Array.from(
      { length: 100 },
      (_, i) => chooseRep(v, EMPTY_ROTATION, now, { random: () => i / 100 }).decision.repId,
    );
    expect(picks.filter((p) => p === 'a')).toHaveLength(75);
  });
});

describe('manual', () => {
  it('leaves the lead for an admin, moving nothing', () => {
    const state = { seq: 3, members: {} };
    const choice = chooseRep(view(aPool('m', ['a'], { method: 'manual' }), [aRep('a')]), state, now, dice);
    expect(choice.decision).toMatchObject({ outcome: 'unassigned', reason: 'manual', method: 'manual' });
    expect(choice.state).toBe(state);
  });
});

describe('eligibility', () => {
  const one = (rep: Rep, loads: Record<string, RepLoad> = {}, poolOverrides: Partial<Pool> = {}) =>
    chooseRep(view(aPool('p', ['a'], poolOverrides), [rep], loads), EMPTY_ROTATION, now, dice).decision;

  it.each([
    ['paused', aRep('a', { status: 'paused' }), {}],
    ['away', aRep('a', { awayUntil: '2026-11-23T12:00:00Z' }), {}],
    ['at_max_open', aRep('a', { maxOpen: 2 }), { a: { open: 2, dayCount: 0 } }],
    ['at_max_per_day', aRep('a', { maxPerDay: 5 }), { a: { open: 0, day: '2026-11-23', dayCount: 5 } }],
  ] as const)('skips a rep who is %s', (reason, rep, loads) => {
    expect(one(rep, loads)).toMatchObject({
      outcome: 'unassigned',
      reason: 'no_eligible_rep',
      skipped: [{ repId: 'a', reason }],
    });
  });

  it('takes a rep back once awayUntil has passed', () => {
    expect(one(aRep('a', { awayUntil: '2026-11-23T09:59:59Z' })).repId).toBe('a');
  });

  it('counts the per-day cap on the rep’s own calendar day', () => {
    // 10:00 UTC on Monday is already Tuesday 00:00 on Kiritimati (UTC+14): Monday's count no longer applies.
    const kiritimati = aRep('a', { timezone: 'Pacific/Kiritimati', maxPerDay: 5 });
    expect(one(kiritimati, { a: { open: 0, day: '2026-11-23', dayCount: 5 } }).repId).toBe('a');
    expect(one(kiritimati, { a: { open: 0, day: '2026-11-24', dayCount: 5 } }).skipped).toEqual([
      { repId: 'a', reason: 'at_max_per_day' },
    ]);
  });

  it('honours working hours only when the pool asks to', () => {
    const rep = aRep('a', {
      timezone: 'America/New_York',
      workingHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }],
    });
    // 10:00 UTC is 05:00 in New York.
    expect(one(rep).repId).toBe('a');
    expect(one(rep, {}, { respectWorkingHours: true }).skipped).toEqual([{ repId: 'a', reason: 'off_hours' }]);
  });
});

describe('sticky owner', () => {
  const prefer = { leadId: 'OLD', repId: 'c', matchedOn: 'email' as const };

  it('gives the lead to the recent lead’s owner when they are an eligible member, as their turn', () => {
    const { decision, state } = chooseRep(abc(), EMPTY_ROTATION, now, dice, { prefer });
    expect(decision).toMatchObject({
      outcome: 'assigned',
      repId: 'c',
      seq: 1,
      sticky: { leadId: 'OLD', repId: 'c', matchedOn: 'email', honoured: true },
    });
    expect(state.members.c?.last).toBe(1);
  });

  it('records the match but picks as usual when the owner cannot take it', () => {
    const away = view(aPool('p', ['a', 'b', 'c']), [aRep('a'), aRep('b'), aRep('c', { status: 'paused' })]);
    const { decision } = chooseRep(away, EMPTY_ROTATION, now, dice, { prefer });
    expect(decision).toMatchObject({ repId: 'a', sticky: { repId: 'c', honoured: false } });
  });
});
