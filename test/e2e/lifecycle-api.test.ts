import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/local-stack';
import { apiClient, eventually, startTestStack } from '../support/local-api';

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

// A Monday in November, a millisecond later at each look: away times and the audit's time
// filter read against a known date, and no two changes share an instant.
const NOW = '2026-11-23T10:00:00.000Z';
let tick = Date.parse(NOW);

beforeAll(async () => {
  stack = await startTestStack({ sweepEveryMs: 0, clock: { now: () => new Date(tick++) } });
  api = apiClient(stack);
});

afterAll(() => stack?.stop());

const path = (link: string) => new URL(link).pathname;
const form = (fields: Record<string, string>) => ({
  raw: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  key: null,
});

/** Two reps in a pool (Ana in Los Angeles) and a source. */
async function aTeam(method = 'round_robin') {
  const ana = (await api.post('/admin/reps', { name: 'Ana Rivera', timezone: 'America/Los_Angeles' })).body;
  const ben = (await api.post('/admin/reps', { name: 'Ben Okafor' })).body;
  const pool = (
    await api.post('/admin/pools', { name: 'Inbound', method, members: [{ repId: ana.id }, { repId: ben.id }] })
  ).body;
  const source = (await api.post('/admin/sources', { name: 'Site', kind: 'form', poolId: pool.id })).body;
  return { ana, ben, pool, source };
}

async function arrive(source: { key: string }, email = 'ada@example.com'): Promise<string> {
  return (await api.call('POST', `/hooks/${source.key}`, { body: { email }, key: null })).body.leadId;
}

/** A round-robin team and a lead for Ana, with the link in her notice. */
async function aLeadForAna() {
  const team = await aTeam();
  const leadId = await arrive(team.source);
  const notice = await eventually(async () => stack.outbox.list({ leadId }).find((m) => m.repId === team.ana.id));
  return { ...team, leadId, link: notice.link! };
}

describe('rep links over HTTP', () => {
  it('answer HEAD like GET, with no body and no change (link scanners)', async () => {
    const { leadId, link } = await aLeadForAna();
    const head = await api.call('HEAD', path(link), { key: null });
    expect(head.status).toBe(200);
    expect(head.body).toBeUndefined();
    expect(head.headers.get('content-type')).toContain('text/html');
    expect((await api.get(`/admin/leads/${leadId}`)).body.status).toBe('assigned');
  });

  it('show times in the rep’s own time zone, and a footer link to set their availability', async () => {
    const { link } = await aLeadForAna();
    const page = (await api.call('GET', path(link), { key: null })).body as string;
    // 10:00 UTC is 02:00 in Los Angeles in November.
    expect(page).toContain('Received</dt><dd>Mon, 23 Nov 2026, 02:00 (America/Los Angeles)');
    expect(page).not.toContain('GMT');
    expect(page).toMatch(/href="\/a\/[A-Za-z0-9_-]+">Away or busy\? Set your availability/);
  });

  it('let the owner pass a lead from the accept page: it goes to the next rep, with the reason on record', async () => {
    const { ana, ben, leadId, link } = await aLeadForAna();
    const passed = await api.call('POST', `${path(link)}/pass`, form({ reason: 'Not my territory' }));
    expect(passed.status).toBe(200);
    expect(passed.body).toContain('Passed on');
    const lead = await eventually(async () => {
      const current = (await api.get(`/admin/leads/${leadId}`)).body;
      return current.repId === ben.id && current;
    });
    expect(lead.decisions.slice(-2)).toMatchObject([
      { outcome: 'passed', actor: 'rep', repId: ana.id, note: 'Not my territory' },
      { outcome: 'assigned', repId: ben.id, reason: 'passed', previousRepId: ana.id },
    ]);
    expect((await api.call('GET', path(link), { key: null })).status).toBe(410);
  });

  it('let a rep set themselves away from their availability link, in their own time, recorded with them as actor', async () => {
    const { ana, link } = await aLeadForAna();
    const page = (await api.call('GET', path(link), { key: null })).body as string;
    const availability = /href="(\/a\/[A-Za-z0-9_-]+)"/.exec(page)![1]!;
    expect((await api.call('HEAD', availability, { key: null })).status).toBe(200);
    const saved = await api.call('POST', availability, form({ status: 'away', awayUntil: '2026-12-01T09:00' }));
    expect(saved.status).toBe(200);
    expect(saved.body).toContain('You are away until Tue, 1 Dec 2026, 09:00 (America/Los Angeles)');
    // 09:00 in Los Angeles in December is 17:00 UTC.
    expect((await api.get(`/admin/reps/${ana.id}`)).body).toMatchObject({ awayUntil: '2026-12-01T17:00:00.000Z' });
    const audit = (await api.get(`/admin/audit?entity=${ana.id}&limit=1`)).body.entries[0];
    expect(audit).toMatchObject({
      actor: { type: 'rep', repId: ana.id, via: 'availability_link' },
      action: 'changed',
      entity: { kind: 'rep', id: ana.id },
      versionBefore: 1,
      versionAfter: 2,
    });
    expect(audit.changes).toContainEqual({ field: 'awayUntil', after: '2026-12-01T17:00:00.000Z' });
    const past = await api.call('POST', availability, form({ status: 'away', awayUntil: '2026-11-01T09:00' }));
    expect(past.status).toBe(400);
    expect(past.body).toContain('That time has passed already.');
  });
});

