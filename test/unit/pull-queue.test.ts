import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLeadAssigner } from '../../functions/core/assignment/assigner';
import { handleLeadTimer } from '../../functions/core/assignment/lead-timers';
import type { LeadTimer, PoolSnapshot } from '../../functions/core/assignment/ports';
import type { Lead } from '../../functions/core/leads/lead';
import type { LeadTransition, TransitionResult } from '../../functions/core/leads/ports';
import { LinkSigner } from '../../functions/core/links/link-tokens';
import { type RepLinkDeps, viewRepLink } from '../../functions/core/links/rep-links';
import { chooseRep } from '../../functions/core/methods/choose-rep';
import { EMPTY_ROTATION } from '../../functions/core/methods/rotation';
import type { ReminderLedger } from '../../functions/core/pull-queues/ports';
import { createQueueReminders } from '../../functions/core/pull-queues/queue-reminders';
import { type RepQueueDeps, viewQueue } from '../../functions/core/pull-queues/queue-view';
import { scoreRank } from '../../functions/core/pull-queues/score-rank';
import { takeNext } from '../../functions/core/pull-queues/take-from-queue';
import type { Pool } from '../../functions/core/team/pool';
import type { Rep } from '../../functions/core/team/rep';
import { aLeadMessage, aPool, aRep, fixedClock, repsById } from '../support/builders';
import { aSource, MemoryAssignmentStore, MemorySources, RecordingNotifier } from '../support/memory-stores';

const T0 = '2026-11-23T10:00:00.000Z';

/** The ledger's conditional write, in memory: atomic, as DynamoDB's is. */
class MemoryLedger implements ReminderLedger {
  readonly last = new Map<string, number>();
  writes = 0;
  async record(repId: string, poolId: string, atMs: number, windowMs: number) {
    this.writes++;
    const key = `${repId}#${poolId}`;
    const last = this.last.get(key);
    if (last !== undefined && last > atMs - windowMs) return { recorded: false as const, lastAtMs: last };
    this.last.set(key, atMs);
    return { recorded: true as const };
  }
}

function aSnapshot(pool: Pool, reps: Rep[]): PoolSnapshot {
  return { pool, reps: repsById(...reps), loads: new Map(), rotation: { seq: 3, members: {} }, configVersion: 1 };
}

const blindPool = (overrides: Partial<Pool> = {}) =>
  aPool('pool_1', ['a', 'b', 'c'], { name: 'Hopper', method: 'pull_blind', ...overrides });

function reminderService(clock = fixedClock(T0)) {
  const ledger = new MemoryLedger();
  const notifier = new RecordingNotifier();
  const reminders = createQueueReminders({
    ledger,
    notifier,
    metrics: { count: () => undefined },
    links: (c) => `https://leads.example/q/${c.repId}-${c.poolId}-${c.expiresAt}`,
  });
  return { ledger, notifier, reminders, clock };
}

describe('score order', () => {
  const iso = fc
    .integer({ min: Date.parse('2020-01-01'), max: Date.parse('2030-01-01') })
    .map((ms) => new Date(ms).toISOString());
  const score = fc.option(fc.double({ min: -1_000_000, max: 1_000_000, noNaN: true }), { nil: undefined });

  it('sorts, byte by byte, by highest score, then oldest, with unscored leads last (oldest first)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ score, createdAt: iso }), { minLength: 2, maxLength: 30 }), (leads) => {
        const byRank = [...leads].sort((x, y) =>
          scoreRank(x.score, x.createdAt) < scoreRank(y.score, y.createdAt) ? -1 : 1,
        );
        for (let i = 1; i < byRank.length; i++) {
          const [before, after] = [byRank[i - 1]!, byRank[i]!];
          if (before.score === undefined) {
            expect(after.score).toBeUndefined();
            expect(before.createdAt <= after.createdAt).toBe(true);
          } else if (after.score !== undefined) {
            // Equal to the millionth counts as equal; then the older lead goes first.
            const b = Math.round(before.score * 1e6);
            const a = Math.round(after.score * 1e6);
            expect(b >= a).toBe(true);
            if (b === a) expect(before.createdAt <= after.createdAt).toBe(true);
          }
        }
      }),
    );
  });

  it('puts the extremes of the score range in order', () => {
    const at = T0;
    const ranks = [1_000_000, 999_999.5, 0.000001, 0, -0.5, -1_000_000].map((s) => scoreRank(s, at));
    expect([...ranks].sort()).toEqual(ranks);
    expect(scoreRank(-1_000_000, at) < scoreRank(undefined, at)).toBe(true);
  });
});

