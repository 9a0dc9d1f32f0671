import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoLeadEnrichmentStore } from '../../functions/adapters/dynamodb/dynamo-lead-enrichment-store';
import { DynamoLeadIntake } from '../../functions/adapters/dynamodb/dynamo-lead-intake';
import { DynamoLeadStore } from '../../functions/adapters/dynamodb/dynamo-lead-store';
import type { Lead } from '../../functions/core/leads/lead';
import { newUlid } from '../../functions/core/shared/ids';
import type { IdempotencyClaim } from '../../functions/core/sources/ports';
import { createTestDatabase, type TestDatabase } from '../support/dynamo';

let db: TestDatabase;
let intake: DynamoLeadIntake;
let leads: DynamoLeadStore;

beforeAll(async () => {
  db = await createTestDatabase();
  intake = new DynamoLeadIntake(db.documents, db.tables);
  leads = new DynamoLeadStore(db.documents, db.tables.leads);
});

function aLead(sourceId = 'src_1', at = new Date()): Lead {
  const iso = at.toISOString();
  return {
    id: newUlid(at.getTime()),
    sourceId,
    status: 'received',
    createdAt: iso,
    updatedAt: iso,
    fields: { email: 'a@example.com' },
    custom: {},
    decisions: [],
  };
}

const inADay = () => Math.floor(Date.now() / 1000) + 86_400;

describe('DynamoLeadIntake on DynamoDB Local', () => {
  it('stores a lead once per claim: a repeat stores nothing and names the first lead', async () => {
    const claim: IdempotencyClaim = { kind: 'idempotencyKey', value: 'k-1', expiresAt: inADay() };
    const first = aLead();
    const repeat = aLead();
    expect(await intake.store(first, [claim])).toEqual({ stored: true });
    expect(await intake.store(repeat, [claim])).toEqual({ stored: false, claim, leadId: first.id });
    expect(await leads.get(repeat.id)).toBeUndefined();
    expect(await leads.get(first.id)).toMatchObject({ id: first.id, status: 'received' });
  });

  it('stores exactly one of eight identical deliveries arriving at once', async () => {
    const claim: IdempotencyClaim = { kind: 'externalId', value: 'G-race', expiresAt: inADay() };
    const candidates = Array.from({ length: 8 }, () => aLead('src_race'));
    const results = await Promise.all(candidates.map((lead) => intake.store(lead, [claim])));
    const stored = candidates.filter((_, i) => results[i]!.stored);
    expect(stored).toHaveLength(1);
    for (const result of results) if (!result.stored) expect(result.leadId).toBe(stored[0]!.id);
    const found = await Promise.all(candidates.map((lead) => leads.get(lead.id)));
    expect(found.filter(Boolean)).toHaveLength(1);
  });

  it('scopes claims to their source', async () => {
    const claim: IdempotencyClaim = { kind: 'externalId', value: 'same-id', expiresAt: inADay() };
    expect(await intake.store(aLead('src_a'), [claim])).toEqual({ stored: true });
    expect(await intake.store(aLead('src_b'), [claim])).toEqual({ stored: true });
  });

  it('lets an expired claim that TTL has not yet deleted be taken again', async () => {
    await db.documents.send(
      new PutCommand({
        TableName: db.tables.idempotency,
        Item: { pk: 'src_1#idempotencyKey#old', leadId: 'L-old', expiresAt: Math.floor(Date.now() / 1000) - 1 },
      }),
    );
    const lead = aLead();
    expect(await intake.store(lead, [{ kind: 'idempotencyKey', value: 'old', expiresAt: inADay() }])).toEqual({
      stored: true,
    });
    const { Item } = await db.documents.send(
      new GetCommand({ TableName: db.tables.idempotency, Key: { pk: 'src_1#idempotencyKey#old' } }),
    );
    expect(Item?.leadId).toBe(lead.id);
  });

  it('reports the first held claim when several are held (a replayed signature before its idempotency key)', async () => {
    const signature: IdempotencyClaim = { kind: 'signature', value: 'f'.repeat(64), expiresAt: inADay() };
    const key: IdempotencyClaim = { kind: 'idempotencyKey', value: 'k-sig', expiresAt: inADay() };
    await intake.store(aLead(), [signature, key]);
    expect(await intake.store(aLead(), [signature, key])).toMatchObject({ stored: false, claim: signature });
  });

  it('runs on a table whose TTL attribute is enabled', async () => {
    const { TimeToLiveDescription } = await db.client.send(
      new DescribeTimeToLiveCommand({ TableName: db.tables.idempotency }),
    );
    expect(TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
  });
});

describe('DynamoLeadEnrichmentStore on DynamoDB Local', () => {
  it('fills in a waiting lead, and refuses one that has moved on or does not exist', async () => {
    const store = new DynamoLeadEnrichmentStore(db.documents, db.tables.leads);
    const lead = { ...aLead(), enrichment: 'pending' as const, fields: {} };
    await intake.store(lead, []);
    const update = {
      fields: { name: 'Joe', email: 'joe@example.com' },
      custom: { leadgen_id: '1' },
      at: new Date().toISOString(),
    };
    expect(await store.completeEnrichment(lead.id, update)).toBe('updated');
    expect(await leads.get(lead.id)).toMatchObject({
      status: 'received',
      enrichment: 'done',
      fields: update.fields,
      custom: update.custom,
    });
    // Its email now finds it for sticky owner, as for any other lead.
    const { Items } = await db.documents.send(
      new QueryCommand({
        TableName: db.tables.leads,
        IndexName: 'byEmail',
        KeyConditionExpression: 'emailKey = :e',
        ExpressionAttributeValues: { ':e': 'joe@example.com' },
      }),
    );
    expect(Items?.map((i) => i.id)).toEqual([lead.id]);

    expect(await store.completeEnrichment('01NOPE', update)).toBe('not_waiting');
    const assigned = { ...aLead(), status: 'assigned' as const };
    await intake.store(assigned, []);
    expect(await store.completeEnrichment(assigned.id, update)).toBe('not_waiting');
  });
});
