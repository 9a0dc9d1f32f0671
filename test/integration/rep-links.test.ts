import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAssignmentStore } from '../../functions/adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../../functions/adapters/dynamodb/dynamo-config-store';
import { DynamoLeadStore } from '../../functions/adapters/dynamodb/dynamo-lead-store';
import { DynamoLeadTransitions } from '../../functions/adapters/dynamodb/dynamo-lead-transitions';
import { assignLeadManually, type LeadAdminDeps } from '../../functions/core/admin/lead-admin';
import { createLeadAssigner, type LeadAssigner } from '../../functions/core/assignment/assigner';
import { handleLeadTimer } from '../../functions/core/assignment/lead-timers';
import type { LeadTimer } from '../../functions/core/assignment/ports';
import { LinkSigner } from '../../functions/core/links/link-tokens';
import { actOnRepLink, type RepLinkDeps, viewRepLink } from '../../functions/core/links/rep-links';
import { noMetrics } from '../../functions/core/shared/ports';
import { createSource } from '../../functions/core/sources/source-admin';
import { createPool } from '../../functions/core/team/pool-admin';
import type { PoolCreate } from '../../functions/core/team/pool-schemas';
import { createRep } from '../../functions/core/team/rep-admin';
import { linkStatus } from '../../functions/http/pages/rep-link-page';
import { storeReceivedLeads } from '../support/assignment-harness';
import { fixedClock, TEST_ADMIN } from '../support/builders';
import { createTestDatabase, type TestDatabase } from '../support/dynamo';
import { RecordingNotifier } from '../support/memory-stores';

let db: TestDatabase;
let config: DynamoConfigStore;
let leads: DynamoLeadStore;
const signer = new LinkSigner('integration-test-link-key-of-enough-length');

beforeAll(async () => {
  db = await createTestDatabase();
  config = new DynamoConfigStore(db.documents, db.tables);
  leads = new DynamoLeadStore(db.documents, db.tables.leads);
});

/** A pool of `size` reps, a lead routed through the real assigner, and each rep's link token. */
async function routedLead(
  size: number,
  pool: Omit<PoolCreate, 'name' | 'members'>,
  repFields: Record<string, unknown> = {},
) {
  const clock = fixedClock(new Date().toISOString());
  const admin = { config, clock };
  const reps = [];
  for (let i = 0; i < size; i++) reps.push(await createRep(admin, { name: `Rep ${i}`, ...repFields }, TEST_ADMIN));
  const created = await createPool(
    admin,
    { name: 'P', members: reps.map((r) => ({ repId: r.id })), ...pool },
    TEST_ADMIN,
  );
  const source = await createSource(admin, { name: 'S', kind: 'form', poolId: created.id }, TEST_ADMIN);
  const [message] = await storeReceivedLeads(db, source.id, 1);
  const tokens = new Map<string, string>();
  const timers: LeadTimer[] = [];
  const notifier = new RecordingNotifier();
  const assigner: LeadAssigner = createLeadAssigner({
    sources: config,
    store: new DynamoAssignmentStore(db.documents, db.tables),
    notifier,
    clock,
    metrics: noMetrics,
    links: (claims) => {
      const token = signer.sign(claims);
      tokens.set(claims.repId, token);
      return `http://local/l/${token}`;
    },
    timers: { schedule: async (timer) => void timers.push(timer) },
  });
  await assigner.assign(message!);
  const deps: RepLinkDeps = {
    signer,
    leads,
    config,
    clock,
    metrics: noMetrics,
    loads: new DynamoAssignmentStore(db.documents, db.tables),
    transitions: new DynamoLeadTransitions(db.documents, db.tables),
    requests: { request: async () => undefined },
  };
  const onTimer = (timer: LeadTimer) =>
    handleLeadTimer(
      {
        leads,
        pools: config,
        assigner,
        metrics: noMetrics,
      },
      timer,
    );
  return { reps, leadId: message!.leadId, tokens, timers, deps, clock, onTimer, notifier };
}

