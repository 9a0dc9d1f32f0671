import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../functions/http/html';
import type { LocalStack } from '../../functions/local/local-stack';
import { apiClient, startTestStack } from '../support/local-api';

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startTestStack({ sweepEveryMs: 0 });
  api = apiClient(stack);
});

afterAll(() => stack?.stop());

const json = { accept: 'application/json' };
const path = (url: string) => new URL(url).pathname;

/** Reps, a pull pool of them and a source; then `leads` posted to the webhook and routed. */
async function aPullPool(
  method: 'pull_blind' | 'pull_preview',
  leads: Record<string, unknown>[],
  options: { reps?: number; pool?: Record<string, unknown> } = {},
) {
  const reps = [];
  for (let i = 0; i < (options.reps ?? 2); i++)
    reps.push((await api.post('/admin/reps', { name: `Rep${i} Queue`, email: `rep${i}@team.example` })).body);
  const pool = await api.post('/admin/pools', {
    name: 'Inbound queue',
    method,
    members: reps.map((r) => ({ repId: r.id })),
    ...options.pool,
  });
  expect(pool.status, JSON.stringify(pool.body)).toBe(201);
  const source = (await api.post('/admin/sources', { name: 'Website', kind: 'form', poolId: pool.body.id })).body;
  const leadIds: string[] = [];
  for (const lead of leads) {
    const response = await api.call('POST', `/hooks/${source.key}`, { body: lead, key: null });
    expect(response.status).toBe(202);
    leadIds.push(response.body.leadId);
    await stack.settled(); // one at a time: arrival order is queue order
  }
  return { reps, pool: pool.body, leadIds };
}

/** The queue link a rep got in their reminder. */
function reminderLink(repId: string): string {
  const reminders = stack.outbox.list({ repId }).filter((m) => m.kind === 'queue');
  expect(reminders.length).toBeGreaterThan(0);
  return path(reminders.at(-1)!.link!);
}

