import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { redriveLocal } from '../../bin/admin-redrive';
import { DynamoLeadRecovery } from '../../functions/adapters/dynamodb/dynamo-lead-recovery';
import { recordDeliveryFailure } from '../../functions/core/assignment/stranded-leads';
import type { Lead } from '../../functions/core/leads/lead';
import { LOCAL_AWS } from '../../functions/local/dynamodb-local';
import type { LocalStack } from '../../functions/local/local-stack';
import { fixedClock } from '../support/builders';
import { apiClient, eventually, startTestStack } from '../support/local-api';

let stack: LocalStack;
const clock = fixedClock(new Date().toISOString());

beforeAll(async () => {
  stack = await startTestStack({ sweepEveryMs: 100, strandedAfterMs: 60_000, clock });
});

afterAll(() => stack?.stop());

it('routes a held lead by itself once its rep’s away time is over (the periodic sweep)', async () => {
  const api = apiClient(stack);
  const rep = (
    await api.post('/admin/reps', {
      name: 'Back soon',
      awayUntil: new Date(clock.now().getTime() + 3_600_000).toISOString(),
    })
  ).body;
  const manual = (await api.post('/admin/pools', { name: 'Manual', method: 'manual', members: [{ repId: rep.id }] }))
    .body;
  const auto = (await api.post('/admin/pools', { name: 'Auto', method: 'round_robin', members: [{ repId: rep.id }] }))
    .body;
  const autoSource = (await api.post('/admin/sources', { name: 'A', kind: 'form', poolId: auto.id })).body;
  const manualSource = (await api.post('/admin/sources', { name: 'M', kind: 'form', poolId: manual.id })).body;

  const held = (await api.call('POST', `/hooks/${autoSource.key}`, { body: { email: 'soon@example.com' }, key: null }))
    .body.leadId;
  const waiting = (
    await api.call('POST', `/hooks/${manualSource.key}`, { body: { email: 'desk@example.com' }, key: null })
  ).body.leadId;
  await stack.settled();
  expect((await api.get(`/admin/leads/${held}`)).body).toMatchObject({
    status: 'unassigned',
    decisions: [{ skipped: [{ reason: 'away' }] }],
  });

  clock.advance(2 * 3_600_000); // nobody calls the API: the rep's away time just ends

  const routed = await eventually(async () => {
    const lead = (await api.get(`/admin/leads/${held}`)).body;
    return lead.status === 'assigned' && lead;
  }, 5_000);
  expect(routed.repId).toBe(rep.id);
  // A manual pool's lead keeps waiting for an admin: the sweep leaves it alone.
  expect((await api.get(`/admin/leads/${waiting}`)).body).toMatchObject({
    status: 'unassigned',
    decisions: [{ reason: 'manual' }],
  });
});

/** A lead stored as ingest stores it, whose queue message never came (a crash, a dead DynamoDB Local). */
async function aStoredLead(sourceId: string, email: string): Promise<Lead> {
  const createdAt = clock.now().toISOString();
  const lead: Lead = {
    id: `01STRANDED${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    sourceId,
    status: 'received',
    createdAt,
    updatedAt: createdAt,
    fields: { email },
    custom: {},
    decisions: [],
  };
  await stack.leads.create(lead);
  return lead;
}

async function aRoundRobinSource() {
  const api = apiClient(stack);
  const rep = (await api.post('/admin/reps', { name: 'Always in' })).body;
  const pool = (await api.post('/admin/pools', { name: 'RR', method: 'round_robin', members: [{ repId: rep.id }] }))
    .body;
  return { api, rep, source: (await api.post('/admin/sources', { name: 'S', kind: 'form', poolId: pool.id })).body };
}

it('routes a lead left received (its message lost) once it is older than the threshold', async () => {
  const { api, rep, source } = await aRoundRobinSource();
  const lead = await aStoredLead(source.id, 'lost@example.com');
  await new Promise((r) => setTimeout(r, 300));
  expect((await api.get(`/admin/leads/${lead.id}`)).body.status).toBe('received');
  clock.advance(61_000);
  const routed = await eventually(async () => {
    const found = (await api.get(`/admin/leads/${lead.id}`)).body;
    return found.status === 'assigned' && found;
  });
  expect(routed).toMatchObject({ repId: rep.id, requeues: 1 });
});

it('shows a failed lead to admins with its error, and routes it when redriven with npm run admin -- redrive --local', async () => {
  const { api, rep, source } = await aRoundRobinSource();
  const lead = await aStoredLead(source.id, 'poison@example.com');
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ ...LOCAL_AWS, endpoint: stack.dynamoEndpoint }));
  const recovery = new DynamoLeadRecovery(documents, stack.tables.leads);
  await recordDeliveryFailure(recovery, lead, new Error('ThrottlingException: rate exceeded'), 5, clock.now());

  const failed = (await api.get('/admin/leads?status=failed')).body.leads;
  expect(failed.map((l: Lead) => l.id)).toContain(lead.id);
  expect(failed.find((l: Lead) => l.id === lead.id).failure).toMatchObject({
    reason: 'deliveries_exhausted',
    error: 'Error: ThrottlingException: rate exceeded',
  });
  clock.advance(10 * 60_000); // the sweep leaves failed leads alone, however old
  await new Promise((r) => setTimeout(r, 300));
  expect((await api.get(`/admin/leads/${lead.id}`)).body.status).toBe('failed');

  const printed: string[] = [];
  await redriveLocal(stack.url, stack.adminKey, (line) => printed.push(line));
  expect(printed.join('\n')).toContain('Failed leads: 1 lead(s) sent round again');
  const routed = await eventually(async () => {
    const found = (await api.get(`/admin/leads/${lead.id}`)).body;
    return found.status === 'assigned' && found;
  });
  expect(routed.repId).toBe(rep.id);
  expect(routed.decisions.map((d: { outcome: string }) => d.outcome)).toEqual(['failed', 'redriven', 'assigned']);
  await expect(redriveLocal(stack.url, 'lr_wrong', () => undefined)).rejects.toThrow('401');
  documents.destroy();
});
