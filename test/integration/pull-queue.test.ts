import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAssignmentStore } from '../../functions/adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../../functions/adapters/dynamodb/dynamo-config-store';
import { DynamoLeadStore } from '../../functions/adapters/dynamodb/dynamo-lead-store';
import { DynamoLeadTransitions } from '../../functions/adapters/dynamodb/dynamo-lead-transitions';
import { DynamoQueuedLeads } from '../../functions/adapters/dynamodb/dynamo-queued-leads';
import { DynamoReminderLedger } from '../../functions/adapters/dynamodb/dynamo-reminder-ledger';
import { assignLeadManually, releaseLead } from '../../functions/core/admin/lead-admin';
import type { LeadFields } from '../../functions/core/leads/lead';
import { LinkSigner } from '../../functions/core/links/link-tokens';
import { type RepQueueDeps, viewQueue } from '../../functions/core/pull-queues/queue-view';
import { releaseToQueue } from '../../functions/core/pull-queues/release-to-queue';
import { takeLead, takeNext } from '../../functions/core/pull-queues/take-from-queue';
import { noMetrics, systemClock } from '../../functions/core/shared/ports';
import { createSource } from '../../functions/core/sources/source-admin';
import { createPool, updatePool } from '../../functions/core/team/pool-admin';
import type { PoolCreate } from '../../functions/core/team/pool-schemas';
import { createRep, updateRep } from '../../functions/core/team/rep-admin';
import { anAssigner, consume, storeReceivedLeads } from '../support/assignment-harness';
import { TEST_ADMIN } from '../support/builders';
import { createTestDatabase, type TestDatabase } from '../support/dynamo';
import { RecordingNotifier } from '../support/memory-stores';

let db: TestDatabase;
let config: DynamoConfigStore;
let leads: DynamoLeadStore;
let store: DynamoAssignmentStore;
const signer = new LinkSigner('integration-test-queue-key-long-enough');

beforeAll(async () => {
  db = await createTestDatabase();
  config = new DynamoConfigStore(db.documents, db.tables);
  leads = new DynamoLeadStore(db.documents, db.tables.leads);
  store = new DynamoAssignmentStore(db.documents, db.tables);
});

function queueDeps(documents: DynamoDBDocumentClient = db.documents): RepQueueDeps & { notifier: RecordingNotifier } {
  return {
    signer,
    config,
    clock: systemClock,
    metrics: noMetrics,
    random: Math.random,
    leads: new DynamoLeadStore(documents, db.tables.leads),
    queued: new DynamoQueuedLeads(documents, db.tables.leads),
    loads: new DynamoAssignmentStore(documents, db.tables),
    store,
    transitions: new DynamoLeadTransitions(documents, db.tables),
    notifier: new RecordingNotifier(),
  };
}

/** `size` reps, a pull pool of them, `count` leads routed into its queue in arrival order, and each rep's queue token. */
async function aQueue(
  size: number,
  pool: Omit<PoolCreate, 'name' | 'members'>,
  count: number,
  options: { rep?: Record<string, unknown>; fields?: (i: number) => Partial<LeadFields> } = {},
) {
  const admin = { config, clock: systemClock };
  const reps = [];
  for (let i = 0; i < size; i++) reps.push(await createRep(admin, { name: `Rep ${i}`, ...options.rep }, TEST_ADMIN));
  const created = await createPool(
    admin,
    { name: 'Hopper', members: reps.map((r) => ({ repId: r.id })), ...pool },
    TEST_ADMIN,
  );
  const source = await createSource(admin, { name: 'Web', kind: 'form', poolId: created.id }, TEST_ADMIN);
  const messages = await storeReceivedLeads(db, source.id, count, options.fields);
  const outcomes = await consume(anAssigner(db), messages);
  expect(outcomes.every((o) => o.status === 'queued')).toBe(true);
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  const tokens = new Map(
    reps.map((r) => [r.id, signer.sign({ purpose: 'queue', poolId: created.id, repId: r.id, expiresAt })]),
  );
  const arrival = new Map(messages.map((m, i) => [m.leadId, i]));
  return { reps, pool: created, tokens, messages, arrival, ids: messages.map((m) => m.leadId), deps: queueDeps() };
}

async function rawLead(id: string) {
  return (await db.documents.send(new GetCommand({ TableName: db.tables.leads, Key: { id }, ConsistentRead: true })))
    .Item!;
}