describe('a blind queue through the local server', () => {
  it('reminds each rep once with a queue link, shows only the count, and hands out the oldest lead', async () => {
    const { reps, leadIds } = await aPullPool('pull_blind', [
      { name: 'Ada Lovelace', email: 'ada@example.com' },
      { name: 'Grace Hopper', email: 'grace@example.com' },
      { name: 'Alan Turing', email: 'alan@example.com' },
    ]);
    for (const rep of reps) {
      const reminders = stack.outbox.list({ repId: rep.id }).filter((m) => m.kind === 'queue');
      expect(reminders).toHaveLength(1); // three leads, one reminder: the window is 15 minutes
      expect(reminders[0]!.link).toMatch(new RegExp(`^${stack.url}/q/`));
    }
    const queue = reminderLink(reps[0].id);

    const page = await api.call('GET', queue, { key: null });
    expect(page.status).toBe(200);
    const html = page.body as string;
    expect(html).toContain('<p class="count">3</p>');
    expect(html).toContain('Give me the next lead');
    expect(html).toContain(`action="${queue}/next"`);
    for (const secret of ['ada@example.com', 'Lovelace', 'Grace', 'Ada']) expect(html).not.toContain(secret);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).not.toContain('<script');

    const listed = await api.get(`${queue}/leads`, null);
    expect(listed).toMatchObject({
      status: 200,
      body: {
        state: 'open',
        pool: { method: 'pull_blind', order: 'fifo' },
        waiting: { count: 3, more: false },
        mine: [],
      },
    });
    expect(listed.body.leads).toBeUndefined();

    const next = await api.call('POST', `${queue}/next`, { key: null, headers: json });
    expect(next).toMatchObject({
      status: 200,
      body: { state: 'done', lead: { id: leadIds[0], fields: { email: 'ada@example.com' } } },
    });
    expect(path(next.body.lead.acceptUrl)).toMatch(/^\/l\//);
    await stack.settled();
    const notice = stack.outbox.list({ leadId: leadIds[0] }).find((m) => m.kind === 'assigned');
    expect(notice).toMatchObject({ repId: reps[0].id, link: expect.stringMatching(/\/l\//) });
    const lead = (await api.get(`/admin/leads/${leadIds[0]}`)).body;
    expect(lead).toMatchObject({ status: 'assigned', repId: reps[0].id });
    expect(lead.decisions.at(-1)).toMatchObject({
      outcome: 'assigned',
      actor: 'rep',
      method: 'pull_blind',
      repId: reps[0].id,
    });
    expect(lead.queuePoolId).toBeUndefined();

    // The accept link from the take works like any other.
    expect((await api.call('POST', path(next.body.lead.acceptUrl), { key: null, headers: json })).body.state).toBe(
      'done',
    );
  });

  it('answers an empty queue with 409, and takes a released lead back in its place', async () => {
    const { reps, leadIds } = await aPullPool(
      'pull_blind',
      [{ email: 'one@example.com' }, { email: 'two@example.com' }],
      { reps: 1 },
    );
    const queue = reminderLink(reps[0].id);
    const first = await api.call('POST', `${queue}/next`, { key: null, headers: json });
    await api.call('POST', `${queue}/next`, { key: null, headers: json });
    expect(await api.call('POST', `${queue}/next`, { key: null, headers: json })).toMatchObject({
      status: 409,
      body: { state: 'empty' },
    });

    const mine = (await api.get(`${queue}/leads`, null)).body.mine.map((l: { id: string }) => l.id).sort();
    expect(mine).toEqual([...leadIds].sort());
    const released = await api.call('POST', `${queue}/release/${first.body.lead.id}`, { key: null, headers: json });
    expect(released).toMatchObject({ status: 200, body: { state: 'released', waiting: { count: 1 } } });
    expect((await api.get(`/admin/leads/${leadIds[0]}`)).body).toMatchObject({ status: 'queued' });
    expect(
      (await api.call('POST', `${queue}/release/${first.body.lead.id}`, { key: null, headers: json })).status,
    ).toBe(409);
    expect((await api.call('POST', `${queue}/next`, { key: null, headers: json })).body.lead.id).toBe(leadIds[0]);
  });

  it('lets an admin put a taken lead back in the queue with the release route', async () => {
    const { reps, leadIds } = await aPullPool('pull_blind', [{ email: 'back@example.com' }], { reps: 1 });
    await api.call('POST', `${reminderLink(reps[0].id)}/next`, { key: null, headers: json });
    const released = await api.post(`/admin/leads/${leadIds[0]}/release`, {});
    expect(released).toMatchObject({ status: 200, body: { status: 'queued' } });
    expect(released.body.decisions.at(-1)).toMatchObject({
      outcome: 'released',
      actor: 'admin',
      reason: 'back_to_queue',
    });
    expect(released.body.repId).toBeUndefined();
  });
});

describe('a preview queue through the local server', () => {
  it('lists cards without contact details; the first to take a lead gets it, the second is offered the next', async () => {
    const { reps, leadIds } = await aPullPool('pull_preview', [
      {
        first_name: 'Ada',
        last_name: 'Lovelace',
        email: 'ada@example.com',
        phone: '+44 20 7946 0958',
        city: 'London',
        product: 'Engines',
        score: 80,
        message: 'call me at noon',
      },
      { first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.com', city: 'Arlington', product: 'Compilers' },
    ]);
    const [ana, ben] = reps.map((r) => reminderLink(r.id));
    const page = (await api.call('GET', ana!, { key: null })).body as string;
    expect(page).toContain('Ada');
    expect(page).toContain('London');
    expect(page).toContain('Engines');
    expect(page).toContain('Website');
    expect(page).toContain(`action="${ana}/take/${leadIds[0]}"`);
    for (const secret of ['ada@example.com', 'Lovelace', '7946', 'noon', 'grace@example.com', 'Hopper'])
      expect(page).not.toContain(secret);

    const taken = await api.call('POST', `${ana}/take/${leadIds[0]}`, { key: null });
    expect(taken.status).toBe(200);
    expect(taken.body).toContain('It’s yours');
    expect(taken.body).toContain('ada@example.com');
    expect(taken.body).toContain('Release back to the queue');

    const late = await api.call('POST', `${ben}/take/${leadIds[0]}`, { key: null, headers: json });
    expect(late).toMatchObject({ status: 409, body: { state: 'taken', next: { id: leadIds[1], firstName: 'Grace' } } });
    expect(JSON.stringify(late.body)).not.toContain('grace@example.com');
    const listed = (await api.get(`${ben}/leads`, null)).body;
    expect(listed.leads.map((c: { id: string }) => c.id)).toEqual([leadIds[1]]);
  });

  it('never shows the email, phone or last name of generated queued leads, in the page or the JSON', async () => {
    const generated = fc.sample(
      fc.record({
        first: fc.stringMatching(/^[A-Z][a-z]{2,10}$/),
        last: fc.uuid().map((u) => `Zq${u.slice(0, 8)}`),
        mail: fc.uuid().map((u) => u.slice(0, 12)),
        digits: fc.stringMatching(/^[2-9][0-9]{2}555[0-9]{4}$/),
        city: fc.constantFrom('Lyon', 'Porto', 'Oslo', 'Cork'),
        note: fc.uuid(),
      }),
      { numRuns: 12, seed: 42 },
    );
    const { reps, leadIds } = await aPullPool(
      'pull_preview',
      generated.map((g) => ({
        name: `${g.first} ${g.last}`,
        email: `${g.mail}@leak.example`,
        phone: `+1 ${g.digits}`,
        city: g.city,
        message: `about ${g.note}`,
      })),
      { reps: 1 },
    );
    const stored = await Promise.all(leadIds.map(async (id) => (await api.get(`/admin/leads/${id}`)).body));
    const secrets = stored.flatMap((l) => [
      l.fields.email,
      l.fields.phone,
      l.fields.phone.slice(2),
      l.fields.lastName,
      l.fields.name,
      l.fields.message,
    ]);
    expect(secrets.every((s) => typeof s === 'string' && s.length > 5)).toBe(true);
    const queue = reminderLink(reps[0].id);
    const page = (await api.call('GET', queue, { key: null })).body as string;
    const listed = JSON.stringify((await api.get(`${queue}/leads`, null)).body);
    for (const text of [page, listed]) {
      for (const secret of secrets) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(escapeHtml(secret));
      }
    }
    for (const g of generated) expect(page).toContain(g.first);
  });
});

describe('queue links and their answers', () => {
  it('are issued by an admin for a member of a pull pool, with their expiry', async () => {
    const { reps, pool } = await aPullPool('pull_blind', [], { reps: 1, pool: { queue: { linkTtlHours: 48 } } });
    const outsider = (await api.post('/admin/reps', { name: 'Outsider' })).body;
    const before = Date.now();
    const issued = await api.post(`/admin/reps/${reps[0].id}/queue-link`, { poolId: pool.id });
    expect(issued.status).toBe(200);
    expect(issued.body.url).toMatch(new RegExp(`^${stack.url}/q/[\\w-]{72}$`));
    const ttl = Date.parse(issued.body.expiresAt) - before;
    expect(ttl).toBeGreaterThan(47.9 * 3600_000);
    expect(ttl).toBeLessThanOrEqual(48 * 3600_000);
    expect((await api.call('GET', path(issued.body.url), { key: null })).status).toBe(200);

    const notMember = await api.post(`/admin/reps/${outsider.id}/queue-link`, { poolId: pool.id });
    expect(notMember).toMatchObject({
      status: 400,
      body: { error: { details: [{ path: 'poolId', code: 'not_a_member' }] } },
    });
    const push = (
      await api.post('/admin/pools', { name: 'RR', method: 'round_robin', members: [{ repId: outsider.id }] })
    ).body;
    const notPull = await api.post(`/admin/reps/${outsider.id}/queue-link`, { poolId: push.id });
    expect(notPull.body.error.details).toEqual([expect.objectContaining({ path: 'poolId', code: 'not_a_pull_pool' })]);
    expect((await api.post('/admin/reps/rep_nobody/queue-link', { poolId: pool.id })).status).toBe(404);
    expect((await api.post(`/admin/reps/${reps[0].id}/queue-link`, { poolId: pool.id }, null)).status).toBe(401);
  });

  it('answer forged links 403, lead links on /q and queue links on /l 403, and a removed member 403', async () => {
    const { reps, pool, leadIds } = await aPullPool('pull_blind', [{ email: 'x@example.com' }], { reps: 2 });
    const queue = reminderLink(reps[0].id);
    const token = queue.split('/').pop()!;
    expect((await api.call('GET', `/q/${token.slice(0, -3)}abc`, { key: null })).status).toBe(403);
    expect((await api.call('GET', `/l/${token}`, { key: null })).status).toBe(403);
    const taken = await api.call('POST', `${queue}/next`, { key: null, headers: json });
    const acceptToken = path(taken.body.lead.acceptUrl).split('/').pop()!;
    expect((await api.call('GET', `/q/${acceptToken}`, { key: null, headers: json })).body).toEqual({
      state: 'forged',
    });

    await api.patch(`/admin/pools/${pool.id}`, { members: [{ repId: reps[1].id }] });
    const removed = await api.call('GET', queue, { key: null });
    expect(removed.status).toBe(403);
    expect(removed.body).toContain('This queue is not open to you');
    expect((await api.call('POST', `${queue}/release/${leadIds[0]}`, { key: null, headers: json })).status).toBe(403);
  });

  it('refuse queue settings on push pools and a fallback on pull pools', async () => {
    const rep = (await api.post('/admin/reps', { name: 'V' })).body;
    const members = [{ repId: rep.id }];
    const onPush = await api.post('/admin/pools', {
      name: 'X',
      method: 'round_robin',
      members,
      queue: { order: 'lifo' },
    });
    expect(onPush.body.error.details).toEqual([expect.objectContaining({ path: 'queue', code: 'not_for_method' })]);
    const other = (await api.post('/admin/pools', { name: 'Y', method: 'round_robin', members })).body;
    const fallback = await api.post('/admin/pools', { name: 'Z', method: 'pull_blind', members, fallback: other.id });
    expect(fallback.body.error.details).toEqual([
      expect.objectContaining({ path: 'fallback', code: 'not_for_method' }),
    ]);
    const badOrder = await api.post('/admin/pools', {
      name: 'Z',
      method: 'pull_blind',
      members,
      queue: { order: 'random' },
    });
    expect(badOrder.body.error.details).toEqual([expect.objectContaining({ path: 'queue.order' })]);
  });

  it('keep a pool pulling while leads wait in its queue: switching to a push method is refused, blind to preview is not', async () => {
    const { pool, reps } = await aPullPool('pull_blind', [{ email: 'waiting@example.com' }], { reps: 1 });
    const toPush = await api.patch(`/admin/pools/${pool.id}`, { method: 'round_robin' });
    expect(toPush).toMatchObject({ status: 409, body: { error: { code: 'queue_not_empty' } } });
    expect((await api.patch(`/admin/pools/${pool.id}`, { method: 'pull_preview' })).status).toBe(200);
    await api.call('POST', `${reminderLink(reps[0].id)}/next`, { key: null, headers: json });
    expect((await api.patch(`/admin/pools/${pool.id}`, { method: 'round_robin' })).status).toBe(200);
  });

  it('explain says a pull pool’s lead would be queued', async () => {
    const { pool } = await aPullPool('pull_preview', [], { reps: 1 });
    const explained = await api.post('/admin/explain', { poolId: pool.id, lead: { email: 'e@example.com' } });
    expect(explained.body.outcome).toEqual({ status: 'queued', poolId: pool.id });
  });
});