describe('pull pools in chooseRep', () => {
  it('queues the lead with the eligible reps as candidates, and leaves the rotation as it was', () => {
    const view = {
      pool: blindPool(),
      reps: repsById(aRep('a'), aRep('b', { status: 'paused' }), aRep('c')),
      loads: new Map(),
    };
    const state = { seq: 9, members: { a: { last: 9 } } };
    const choice = chooseRep(view, state, new Date(T0), { random: () => 0 });
    expect(choice.decision).toEqual({
      at: T0,
      outcome: 'queued',
      poolId: 'pool_1',
      method: 'pull_blind',
      candidates: ['a', 'c'],
      skipped: [{ repId: 'b', reason: 'paused' }],
    });
    expect(choice.state).toBe(state);
  });

  it('queues the lead even when nobody can take one now: the queue is where it waits, no fallback', () => {
    const view = {
      pool: blindPool({ method: 'pull_preview', fallback: 'pool_2' }),
      reps: repsById(aRep('a', { status: 'paused' }), aRep('b', { maxOpen: 0 })),
      loads: new Map(),
    };
    const { decision } = chooseRep(view, EMPTY_ROTATION, new Date(T0), { random: () => 0 });
    expect(decision).toMatchObject({
      outcome: 'queued',
      candidates: [],
      skipped: [
        { repId: 'a', reason: 'paused' },
        { repId: 'b', reason: 'at_max_open' },
        { repId: 'c', reason: 'unknown_rep' },
      ],
    });
  });
});

