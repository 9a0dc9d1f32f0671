import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAssignmentStore } from '../../functions/adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../../functions/adapters/dynamodb/dynamo-config-store';
import { DynamoLeadStore } from '../../functions/adapters/dynamodb/dynamo-lead-store';
import { DynamoLeadTransitions } from '../../functions/adapters/dynamodb/dynamo-lead-transitions';
import { assignLeadManually, closeLead, type LeadAdminDeps, releaseLead } from '../../functions/core/admin/lead-admin';
import { ConflictError } from '../../functions/core/shared/errors';
import { systemClock } from '../../functions/core/shared/ports';
import { createSource } from '../../functions/core/sources/source-admin';
import { createPool } from '../../functions/core/team/pool-admin';
import { createRep } from '../../functions/core/team/rep-admin';
import { anAssigner, consume, storeReceivedLeads } from '../support/assignment-harness';
import { TEST_ADMIN } from '../support/builders';
import { createTestDatabase, type TestDatabase } from '../support/dynamo';
import { RecordingNotifier } from '../support/memory-stores';

let db: TestDatabase;
let deps: LeadAdminDeps & { config: DynamoConfigStore };
let store: DynamoAssignmentStore;

beforeAll(async () => {
  db = await createTestDatabase();
  const config = new DynamoConfigStore(db.documents, db.tables);
  store = new DynamoAssignmentStore(db.documents, db.tables);
  deps = {
    config,
    clock: systemClock,
    leads: new DynamoLeadStore(db.documents, db.tables.leads),
    transitions: new DynamoLeadTransitions(db.documents, db.tables),
    loads: store,
    notifier: new RecordingNotifier(),
    queue: { enqueue: async () => undefined },
    requeueHeld: async () => 0,
  };
});

async function aManualLead(reps: number, repFields: Record<string, unknown> = {}) {
  const created = [];
  for (let i = 0; i < reps; i++) created.push(await createRep(deps, { name: `Rep ${i}`, ...repFields }, TEST_ADMIN));
  const pool = await createPool(
    deps,
    {
      name: 'Desk',
      method: 'manual',
      members: created.map((r) => ({ repId: r.id })),
    },
    TEST_ADMIN,
  );
  const source = await createSource(deps, { name: 'S', kind: 'form', poolId: pool.id }, TEST_ADMIN);
  const [message] = await storeReceivedLeads(db, source.id, 1);
  await consume(anAssigner(db), [message!]);
  return { reps: created, leadId: message!.leadId };
}

describe('manual assignment against DynamoDB Local', () => {
  it('lets exactly one of two admins who read the same lead assign it', async () => {
    const { reps, leadId } = await aManualLead(2);
    const unassigned = await deps.leads.get(leadId);
    // Both admins read the lead before either writes.
    const racing = { ...deps, leads: { ...deps.leads, get: async () => structuredClone(unassigned) } };
    const results = await Promise.allSettled(
      reps.map((rep) => assignLeadManually(racing, leadId, { repId: rep.id }, TEST_ADMIN)),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(ConflictError);
    expect(loser.reason.code).toBe('lead_changed');
    const lead = (await deps.leads.get(leadId))!;
    const loads = await store.loadRepLoads(reps.map((r) => r.id));
    expect(reps.map((r) => loads.get(r.id)?.open ?? 0).sort()).toEqual([0, 1]);
    expect(loads.get(lead.repId!)?.open).toBe(1);
  });

  it('moves the open counts with reassignment, release and close', async () => {
    const {
      reps: [ana, ben],
      leadId,
    } = await aManualLead(2);
    const open = async () => {
      const loads = await store.loadRepLoads([ana!.id, ben!.id]);
      return [loads.get(ana!.id)?.open ?? 0, loads.get(ben!.id)?.open ?? 0];
    };
    await assignLeadManually(deps, leadId, { repId: ana!.id }, TEST_ADMIN);
    expect(await open()).toEqual([1, 0]);
    await assignLeadManually(deps, leadId, { repId: ben!.id }, TEST_ADMIN);
    expect(await open()).toEqual([0, 1]);
    await releaseLead(deps, leadId, TEST_ADMIN);
    expect(await open()).toEqual([0, 0]);
    await assignLeadManually(deps, leadId, { repId: ana!.id }, TEST_ADMIN);
    await closeLead(deps, leadId, {}, TEST_ADMIN);
    expect(await open()).toEqual([0, 0]);
    expect((await store.loadRepLoads([ana!.id])).get(ana!.id)?.dayCount).toBe(2);
  });

  it('enforces a cap in the write itself, even when the read said there was room', async () => {
    const {
      reps: [capped],
      leadId,
    } = await aManualLead(1, { maxOpen: 1 });
    const { leadId: other } = await aManualLead(0);
    await assignLeadManually(deps, other, { repId: capped!.id, force: true }, TEST_ADMIN);
    // A stale read of the counters: it says the rep has no open lead.
    const stale = { ...deps, loads: { loadRepLoads: async () => new Map() } };
    await expect(assignLeadManually(stale, leadId, { repId: capped!.id }, TEST_ADMIN)).rejects.toMatchObject({
      code: 'rep_at_capacity',
    });
    expect((await deps.leads.get(leadId))!.status).toBe('unassigned');
  });
});
