import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAssignmentStore } from '../../functions/adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../../functions/adapters/dynamodb/dynamo-config-store';
import { DynamoLeadStore } from '../../functions/adapters/dynamodb/dynamo-lead-store';
import { systemClock } from '../../functions/core/shared/ports';
import { createSource } from '../../functions/core/sources/source-admin';
import { createPool } from '../../functions/core/team/pool-admin';
import { createRep, updateRep } from '../../functions/core/team/rep-admin';
import { anAssigner as anAssignerOn, consume, storeReceivedLeads } from '../support/assignment-harness';
import { TEST_ADMIN } from '../support/builders';
import { createTestDatabase, type TestDatabase } from '../support/dynamo';
import { RecordingNotifier } from '../support/memory-stores';

let db: TestDatabase;
let config: DynamoConfigStore;
let leads: DynamoLeadStore;

beforeAll(async () => {
  db = await createTestDatabase();
  config = new DynamoConfigStore(db.documents, db.tables);
  leads = new DynamoLeadStore(db.documents, db.tables.leads);
});

const admin = () => ({ config, clock: systemClock });

/** A pool of `size` active reps behind a source. */
async function aRoutedPool(size: number) {
  const reps = [];
  for (let i = 0; i < size; i++) reps.push(await createRep(admin(), { name: `Rep ${i}` }, TEST_ADMIN));
  const pool = await createPool(
    admin(),
    {
      name: 'Inbound',
      method: 'round_robin',
      members: reps.map((r) => ({ repId: r.id })),
    },
    TEST_ADMIN,
  );
  const source = await createSource(admin(), { name: 'Web form', kind: 'form', poolId: pool.id }, TEST_ADMIN);
  return { reps, pool, source };
}

// The bench races thousands of leads; here enough for 8 assigners to interleave on one rotation.
const RACED = 100;

const receivedLeads = (sourceId: string, count: number) => storeReceivedLeads(db, sourceId, count);
const anAssigner = (notifier?: RecordingNotifier) => anAssignerOn(db, notifier);