describe('the assigner with a pull pool', () => {
  function setUp(pool: Pool) {
    const store = new MemoryAssignmentStore(
      aSnapshot(pool, [aRep('a'), aRep('b'), aRep('c', { awayUntil: '2026-12-01T00:00:00Z' })]),
    );
    const notifier = new RecordingNotifier();
    const remind = reminderService();
    const timers: LeadTimer[] = [];
    const assigner = createLeadAssigner(
      {
        sources: new MemorySources([aSource('src_1', 'pool_1')]),
        store,
        notifier,
        clock: remind.clock,
        metrics: { count: () => undefined },
        reminders: remind.reminders,
        timers: { schedule: async (t) => void timers.push(t) },
      },
      { sleep: async () => undefined },
    );
    return { store, assigner, timers, ledger: remind.ledger, clock: remind.clock, reminderNotices: remind.notifier };
  }

  it('queues every lead with its score rank, without moving the rotation or any counter', async () => {
    const { store, assigner } = setUp(blindPool());
    const scored = { ...aLeadMessage('L1'), fields: { email: 'x@example.com', score: 42 } };
    const outcomes = await Promise.all([assigner.assign(scored), assigner.assign(aLeadMessage('L2'))]);
    expect(outcomes).toEqual([
      { leadId: 'L1', status: 'queued', poolId: 'pool_1' },
      { leadId: 'L2', status: 'queued', poolId: 'pool_1' },
    ]);
    const [commit] = store.commits;
    expect(commit!.loads).toEqual([]);
    expect(commit!.rotation).toEqual({ seq: 3, members: {} });
    expect(commit!.leads.map((l) => [l.status, l.poolId, l.queueRank])).toEqual([
      ['queued', 'pool_1', scoreRank(42, scored.createdAt)],
      ['queued', 'pool_1', scoreRank(undefined, scored.createdAt)],
    ]);
    expect(store.leads.get('L1')).toMatchObject({ status: 'queued', poolId: 'pool_1' });
  });

  it('reminds each eligible rep once for a whole batch, with a queue link and no lead data', async () => {
    const { assigner, ledger, reminderNotices } = setUp(blindPool());
    await Promise.all(['L1', 'L2', 'L3', 'L4', 'L5'].map((id) => assigner.assign(aLeadMessage(id))));
    expect(ledger.writes).toBe(2); // a and b; c is away
    expect(reminderNotices.sent.map((n) => [n.repId, n.kind])).toEqual([
      ['a', 'queue'],
      ['b', 'queue'],
    ]);
    const notice = reminderNotices.sent[0]!;
    expect(notice.link).toMatch(/^https:\/\/leads\.example\/q\/a-pool_1-/);
    expect(notice.text).toContain('Hopper');
    expect(notice.text).not.toContain('@example.com');
  });

  it('does not write the ledger again while this process knows the window has not passed', async () => {
    const { assigner, ledger, reminderNotices, clock } = setUp(blindPool({ queue: { remindEveryMinutes: 10 } }));
    await assigner.assign(aLeadMessage('L1'));
    clock.advance(5 * 60_000);
    await assigner.assign(aLeadMessage('L2'));
    expect(ledger.writes).toBe(2);
    expect(reminderNotices.sent).toHaveLength(2);
    clock.advance(5 * 60_000);
    await assigner.assign(aLeadMessage('L3'));
    expect(ledger.writes).toBe(4);
    expect(reminderNotices.sent).toHaveLength(4);
  });

  it('keeps a queued lead queued when its reminder cannot be sent', async () => {
    const { store, assigner, reminderNotices } = setUp(blindPool());
    reminderNotices.failNext = 1;
    expect(await assigner.assign(aLeadMessage('L1'))).toEqual({ leadId: 'L1', status: 'queued', poolId: 'pool_1' });
    expect(store.leads.get('L1')?.status).toBe('queued');
  });

  it('puts a taken lead whose owner missed the SLA back in the queue, and frees the owner', async () => {
    const { store, assigner } = setUp(blindPool({ sla: { acceptWithinSeconds: 60 } }));
    store.leads.set('L1', { status: 'assigned', repId: 'a', poolId: 'pool_1', assignedAt: T0 });
    store.repLoads.set('a', { open: 1, day: '2026-11-23', dayCount: 1 });
    const leads = {
      get: async (id: string): Promise<Lead | undefined> =>
        ({
          id,
          sourceId: 'src_1',
          createdAt: aLeadMessage(id).createdAt,
          updatedAt: T0,
          fields: aLeadMessage(id).fields,
          custom: {},
          decisions: [],
          ...store.leads.get(id)!,
        }) as Lead,
    };
    const outcome = await handleLeadTimer(
      {
        leads,
        pools: { getPool: async () => store.snapshot!.pool },
        assigner,
        metrics: { count: () => undefined },
      },
      {
        type: 'accept_deadline',
        leadId: 'L1',
        repId: 'a',
        reassignments: 0,
        dueAt: '2026-11-23T10:01:00.000Z',
        assignedAt: T0,
      },
    );
    expect(outcome).toBe('handled');
    expect(store.leads.get('L1')).toMatchObject({ status: 'queued', poolId: 'pool_1' });
    expect(store.leads.get('L1')?.repId).toBeUndefined();
    expect(store.repLoads.get('a')?.open).toBe(0);
    const decision = store.commits.at(-1)!.leads[0]!.decisions[0]!;
    expect(decision).toMatchObject({
      outcome: 'queued',
      previousRepId: 'a',
      reason: 'sla_missed',
      candidates: ['b'],
      skipped: [
        { repId: 'a', reason: 'sla_missed' },
        { repId: 'c', reason: 'away' },
      ],
    });
  });
});