async function openCounts(repIds: string[]) {
  const loads = await store.loadRepLoads(repIds);
  return repIds.map((id) => loads.get(id)?.open ?? 0);
}

// Enough leads for 10 reps to collide several times each; the bench presses far more.
const QUEUED = 30;

describe('pull queues against DynamoDB Local', () => {
  it(`10 reps press "next" at once on a queue of ${QUEUED}: ${QUEUED} distinct leads taken, none twice, each the oldest still waiting`, {
    timeout: 120_000,
  }, async () => {
    const { reps, tokens, arrival, deps } = await aQueue(10, { method: 'pull_blind' }, QUEUED);
    // Logical time: every call's start and end, in the order this process saw them.
    let tick = 0;
    const takes: { repId: string; leadId: string; start: number; end: number }[] = [];
    const busy: string[] = [];
    await Promise.all(
      reps.map(async (rep) => {
        for (;;) {
          const start = ++tick;
          const view = await takeNext(deps, tokens.get(rep.id)!);
          const end = ++tick;
          if (view.state === 'empty') return;
          if (view.state === 'busy') {
            busy.push(rep.id);
            continue;
          }
          expect(view.state).toBe('done');
          takes.push({ repId: rep.id, leadId: view.lead!.id, start, end });
        }
      }),
    );

    expect(takes).toHaveLength(QUEUED);
    expect(new Set(takes.map((t) => t.leadId)).size).toBe(QUEUED);
    // "FIFO respected per take", precisely: the takes can be put in one order, consistent with
    // real time, in which every take gets the oldest lead still waiting. With no lead arriving
    // meanwhile and every lead taken, that holds exactly when no take got a lead younger than
    // one that a take starting after it had ended still found waiting: if p ended before q
    // started, p's lead is older than q's.
    const violations = takes.flatMap((p) =>
      takes
        .filter((q) => p.end < q.start && arrival.get(q.leadId)! < arrival.get(p.leadId)!)
        .map((q) => `${p.leadId} before ${q.leadId}`),
    );
    expect(violations).toEqual([]);
    for (const rep of reps) {
      const mine = takes.filter((t) => t.repId === rep.id).map((t) => arrival.get(t.leadId)!);
      expect(mine).toEqual([...mine].sort((a, b) => a - b));
    }

    // In the table: each lead assigned once, to the rep who took it; counters match.
    const stored = await Promise.all(takes.map((t) => leads.get(t.leadId)));
    stored.forEach((lead, i) => {
      expect(lead).toMatchObject({ status: 'assigned', repId: takes[i]!.repId });
      expect(lead!.decisions.map((d) => [d.outcome, d.actor])).toEqual([
        ['queued', undefined],
        ['assigned', 'rep'],
      ]);
    });
    expect(await openCounts(reps.map((r) => r.id))).toEqual(
      reps.map((r) => takes.filter((t) => t.repId === r.id).length),
    );
    expect(busy.length).toBeLessThan(QUEUED);
  });

  it.each([
    ['fifo', [0, 1, 2, 3, 4, 5]],
    ['lifo', [5, 4, 3, 2, 1, 0]],
    ['score', [2, 0, 3, 4, 1, 5]],
  ] as const)('serves a %s queue in its order through the indexes', async (order, expected) => {
    const scores = [5, undefined, 9, 5, -1, undefined];
    const { reps, tokens, ids, deps } = await aQueue(1, { method: 'pull_blind', queue: { order } }, 6, {
      fields: (i) => (scores[i] === undefined ? {} : { score: scores[i]! }),
    });
    const taken = [];
    for (let i = 0; i < 6; i++) taken.push((await takeNext(deps, tokens.get(reps[0]!.id)!)).lead!.id);
    expect(taken).toEqual(expected.map((i) => ids[i]));
    expect((await takeNext(deps, tokens.get(reps[0]!.id)!)).state).toBe('empty');
  });

  it('serves leads queued before the pool switched to score order in score order too', async () => {
    const { reps, pool, tokens, ids, deps } = await aQueue(1, { method: 'pull_blind' }, 3, {
      fields: (i) => ({ score: i }),
    });
    await updatePool({ config, clock: systemClock }, pool.id, { queue: { order: 'score' } }, TEST_ADMIN);
    const first = await takeNext(deps, tokens.get(reps[0]!.id)!);
    expect(first.lead!.id).toBe(ids[2]);
  });

  it('lets only one of two reps take the same lead; the other is told and offered the next', async () => {
    const { reps, tokens, ids, deps } = await aQueue(2, { method: 'pull_preview' }, 3);
    const [a, b] = await Promise.all(reps.map((rep) => takeLead(deps, tokens.get(rep.id)!, ids[0]!)));
    const views = [a!, b!];
    expect(views.map((v) => v.state).sort()).toEqual(['done', 'taken']);
    const winner = reps[views.findIndex((v) => v.state === 'done')]!;
    const loser = views.find((v) => v.state === 'taken')!;
    expect(loser.next).toMatchObject({ id: ids[1] });
    expect(JSON.stringify(loser)).not.toContain('@example.com');
    expect(await leads.get(ids[0]!)).toMatchObject({ status: 'assigned', repId: winner.id });
    expect((await openCounts(reps.map((r) => r.id))).sort()).toEqual([0, 1]);
  });

  it('holds a rep’s caps on takes, even pressed many times at once', async () => {
    const { reps, tokens, ids, deps } = await aQueue(1, { method: 'pull_blind' }, 8, { rep: { maxOpen: 3 } });
    const token = tokens.get(reps[0]!.id)!;
    const views = await Promise.all(Array.from({ length: 8 }, () => takeNext(deps, token)));
    expect(views.filter((v) => v.state === 'done')).toHaveLength(3);
    expect(views.filter((v) => v.state === 'at_capacity').every((v) => v.reason === 'at_max_open')).toBe(true);
    expect(views.filter((v) => v.state !== 'done' && v.state !== 'at_capacity')).toEqual([]);
    expect(await openCounts([reps[0]!.id])).toEqual([3]);
    const stored = await Promise.all(ids.map((id) => leads.get(id)));
    expect(stored.filter((l) => l!.status === 'queued')).toHaveLength(5);
  });

  it('gives a rep who is paused or no longer a member a refusal, and takes nothing', async () => {
    const { reps, pool, tokens, ids, deps } = await aQueue(2, { method: 'pull_blind' }, 2);
    const admin = { config, clock: systemClock };
    await updateRep(admin, reps[0]!.id, { status: 'paused' }, TEST_ADMIN);
    expect(await takeNext(deps, tokens.get(reps[0]!.id)!)).toMatchObject({ state: 'unavailable', reason: 'paused' });
    await updatePool(admin, pool.id, { members: [{ repId: reps[0]!.id }] }, TEST_ADMIN);
    expect((await takeNext(deps, tokens.get(reps[1]!.id)!)).state).toBe('not_member');
    expect((await viewQueue(deps, tokens.get(reps[1]!.id)!)).state).toBe('not_member');
    expect((await Promise.all(ids.map((id) => leads.get(id)))).map((l) => l!.status)).toEqual(['queued', 'queued']);
  });

  it('puts a released lead back at its place in the queue, frees the owner and records it', async () => {
    const {
      reps: [ana, ben],
      tokens,
      ids,
      deps,
    } = await aQueue(2, { method: 'pull_blind' }, 3);
    const taken = await takeNext(deps, tokens.get(ana!.id)!);
    expect(taken.lead!.id).toBe(ids[0]);
    expect((await rawLead(ids[0]!)).queuePoolId).toBeUndefined(); // out of the score index while owned
    expect(await openCounts([ana!.id])).toEqual([1]);

    expect((await releaseToQueue(deps, tokens.get(ben!.id)!, ids[0]!)).state).toBe('not_yours');
    const released = await releaseToQueue(deps, tokens.get(ana!.id)!, ids[0]!);
    expect(released).toMatchObject({ state: 'released', waiting: { count: 3, more: false } });
    expect(await openCounts([ana!.id])).toEqual([0]);
    const lead = (await leads.get(ids[0]!))!;
    expect(lead.status).toBe('queued');
    expect(lead.repId).toBeUndefined();
    expect(lead.decisions.at(-1)).toMatchObject({
      outcome: 'released',
      actor: 'rep',
      previousRepId: ana!.id,
      reason: 'back_to_queue',
    });
    expect((await rawLead(ids[0]!)).queuePoolId).toBe(lead.poolId);

    expect((await takeNext(deps, tokens.get(ben!.id)!)).lead!.id).toBe(ids[0]);
    expect((await releaseToQueue(deps, tokens.get(ana!.id)!, ids[0]!)).state).toBe('not_yours');
  });

  it('lets an admin release a pull pool’s lead back to its queue (not to unassigned), and assign a queued lead', async () => {
    const {
      reps: [ana, ben],
      tokens,
      ids,
      deps,
    } = await aQueue(2, { method: 'pull_preview' }, 2);
    await takeLead(deps, tokens.get(ana!.id)!, ids[1]!);
    const admin = {
      config,
      clock: systemClock,
      leads,
      loads: store,
      transitions: new DynamoLeadTransitions(db.documents, db.tables),
      notifier: new RecordingNotifier(),
      requeueHeld: async () => 0,
      queue: {
        enqueue: async () => {
          throw new Error('a pull pool’s lead is not routed again');
        },
        enqueueNotice: async () => undefined,
        enqueueChannelSync: async () => undefined,
      },
    };
    const released = await releaseLead(admin, ids[1]!, TEST_ADMIN);
    expect(released).toMatchObject({ status: 'queued', poolId: expect.any(String) });
    expect(released.decisions.at(-1)).toMatchObject({ outcome: 'released', actor: 'admin', previousRepId: ana!.id });
    expect(await openCounts([ana!.id])).toEqual([0]);

    const assigned = await assignLeadManually(admin, ids[0]!, { repId: ben!.id }, TEST_ADMIN);
    expect(assigned).toMatchObject({ status: 'assigned', repId: ben!.id });
    expect((await rawLead(ids[0]!)).queueRank).toBeUndefined();
    expect((await viewQueue(deps, tokens.get(ana!.id)!)).leads!.map((c) => c.id)).toEqual([ids[1]]);
  });

  it('reads only the preview fields of waiting leads: contact details never leave the table', async () => {
    const { pool, ids } = await aQueue(1, { method: 'pull_preview' }, 3, {
      fields: (i) => ({
        firstName: `Ada${i}`,
        lastName: `Lovelace${i}`,
        phone: `+4420794600${i}`,
        message: `secret ${i}`,
        city: 'London',
        product: 'Engines',
        score: i,
      }),
    });
    const responses: unknown[] = [];
    const spying = new Proxy(db.documents, {
      get(target, key, receiver) {
        if (key !== 'send') return Reflect.get(target, key, receiver);
        return async (command: unknown) => {
          const output = await target.send(command as BatchGetCommand);
          if (command instanceof BatchGetCommand) responses.push(output);
          return output;
        };
      },
    });
    const previews = await new DynamoQueuedLeads(spying, db.tables.leads).previews(pool.id, ids);
    expect(previews.map((p) => p.fields)).toEqual(
      [0, 1, 2].map((i) => ({ firstName: `Ada${i}`, city: 'London', product: 'Engines', score: i })),
    );
    const raw = JSON.stringify(responses);
    expect(raw).toContain('Ada0');
    for (const secret of ['@example.com', 'Lovelace', '+4420794600', 'secret']) expect(raw).not.toContain(secret);
  });

  it('counts a long queue only up to the limit it is given', async () => {
    const { pool } = await aQueue(1, { method: 'pull_blind' }, 12);
    const queued = new DynamoQueuedLeads(db.documents, db.tables.leads);
    expect(await queued.count(pool.id, 100)).toBe(12);
    expect(await queued.count(pool.id, 5)).toBe(5);
  });
});

describe('the reminder ledger against DynamoDB Local', () => {
  it('records one reminder when many functions try at once, and another once the window has passed', async () => {
    const ledgers = Array.from({ length: 6 }, () => new DynamoReminderLedger(db.documents, db.tables.state));
    const at = Date.now();
    const results = await Promise.all(ledgers.map((l) => l.record('rep_x', 'pool_y', at, 60_000)));
    expect(results.filter((r) => r.recorded)).toHaveLength(1);
    expect(results.filter((r) => !r.recorded)).toEqual(
      Array.from({ length: 5 }, () => ({ recorded: false, lastAtMs: at })),
    );
    expect(await ledgers[0]!.record('rep_x', 'pool_y', at + 59_000, 60_000)).toEqual({ recorded: false, lastAtMs: at });
    expect(await ledgers[0]!.record('rep_x', 'pool_y', at + 60_000, 60_000)).toEqual({ recorded: true });
    expect(await ledgers[0]!.record('rep_x', 'pool_z', at, 60_000)).toEqual({ recorded: true }); // per pool
  });
});
