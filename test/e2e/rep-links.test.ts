import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/local-stack';
import { apiClient, eventually, startTestStack } from '../support/local-api';

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startTestStack({ sweepEveryMs: 0 });
  api = apiClient(stack);
});

afterAll(() => stack?.stop());

async function shotgunLead(lead: Record<string, unknown>, reps = 2) {
  const ids = [];
  for (let i = 0; i < reps; i++) ids.push((await api.post('/admin/reps', { name: `<i>Ann${i}</i> Lee` })).body.id);
  const pool = (
    await api.post('/admin/pools', {
      name: 'Hot',
      method: 'shotgun',
      members: ids.map((repId) => ({ repId })),
      shotgun: { shows: ['name', 'company'] },
    })
  ).body;
  const source = (await api.post('/admin/sources', { name: 'S', kind: 'form', poolId: pool.id })).body;
  const { leadId } = (await api.call('POST', `/hooks/${source.key}`, { body: lead, key: null })).body;
  const offers = await eventually(async () => {
    const sent = stack.outbox.list({ leadId });
    return sent.length === reps && sent;
  });
  return { ids, leadId, links: offers.map((o) => o.link!) };
}

const path = (link: string) => new URL(link).pathname;

describe('rep link pages', () => {
  it('render lead fields as text, never as markup, with strict headers', async () => {
    const { links } = await shotgunLead({
      name: '<script>alert(1)</script>',
      company: '"><img src=x onerror=alert(2)>',
      email: 'x@example.com',
    });
    const page = await api.call('GET', path(links[0]!), { key: null });
    expect(page.status).toBe(200);
    const html = page.body as string;
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('Hi, &lt;i&gt;Ann0&lt;/i&gt;.'); // the rep's own name is escaped too
    expect(html).not.toContain('<i>');
    expect(html).not.toContain('x@example.com'); // the pool shows name and company only
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/); // no third-party resources
  });

  it('answer JSON to clients that ask for it, with the same status codes', async () => {
    const { links } = await shotgunLead({ name: 'Json Lead', email: 'j@example.com' });
    const claimed = await api.call('POST', path(links[0]!), { key: null, headers: { accept: 'application/json' } });
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({
      state: 'done',
      purpose: 'claim',
      lead: { fields: { email: 'j@example.com' } },
    });
    const second = await api.call('POST', path(links[1]!), { key: null, headers: { accept: 'application/json' } });
    expect(second).toMatchObject({ status: 409, body: { state: 'taken' } });
    const again = await api.call('POST', path(links[0]!), { key: null, headers: { accept: 'application/json' } });
    expect(again).toMatchObject({ status: 409, body: { state: 'already_yours' } });
  });

  it('answer a forged link with 403 and a friendly page', async () => {
    const { links } = await shotgunLead({ name: 'Forge', email: 'f@example.com' });
    const token = path(links[0]!).split('/').pop()!;
    const forged = await api.call('GET', `/l/${token.slice(0, -3)}abc`, { key: null });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain('This link is not valid');
  });

  it('give an accept link with every push assignment, which records the response time', async () => {
    const rep = (await api.post('/admin/reps', { name: 'Pat' })).body;
    const pool = (await api.post('/admin/pools', { name: 'RR', method: 'round_robin', members: [{ repId: rep.id }] }))
      .body;
    const source = (await api.post('/admin/sources', { name: 'S', kind: 'form', poolId: pool.id })).body;
    const { leadId } = (await api.call('POST', `/hooks/${source.key}`, { body: { email: 'p@example.com' }, key: null }))
      .body;
    const notice = await eventually(async () => stack.outbox.list({ leadId })[0]);
    expect(notice.link).toMatch(new RegExp(`^${stack.url}/l/`));
    expect(notice.text).toContain(notice.link);
    const accepted = await api.call('POST', path(notice.link!), { key: null });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toContain('Accepted');
    expect((await api.get(`/admin/leads/${leadId}`)).body).toMatchObject({
      status: 'accepted',
      acceptedAt: expect.any(String),
      responseSeconds: expect.any(Number),
    });
  });
});