describe('queue reminders', () => {
  const pool = blindPool({ queue: { remindEveryMinutes: 15 } });

  it('remind a rep at most once per window, and again once it has passed', async () => {
    const { reminders, notifier, clock } = reminderService();
    expect(await reminders.remind({ pool, repIds: ['a', 'b'], leadId: 'L1', now: clock.now() })).toEqual(['a', 'b']);
    clock.advance(14 * 60_000);
    expect(await reminders.remind({ pool, repIds: ['a', 'b'], leadId: 'L2', now: clock.now() })).toEqual([]);
    clock.advance(60_000);
    expect(await reminders.remind({ pool, repIds: ['a'], leadId: 'L3', now: clock.now() })).toEqual(['a']);
    expect(notifier.sent.map((n) => [n.repId, n.leadId])).toEqual([
      ['a', 'L1'],
      ['b', 'L1'],
      ['a', 'L3'],
    ]);
  });

  it('hold across processes: two services sharing a ledger send one reminder between them', async () => {
    const shared = reminderService();
    const other = createQueueReminders({
      ledger: shared.ledger,
      notifier: shared.notifier,
      metrics: { count: () => undefined },
      links: () => 'https://leads.example/q/x',
    });
    const now = shared.clock.now();
    const results = await Promise.all([
      shared.reminders.remind({ pool, repIds: ['a'], leadId: 'L1', now }),
      other.remind({ pool, repIds: ['a'], leadId: 'L2', now }),
    ]);
    expect(results.flat()).toEqual(['a']);
    expect(shared.notifier.sent).toHaveLength(1);
  });

  it('learn from the ledger when another process reminded the rep, and skip the write until the window ends', async () => {
    const { reminders, ledger, notifier, clock } = reminderService();
    ledger.last.set('a#pool_1', clock.now().getTime() - 5 * 60_000); // another function reminded a 5 minutes ago
    expect(await reminders.remind({ pool, repIds: ['a'], leadId: 'L1', now: clock.now() })).toEqual([]);
    clock.advance(60_000);
    await reminders.remind({ pool, repIds: ['a'], leadId: 'L2', now: clock.now() });
    expect(ledger.writes).toBe(1);
    clock.advance(9 * 60_000);
    expect(await reminders.remind({ pool, repIds: ['a'], leadId: 'L3', now: clock.now() })).toEqual(['a']);
    expect(notifier.sent.map((n) => n.leadId)).toEqual(['L3']);
  });

  it('send nothing when the pool turns reminders off', async () => {
    const { reminders, ledger, notifier, clock } = reminderService();
    const silent = blindPool({ queue: { remindEveryMinutes: 0 } });
    expect(await reminders.remind({ pool: silent, repIds: ['a'], leadId: 'L1', now: clock.now() })).toEqual([]);
    expect([ledger.writes, notifier.sent.length]).toEqual([0, 0]);
  });

  it('give the queue link the pool’s lifetime (a week by default)', async () => {
    const { reminders, notifier, clock } = reminderService();
    await reminders.remind({ pool: blindPool(), repIds: ['a'], leadId: 'L1', now: clock.now() });
    await reminders.remind({
      pool: blindPool({ id: 'pool_2', queue: { linkTtlHours: 2 } }),
      repIds: ['a'],
      leadId: 'L1',
      now: clock.now(),
    });
    const nowS = clock.now().getTime() / 1000;
    expect(notifier.sent.map((n) => n.link)).toEqual([
      `https://leads.example/q/a-pool_1-${nowS + 7 * 86_400}`,
      `https://leads.example/q/a-pool_2-${nowS + 7_200}`,
    ]);
  });
});

describe('link purposes at the door', () => {
  const signer = new LinkSigner('u'.repeat(40));
  const clock = fixedClock(T0);
  const exp = Date.parse(T0) / 1000 + 3600;
  const untouched = new Proxy(
    {},
    {
      get: () => () => {
        throw new Error('nothing may be read for a refused link');
      },
    },
  );

  it('refuses a queue link on a lead page, before reading anything', async () => {
    const deps = {
      signer,
      clock,
      leads: untouched,
      config: untouched,
      loads: untouched,
      transitions: untouched,
      metrics: untouched,
    } as unknown as RepLinkDeps;
    const token = signer.sign({ purpose: 'queue', poolId: 'pool_1', repId: 'a', expiresAt: exp });
    expect((await viewRepLink(deps, token)).state).toBe('forged');
  });

  it('refuses a claim or accept link on a queue page, before reading anything', async () => {
    const deps = {
      signer,
      clock,
      leads: untouched,
      queued: untouched,
      config: untouched,
      loads: untouched,
      transitions: untouched,
      notifier: untouched,
      metrics: untouched,
    } as unknown as RepQueueDeps;
    for (const purpose of ['claim', 'accept'] as const) {
      const token = signer.sign({ purpose, leadId: 'pool_1', repId: 'a', expiresAt: exp, round: 1 });
      expect((await viewQueue(deps, token)).state).toBe('forged');
    }
  });
});