describe('shotgun claims against DynamoDB Local', () => {
  it('20 reps claim one offered lead at once: exactly one wins, 19 are told it is taken', async () => {
    const { reps, leadId, tokens, deps } = await routedLead(20, { method: 'shotgun' });
    expect(tokens.size).toBe(20);
    const results = await Promise.all(reps.map((rep) => actOnRepLink(deps, tokens.get(rep.id)!)));
    const statuses = results.map((view) => linkStatus(view.state, 'POST'));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(results.filter((v) => v.state === 'taken')).toHaveLength(19);

    const lead = (await leads.get(leadId))!;
    const winner = reps[statuses.indexOf(200)]!;
    expect(lead).toMatchObject({ status: 'accepted', repId: winner.id });
    expect(lead.offer).toBeUndefined();
    expect(lead.decisions.filter((d) => d.outcome === 'accepted')).toEqual([
      expect.objectContaining({ actor: 'rep', repId: winner.id, round: 1 }),
    ]);
    const loads = await deps.loads.loadRepLoads(reps.map((r) => r.id));
    expect(reps.map((r) => loads.get(r.id)?.open ?? 0).reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('opening a link any number of times changes nothing', async () => {
    const { reps, leadId, tokens, deps } = await routedLead(2, { method: 'shotgun' });
    const before = await leads.get(leadId);
    for (let i = 0; i < 5; i++) {
      const view = await viewRepLink(deps, tokens.get(reps[0]!.id)!);
      expect(view.state).toBe('open');
      expect(view.lead?.fields.email).toBeUndefined(); // an offer shows no contact details
    }
    expect(await leads.get(leadId)).toEqual(before);
  });

  it('refuses a claim after the offer window, and a second press by the winner', async () => {
    const { reps, tokens, deps } = await routedLead(2, {
      method: 'shotgun',
      shotgun: { windowSeconds: 60, then: 'hold' },
    });
    expect((await actOnRepLink(deps, tokens.get(reps[0]!.id)!)).state).toBe('done');
    expect(linkStatus((await actOnRepLink(deps, tokens.get(reps[0]!.id)!)).state, 'POST')).toBe(409);

    const late = await routedLead(2, { method: 'shotgun', shotgun: { windowSeconds: 60, then: 'hold' } });
    late.clock.advance(61_000);
    const view = await actOnRepLink(late.deps, late.tokens.get(late.reps[0]!.id)!);
    expect([view.state, linkStatus(view.state, 'POST')]).toEqual(['expired', 410]);
  });

  it('tells a rep who reached their cap since the offer, and lets another claim', async () => {
    const { reps, tokens, deps } = await routedLead(2, { method: 'shotgun' }, { maxOpen: 1 });
    // Meanwhile rep 0 got a lead elsewhere: one open lead, their cap.
    await db.documents.send(
      new UpdateCommand({
        TableName: db.tables.state,
        Key: { pk: `rep#${reps[0]!.id}` },
        UpdateExpression: 'SET #open = :one',
        ExpressionAttributeNames: { '#open': 'open' },
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    const refused = await actOnRepLink(deps, tokens.get(reps[0]!.id)!);
    expect([refused.state, linkStatus(refused.state, 'POST')]).toEqual(['at_capacity', 409]);
    expect((await actOnRepLink(deps, tokens.get(reps[1]!.id)!)).state).toBe('done');
  });

  it('acts on an unclaimed offer once, however many times its timer is delivered', async () => {
    const { leadId, timers, clock, onTimer } = await routedLead(3, {
      method: 'shotgun',
      shotgun: { windowSeconds: 60, then: 'round_robin' },
    });
    clock.advance(61_000);
    const outcomes = await Promise.all([onTimer(timers[0]!), onTimer(timers[0]!)]);
    expect(outcomes.filter((o) => o === 'handled').length).toBeGreaterThanOrEqual(1);
    const lead = (await leads.get(leadId))!;
    expect(lead.status).toBe('assigned');
    expect(lead.decisions.map((d) => d.outcome)).toEqual(['offered', 'expired', 'assigned']);
  });
});

describe('accept links and the SLA against DynamoDB Local', () => {
  it('records the response time on accept; after an SLA move the first rep’s link stops working', async () => {
    const { reps, leadId, tokens, timers, deps, clock, onTimer, notifier } = await routedLead(2, {
      method: 'round_robin',
      sla: { acceptWithinSeconds: 60, maxReassignments: 1 },
    });
    const first = tokens.get(reps[0]!.id)!;
    expect((await viewRepLink(deps, first)).state).toBe('open');
    clock.advance(61_000);
    await Promise.all([onTimer(timers[0]!), onTimer(timers[0]!)]); // delivered twice: one move
    expect(await leads.get(leadId)).toMatchObject({ status: 'assigned', repId: reps[1]!.id, slaReassignments: 1 });
    expect(notifier.sent.map((n) => n.repId)).toEqual([reps[0]!.id, reps[1]!.id]);

    const stale = await actOnRepLink(deps, first);
    expect([stale.state, linkStatus(stale.state, 'POST')]).toEqual(['passed_on', 410]);
    clock.advance(5_000);
    const accepted = await actOnRepLink(deps, tokens.get(reps[1]!.id)!);
    expect(accepted.state).toBe('done');
    expect(await leads.get(leadId)).toMatchObject({ status: 'accepted', repId: reps[1]!.id, responseSeconds: 5 });
    // The deadline of an accepted lead does nothing.
    clock.advance(120_000);
    expect(await onTimer(timers[1]!)).toBe('no_longer_due');
  });

  it('gives a rep a lead moved away and back by an admin a full new window: the first deadline does nothing', async () => {
    const { reps, leadId, timers, deps, clock, onTimer, notifier } = await routedLead(2, {
      method: 'round_robin',
      sla: { acceptWithinSeconds: 60, maxReassignments: 3 },
    });
    const adminDeps: LeadAdminDeps = {
      config,
      clock,
      leads,
      transitions: deps.transitions,
      loads: deps.loads,
      notifier,
      queue: { enqueue: async () => undefined },
      requeueHeld: async () => 0,
      timers: { schedule: async (t) => void timers.push(t) },
    };
    clock.advance(20_000);
    await assignLeadManually(adminDeps, leadId, { repId: reps[1]!.id }, TEST_ADMIN);
    clock.advance(20_000);
    await assignLeadManually(adminDeps, leadId, { repId: reps[0]!.id }, TEST_ADMIN);
    expect(timers.map((t) => t.type === 'accept_deadline' && t.repId)).toEqual([reps[0]!.id, reps[1]!.id, reps[0]!.id]);

    clock.advance(21_000); // the first deadline is due; the third, for the same rep, is not
    expect(await onTimer(timers[0]!)).toBe('no_longer_due');
    expect(await leads.get(leadId)).toMatchObject({ status: 'assigned', repId: reps[0]!.id });
    clock.advance(40_000);
    expect(await onTimer(timers[1]!)).toBe('no_longer_due');
    expect(await onTimer(timers[2]!)).toBe('handled');
    expect(await leads.get(leadId)).toMatchObject({ status: 'assigned', repId: reps[1]!.id, slaReassignments: 1 });
  });
});
