import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoLeadRecovery } from '../../functions/adapters/dynamodb/dynamo-lead-recovery';
import { DynamoLeadStore } from '../../functions/adapters/dynamodb/dynamo-lead-store';
import {
  recordDeliveryFailure,
  redriveFailedLeads,
  type StrandedPolicy,
  sweepStrandedLeads,
} from '../../functions/core/assignment/stranded-leads';
import type { Lead, LeadMessage } from '../../functions/core/leads/lead';
import { createTestDatabase, type TestDatabase } from '../support/dynamo';

let db: TestDatabase;
let leads: DynamoLeadStore;
let recovery: DynamoLeadRecovery;

beforeAll(async () => {
  db = await createTestDatabase();
  leads = new DynamoLeadStore(db.documents, db.tables.leads);
  recovery = new DynamoLeadRecovery(db.documents, db.tables.leads);
});

let sequence = 0;
async function aReceivedLead(createdAt: string): Promise<Lead> {
  const lead: Lead = {
    id: `lead_${String(sequence++).padStart(4, '0')}`,
    sourceId: 'src',
    status: 'received',
    createdAt,
    updatedAt: createdAt,
    fields: { email: 'r@x.io' },
    custom: { constructor: 'kept' },
    decisions: [],
  };
  await leads.create(lead);
  return lead;
}

const policy: StrandedPolicy = {
  strandedAfterMs: 60_000,
  routeMessageLifetimeMs: 60_000,
  enrichmentJobLifetimeMs: 60_000,
  maxRequeues: 2,
  maxScanned: 10_000,
  maxActedOn: 1_000,
};

describe('failed and stranded leads in DynamoDB', () => {
  it('list a failed lead under status=failed with its error, and put it back as it was on redrive', async () => {
    const lead = await aReceivedLead('2026-11-23T09:00:00.000Z');
    const now = new Date('2026-11-23T10:00:00Z');
    expect(await recordDeliveryFailure(recovery, lead, new Error('poison'), 5, now)).toBe(true);
    expect(await recordDeliveryFailure(recovery, lead, new Error('again'), 5, now)).toBe(false);

    const failed = await leads.list({ status: 'failed', limit: 50 });
    expect(failed.leads.map((l) => l.id)).toContain(lead.id);
    expect(await leads.get(lead.id)).toMatchObject({
      status: 'failed',
      failure: { reason: 'deliveries_exhausted', error: 'Error: poison', from: 'received', attempts: 5 },
      decisions: [{ outcome: 'failed' }],
      custom: { constructor: 'kept' },
    });
    expect((await leads.list({ status: 'received', limit: 200 })).leads.map((l) => l.id)).not.toContain(lead.id);

    const routed: LeadMessage[] = [];
    const progress = await redriveFailedLeads({
      leads,
      recovery,
      queue: { enqueue: async (m) => void routed.push(m) },
      enrichment: { enqueue: async () => undefined },
      clock: { now: () => now },
    });
    expect(progress.redriven).toBeGreaterThanOrEqual(1);
    expect(routed.map((m) => m.leadId)).toContain(lead.id);
    const reopened = await leads.get(lead.id);
    expect(reopened).toMatchObject({ status: 'received', decisions: [{ outcome: 'failed' }, { outcome: 'redriven' }] });
    expect(reopened?.failure).toBeUndefined();
    expect((await leads.list({ status: 'received', limit: 200 })).leads.map((l) => l.id)).toContain(lead.id);
  });

  it('sweep only leads received before the threshold, count the requeues, then fail the lead', async () => {
    const old = await aReceivedLead('2026-11-24T09:00:00.000Z');
    const fresh = await aReceivedLead('2026-11-24T09:59:30.000Z');
    const routed: LeadMessage[] = [];
    const deps = {
      leads,
      recovery,
      queue: { enqueue: async (m: LeadMessage) => void routed.push(m) },
      enrichment: { enqueue: async () => undefined },
    };
    const sweep = (iso: string) => sweepStrandedLeads(deps, policy, new Date(iso));
    await sweep('2026-11-24T10:00:00Z');
    expect(routed.map((m) => m.leadId)).toContain(old.id);
    expect(routed.map((m) => m.leadId)).not.toContain(fresh.id);
    expect(await leads.get(old.id)).toMatchObject({ requeues: 1, requeuedAt: '2026-11-24T10:00:00.000Z' });

    await sweep('2026-11-24T10:00:30Z'); // its message may still be in flight
    expect(routed.filter((m) => m.leadId === old.id)).toHaveLength(1);
    await sweep('2026-11-24T10:01:00Z');
    await sweep('2026-11-24T10:02:00Z');
    expect(routed.filter((m) => m.leadId === old.id)).toHaveLength(2);
    expect(await leads.get(old.id)).toMatchObject({
      status: 'failed',
      failure: { reason: 'never_routed', attempts: 2 },
    });
  });
});