describe('admin lead clean-up over HTTP', () => {
  it('closes a lead nobody owns only with a reason', async () => {
    const { source } = await aTeam('manual');
    const leadId = await arrive(source, 'x@example.com');
    await eventually(async () => (await api.get(`/admin/leads/${leadId}`)).body.status === 'unassigned');
    const refused = await api.post(`/admin/leads/${leadId}/close`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({ path: 'reason', code: 'required' });
    const closed = await api.post(`/admin/leads/${leadId}/close`, { reason: 'spam', note: 'a bot' });
    expect(closed.status).toBe(200);
    expect(closed.body.decisions.at(-1)).toMatchObject({ outcome: 'closed', reason: 'spam', note: 'a bot' });
  });

  it('sends a leaving rep’s open leads back through their pool, and records who asked', async () => {
    const { ana, ben, leadId } = await aLeadForAna();
    const answer = await api.post(`/admin/reps/${ana.id}/reassign-open`, {});
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ repId: ana.id, queued: [leadId], notInAPool: [], more: false });
    const lead = await eventually(async () => {
      const current = (await api.get(`/admin/leads/${leadId}`)).body;
      return current.repId === ben.id && current;
    });
    expect(lead.decisions.at(-1)).toMatchObject({ actor: 'admin', reason: 'rep_leaving', previousRepId: ana.id });
    const audit = (await api.get(`/admin/audit?entity=${ana.id}&limit=1`)).body.entries[0];
    expect(audit).toMatchObject({
      action: 'open_leads_reassigned',
      actor: { type: 'admin', keyId: 'key_local', keyName: 'local-dev' },
      details: { leadIds: [leadId] },
    });
  });

  it('resets a pool’s rotation: the next lead goes to the first member again', async () => {
    const { ana, pool, source } = await aLeadForAna();
    const reset = await api.post(`/admin/pools/${pool.id}/reset-rotation`, {});
    expect(reset.status).toBe(200);
    const leadId = await arrive(source, 'y@example.com');
    const lead = await eventually(async () => {
      const current = (await api.get(`/admin/leads/${leadId}`)).body;
      return current.status === 'assigned' && current;
    });
    expect(lead.repId).toBe(ana.id);
    expect((await api.post('/admin/pools/pool_nope/reset-rotation', {})).status).toBe(404);
  });
});

describe('the audit log over HTTP', () => {
  it('lists changes newest first, filtered by entity and time, paged, with secrets never shown', async () => {
    const from = NOW;
    const source = (
      await api.post('/admin/sources', { name: 'Signed', kind: 'json', signingSecret: 'a-signing-secret-of-length' })
    ).body;
    await api.patch(`/admin/sources/${source.id}`, { signingSecret: 'another-signing-secret-here', name: 'Signed 2' });
    const { entries, nextCursor } = (await api.get(`/admin/audit?entity=${source.id}&from=${from}&limit=1`)).body;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'changed', versionBefore: 1, versionAfter: 2 });
    expect(entries[0].changes).toContainEqual({ field: 'name', before: 'Signed', after: 'Signed 2' });
    expect(entries[0].changes).toContainEqual({ field: 'signingSecret', secret: true });
    const older = (await api.get(`/admin/audit?entity=${source.id}&from=${from}&limit=1&cursor=${nextCursor}`)).body;
    expect(older.entries[0]).toMatchObject({ action: 'created', versionAfter: 1 });
    const everything = JSON.stringify((await api.get('/admin/audit?limit=200')).body);
    expect(everything).not.toContain('signing-secret');
    expect(everything).not.toContain(source.key);
    expect(
      (await api.get('/admin/audit?entity=key')).body.entries.every(
        (e: { entity: { kind: string } }) => e.entity.kind === 'key',
      ),
    ).toBe(true);
    expect((await api.get('/admin/audit?from=yesterday')).status).toBe(400);
  });
});

describe('the local outbox page', () => {
  it('names the rep each notice went to', async () => {
    await aLeadForAna();
    const page = (await api.get('/dev/outbox.html', null)).body as string;
    expect(page).toContain('to Ana Rivera');
  });
});