describe('assignment against DynamoDB Local', () => {
  it(`8 concurrent assigners, ${RACED} leads, 4 reps: every lead assigned exactly once, counts within 1`, async () => {
    const { reps, pool, source } = await aRoutedPool(4);
    const messages = await receivedLeads(source.id, RACED);
    const workers = Array.from({ length: 8 }, () => anAssigner());

    await Promise.all(
      workers.map((worker, w) =>
        consume(
          worker,
          messages.filter((_, i) => i % 8 === w),
        ),
      ),
    );

    const stored = await Promise.all(messages.map((m) => leads.get(m.leadId)));
    expect(stored.every((lead) => lead?.status === 'assigned')).toBe(true);
    expect(stored.every((lead) => lead?.decisions.length === 1)).toBe(true);
    const seqs = stored.map((lead) => lead!.decisions[0]!.seq);
    expect(new Set(seqs).size).toBe(RACED);
    expect(Math.max(...(seqs as number[]))).toBe(RACED);

    const counts = reps.map((rep) => stored.filter((lead) => lead!.repId === rep.id).length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(RACED);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);

    const snapshot = await new DynamoAssignmentStore(db.documents, db.tables).loadPool(pool.id);
    expect(snapshot!.rotation.seq).toBe(RACED);
  });

  it('a message delivered twice, even at once to two assigners, assigns once and moves the rotation once', async () => {
    const { pool, source } = await aRoutedPool(3);
    const [message] = await receivedLeads(source.id, 1);
    const notifier = new RecordingNotifier();
    const outcomes = await Promise.all([anAssigner(notifier).assign(message!), anAssigner(notifier).assign(message!)]);
    const later = await anAssigner(notifier).assign(message!);

    expect(outcomes.map((o) => o.status).sort()).toEqual(['assigned', 'duplicate']);
    expect(later.status).toBe('duplicate');
    expect((await leads.get(message!.leadId))!.decisions).toHaveLength(1);
    expect((await new DynamoAssignmentStore(db.documents, db.tables).loadPool(pool.id))!.rotation.seq).toBe(1);
    expect(notifier.sent).toHaveLength(1);
  });

  it('sees a rep paused through the admin API on the very next lead, despite its cached snapshot', async () => {
    const { reps, source } = await aRoutedPool(2);
    const [first, second, third] = await receivedLeads(source.id, 3);
    const assigner = anAssigner();
    expect(await assigner.assign(first!)).toMatchObject({ status: 'assigned', repId: reps[0]!.id });

    await updateRep(admin(), reps[1]!.id, { status: 'paused' }, TEST_ADMIN);

    expect(await assigner.assign(second!)).toMatchObject({ status: 'assigned', repId: reps[0]!.id });
    const decision = (await leads.get(second!.leadId))!.decisions[0]!;
    expect(decision.skipped).toEqual([{ repId: reps[1]!.id, reason: 'paused' }]);

    await updateRep(admin(), reps[0]!.id, { status: 'paused' }, TEST_ADMIN);
    expect(await assigner.assign(third!)).toMatchObject({ status: 'unassigned', reason: 'no_eligible_rep' });
    expect(await leads.get(third!.leadId)).toMatchObject({ status: 'unassigned', poolId: expect.any(String) });
  });

  it('refreshes a pool it knows by its rotation and loads alone, and reads it whole once an admin changed it', async () => {
    // Prepare: a snapshot, then the rotation moves under it
    const { reps, pool, source } = await aRoutedPool(2);
    const store = new DynamoAssignmentStore(db.documents, db.tables);
    const known = (await store.loadPool(pool.id))!;
    await consume(anAssigner(), await receivedLeads(source.id, 1));
    // Act
    const refreshed = (await store.loadPool(pool.id, known))!;
    await updateRep(admin(), reps[0]!.id, { name: 'Renamed' }, TEST_ADMIN);
    const changed = (await store.loadPool(pool.id, known))!;
    // Assess
    expect(refreshed.reps).toBe(known.reps);
    expect(refreshed.rotation.seq).toBe(1);
    expect(refreshed.loads.get(reps[0]!.id)).toMatchObject({ open: 1 });
    expect(changed.reps).not.toBe(known.reps);
    expect(changed.reps.get(reps[0]!.id)!.name).toBe('Renamed');
    expect(changed.configVersion).toBeGreaterThan(known.configVersion);
  });

  it('lists leads by rep, by pool and status, and newest first', async () => {
    const { reps, pool, source } = await aRoutedPool(2);
    const messages = await receivedLeads(source.id, 4);
    await consume(anAssigner(), messages);

    const all = await Promise.all(messages.map((m) => leads.get(m.leadId)));
    const ofRep0 = all.filter((l) => l!.repId === reps[0]!.id).sort((a, b) => b!.createdAt.localeCompare(a!.createdAt));
    const byRep = await leads.list({ repId: reps[0]!.id, limit: 10 });
    expect(byRep.leads.map((l) => l.id)).toEqual(ofRep0.map((l) => l!.id));
    expect(byRep.leads).toHaveLength(2);
    const byPool = await leads.list({ poolId: pool.id, status: 'assigned', limit: 3 });
    expect(byPool.leads).toHaveLength(3);
    expect(byPool.nextCursor).toBeDefined();
    const rest = await leads.list({ poolId: pool.id, status: 'assigned', limit: 3, cursor: byPool.nextCursor! });
    expect(rest.leads.map((l) => l.id)).toEqual([messages[0]!.leadId]); // the oldest
    const received = await leads.list({ poolId: pool.id, status: 'received', limit: 10 });
    expect(received.leads).toEqual([]);
  });
});

describe('the waiting-status index', () => {
  it('lists waiting leads by status through the index and dealt-with ones by walking the months', async () => {
    const { reps, source } = await aRoutedPool(1);
    const [assigned, held] = await receivedLeads(source.id, 2);
    await anAssigner().assign(assigned!);
    await updateRep(admin(), reps[0]!.id, { status: 'paused' }, TEST_ADMIN);
    await anAssigner().assign(held!);

    const unassigned = await leads.list({ status: 'unassigned', limit: 50 });
    expect(unassigned.leads.map((l) => l.id)).toContain(held!.leadId);
    expect(unassigned.leads.map((l) => l.id)).not.toContain(assigned!.leadId);
    const done = await leads.list({ status: 'assigned', limit: 200 });
    expect(done.leads.map((l) => l.id)).toContain(assigned!.leadId);
    expect(done.leads.every((l) => l.status === 'assigned')).toBe(true);
    // The assigned lead left the sparse index; the held one is in it.
    const item = (id: string) => db.documents.send(new GetCommand({ TableName: db.tables.leads, Key: { id } }));
    expect((await item(assigned!.leadId)).Item?.waiting).toBeUndefined();
    expect((await item(held!.leadId)).Item?.waiting).toBe('unassigned');
  });
});