describe('taking the next lead', () => {
  const signer = new LinkSigner('n'.repeat(40));
  const clock = fixedClock(T0);
  const token = signer.sign({
    purpose: 'queue',
    poolId: 'pool_1',
    repId: 'a',
    expiresAt: Date.parse(T0) / 1000 + 3600,
  });

  /** A queue of leads L1..Ln and a store whose writes answer as scripted per lead (then 'applied'). */
  function aQueueOf(n: number, script: Record<string, TransitionResult[]>, rep = aRep('a')) {
    const ids = Array.from({ length: n }, (_, i) => `L${i + 1}`);
    const writes: LeadTransition[] = [];
    const lead = (id: string): Lead => ({
      id,
      sourceId: 'src_1',
      status: 'assigned',
      repId: 'a',
      poolId: 'pool_1',
      createdAt: T0,
      updatedAt: T0,
      fields: { email: `${id}@example.com` },
      custom: {},
      decisions: [],
    });
    const deps: RepQueueDeps = {
      signer,
      clock,
      metrics: { count: () => undefined },
      random: () => 0.5,
      sleep: async () => undefined,
      queued: {
        peek: async (_p, _o, limit) => ids.slice(0, limit).map((leadId) => ({ leadId, createdAt: T0 })),
        count: async () => ids.length,
        previews: async () => [],
      },
      leads: { get: async (id) => lead(id), list: async () => ({ leads: [] }) },
      config: { getRep: async () => rep, getPool: async () => blindPool(), get: async () => undefined },
      loads: { loadRepLoads: async () => new Map() },
      transitions: {
        apply: async (t) => {
          writes.push(t);
          return script[t.leadId]?.shift() ?? 'applied';
        },
      },
      notifier: new RecordingNotifier(),
    };
    return { deps, writes };
  }

  it('tries a lead again when its write only collided with another, rather than skip an older lead that may still wait', async () => {
    const { deps, writes } = aQueueOf(3, { L1: ['contended', 'contended'] });
    const view = await takeNext(deps, token);
    expect(view).toMatchObject({ state: 'done', lead: { id: 'L1' } });
    expect(view.missed).toBeUndefined();
    expect(writes.map((w) => w.leadId)).toEqual(['L1', 'L1', 'L1']);
  });

  it('moves on to the next lead when another rep took the first, and says how many it missed', async () => {
    const { deps, writes } = aQueueOf(3, { L1: ['lead_changed'], L2: ['lead_changed'] });
    const view = await takeNext(deps, token);
    expect(view).toMatchObject({ state: 'done', lead: { id: 'L3' }, missed: 2 });
    expect(writes.map((w) => w.leadId)).toEqual(['L1', 'L2', 'L3']);
  });

  it('writes one conditional take: still queued in this pool, to this rep, under the rep’s caps, recorded as the rep’s', async () => {
    const { deps, writes } = aQueueOf(1, {}, aRep('a', { maxOpen: 4, maxPerDay: 9 }));
    await takeNext(deps, token);
    expect(writes[0]).toMatchObject({
      leadId: 'L1',
      from: ['queued'],
      owner: null,
      inPool: 'pool_1',
      to: { status: 'assigned', repId: 'a', poolId: 'pool_1' },
      load: { repId: 'a', open: 1, dayCount: 1, maxOpen: 4, maxPerDay: 9 },
      decision: { outcome: 'assigned', actor: 'rep', method: 'pull_blind', repId: 'a' },
    });
  });

  it('gives up after a bounded number of writes and asks the rep to try again', async () => {
    const { deps, writes } = aQueueOf(1, { L1: Array.from({ length: 100 }, () => 'contended' as const) });
    expect((await takeNext(deps, token)).state).toBe('busy');
    expect(writes.length).toBeLessThanOrEqual(40);
  });

  it('says the queue is empty when every lead it saw was taken by others', async () => {
    const { deps } = aQueueOf(2, { L1: ['lead_changed'], L2: ['lead_changed'] });
    const queued = deps.queued;
    let peeks = 0;
    deps.queued = { ...queued, peek: async (p, o, l) => (peeks++ === 0 ? queued.peek(p, o, l) : []) };
    expect(await takeNext(deps, token)).toMatchObject({ state: 'empty', missed: 2 });
  });

  it('notifies the taker with an accept link and sets the SLA deadline, like any assignment', async () => {
    const { deps } = aQueueOf(1, {});
    const timers: LeadTimer[] = [];
    deps.config.getPool = async () => blindPool({ sla: { acceptWithinSeconds: 300 } });
    deps.links = (c) => `https://leads.example/l/${c.purpose}-${c.leadId}-${c.repId}`;
    deps.timers = { schedule: async (t) => void timers.push(t) };
    const view = await takeNext(deps, token);
    expect(view.lead?.acceptUrl).toBe('https://leads.example/l/accept-L1-a');
    expect((deps.notifier as RecordingNotifier).sent).toEqual([
      expect.objectContaining({ repId: 'a', kind: 'assigned', link: 'https://leads.example/l/accept-L1-a' }),
    ]);
    expect(timers).toEqual([
      {
        type: 'accept_deadline',
        leadId: 'L1',
        repId: 'a',
        reassignments: 0,
        dueAt: '2026-11-23T10:05:00.000Z',
        assignedAt: '2026-11-23T10:00:00.000Z',
      },
    ]);
  });
});
