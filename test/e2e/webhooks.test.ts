import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/local-stack';
import { apiClient, eventually, startTestStack } from '../support/local-api';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 that records every request and answers per path (200 unless told). */
async function startReceiver() {
  const received: Received[] = [];
  const failuresLeft = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const left = failuresLeft.get(path) ?? 0;
      failuresLeft.set(path, left - 1);
      res.writeHead(left > 0 ? 503 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    failFirst: (path: string, times: number) => failuresLeft.set(path, times),
    at: (path: string) => received.filter((r) => r.path === path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await startTestStack({ webhookRetryDelaysSeconds: [0.05, 0.05, 0.05, 0.05] });
  api = apiClient(stack);
});

afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

async function aSourceWithRep() {
  const rep = await api.post('/admin/reps', { name: 'Ana Rivera', email: 'ana@example.com' });
  const pool = await api.post('/admin/pools', {
    name: 'Inbound',
    method: 'round_robin',
    members: [{ repId: rep.body.id }],
  });
  const source = await api.post('/admin/sources', { name: 'Website', kind: 'form', poolId: pool.body.id });
  return { rep: rep.body, source: source.body };
}

async function sendLead(sourceKey: string) {
  const posted = await api.call('POST', `/hooks/${sourceKey}`, {
    body: { name: 'Grace Hopper', email: 'grace@example.com', company: 'Navy' },
    key: null,
  });
  expect(posted.status).toBe(202);
  return posted.body.leadId as string;
}

describe('webhook subscriptions', () => {
  it('shows the whsec_ secret only when created or rotated', async () => {
    const created = await api.post('/admin/webhooks', { url: `${receiver.url}/secret`, events: ['lead.assigned'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^wh_/),
      url: `${receiver.url}/secret`,
      events: ['lead.assigned'],
      includeContact: false,
      format: 'json',
      status: 'enabled',
      secret: expect.stringMatching(/^whsec_/),
    });
    const read = await api.get(`/admin/webhooks/${created.body.id}`);
    expect(read.body).not.toHaveProperty('secret');
    expect((await api.get('/admin/webhooks')).body.webhooks.map((w: any) => w.id)).toContain(created.body.id);

    const rotated = await api.post(`/admin/webhooks/${created.body.id}/rotate-secret`, {});
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);

    const off = await api.patch(`/admin/webhooks/${created.body.id}`, { enabled: false });
    expect(off.body).toMatchObject({ status: 'disabled', disabledReason: 'disabled by an admin' });
    expect((await api.delete(`/admin/webhooks/${created.body.id}`)).status).toBe(204);
    expect((await api.get(`/admin/webhooks/${created.body.id}`)).status).toBe(404);
  });

  it('refuses a URL that is neither https nor this machine, with a clear 400', async () => {
    const refused = await api.post('/admin/webhooks', { url: 'http://10.0.0.5/hook', events: ['*'] });

    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('url_not_allowed');
  });

  it('refuses an unknown event type', async () => {
    const refused = await api.post('/admin/webhooks', { url: `${receiver.url}/x`, events: ['lead.teleported'] });

    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].path).toBe('events.0');
  });
});

describe('webhook deliveries', () => {
  it('signs each delivery as Standard Webhooks says, verifiable with the standardwebhooks package', async () => {
    const { rep, source } = await aSourceWithRep();
    const hook = await api.post('/admin/webhooks', { url: `${receiver.url}/signed`, events: ['*'] });
    const leadId = await sendLead(source.key);

    const deliveries = await eventually(async () => {
      const got = receiver.at('/signed').filter((r) => JSON.parse(r.body).data.leadId === leadId);
      return got.length >= 2 && got;
    });

    const verifier = new Webhook(hook.body.secret);
    // Deliveries may arrive in any order; receivers order a lead's events by data.seq.
    const bodies = deliveries
      .map((d) => verifier.verify(d.body, d.headers as Record<string, string>) as any)
      .sort((a, b) => a.data.seq - b.data.seq);
    expect(bodies.map((b) => b.type)).toEqual(['lead.received', 'lead.assigned']);
    expect(bodies[1]).toMatchObject({
      type: 'lead.assigned',
      data: { leadId, seq: 1, repId: rep.id, actor: 'assigner' },
    });
    expect(Object.keys(bodies[1]).sort()).toEqual(['data', 'timestamp', 'type']);
    expect(deliveries.map((d) => d.headers['webhook-id']).sort()).toEqual([`evt_${leadId}_0`, `evt_${leadId}_1`]);
    expect(bodies[1].data).not.toHaveProperty('contact');
    expect(() =>
      new Webhook(`whsec_${Buffer.from('another secret').toString('base64')}`).verify(
        deliveries[0]!.body,
        deliveries[0]!.headers as Record<string, string>,
      ),
    ).toThrow();
  });

  it('retries a receiver that fails 3 times: it gets the event once more, with the same webhook-id, then no more', async () => {
    const { source } = await aSourceWithRep();
    const hook = await api.post('/admin/webhooks', { url: `${receiver.url}/flaky`, events: ['lead.received'] });
    receiver.failFirst('/flaky', 3);
    const leadId = await sendLead(source.key);

    const delivery = await eventually(async () => {
      const { deliveries } = (await api.get(`/admin/webhooks/${hook.body.id}/deliveries`)).body;
      const mine = deliveries.find((d: any) => d.leadId === leadId);
      return mine?.status === 'succeeded' && mine;
    });
    await new Promise((r) => setTimeout(r, 300));

    const got = receiver.at('/flaky').filter((r) => r.headers['webhook-id'] === `evt_${leadId}_0`);
    expect(got).toHaveLength(4);
    expect(delivery.attempts.map((a: any) => a.statusCode)).toEqual([503, 503, 503, 204]);
    expect(delivery.attempts[0].error).toBe('the receiver answered 503');
  });

  it('sends a delivery again when an admin asks, with the same webhook-id', async () => {
    const { source } = await aSourceWithRep();
    const hook = await api.post('/admin/webhooks', { url: `${receiver.url}/again`, events: ['lead.received'] });
    const leadId = await sendLead(source.key);
    await eventually(async () => receiver.at('/again').some((r) => r.headers['webhook-id'] === `evt_${leadId}_0`));

    const retried = await api.post(`/admin/webhooks/${hook.body.id}/deliveries/evt_${leadId}_0/retry`, {});

    expect(retried.status).toBe(202);
    await eventually(
      async () => receiver.at('/again').filter((r) => r.headers['webhook-id'] === `evt_${leadId}_0`).length === 2,
    );
    expect((await api.post(`/admin/webhooks/${hook.body.id}/deliveries/evt_nope_0/retry`, {})).status).toBe(404);
  });

  it('adds the contact for a subscription that asks for it', async () => {
    const { source } = await aSourceWithRep();
    await api.post('/admin/webhooks', {
      url: `${receiver.url}/contact`,
      events: ['lead.received'],
      includeContact: true,
    });
    const leadId = await sendLead(source.key);

    const got = await eventually(async () =>
      receiver.at('/contact').find((r) => JSON.parse(r.body).data.leadId === leadId),
    );

    expect(JSON.parse(got.body).data.contact.fields).toMatchObject({ email: 'grace@example.com', company: 'Navy' });
  });

  it('posts a Slack message with the lead, company, source, owner and accept link', async () => {
    const { source } = await aSourceWithRep();
    await api.post('/admin/webhooks', { url: `${receiver.url}/slack`, events: ['lead.assigned'], format: 'slack' });
    await sendLead(source.key);

    const got = await eventually(async () => receiver.at('/slack')[0]);

    expect(JSON.parse(got.body).text).toMatch(
      new RegExp(`^New lead for Ana Rivera: Grace Hopper, Navy, from Website — accept: <${stack.url}/l/[^>]+>$`),
    );
  });
});

describe('outcomes and the timeline', () => {
  it('records an outcome once per stage, as a lead.outcome event on the timeline', async () => {
    const { rep, source } = await aSourceWithRep();
    const leadId = await sendLead(source.key);
    await eventually(async () => (await api.get(`/admin/leads/${leadId}`)).body.status === 'assigned');

    const won = await api.post(`/admin/leads/${leadId}/outcome`, { stage: 'won', value: 1200, note: 'annual plan' });
    const again = await api.post(`/admin/leads/${leadId}/outcome`, { stage: 'won', value: 9999 });

    expect(won.status).toBe(200);
    expect(again.body.decisions).toEqual(won.body.decisions);
    const timeline = (await api.get(`/admin/leads/${leadId}/timeline`)).body.events;
    expect(timeline.map((e: any) => e.type)).toEqual(['lead.received', 'lead.assigned', 'lead.outcome']);
    expect(timeline[2]).toMatchObject({
      id: `evt_${leadId}_2`,
      data: {
        actor: 'admin',
        repId: rep.id,
        decision: { outcome: 'outcome', stage: 'won', value: 1200, note: 'annual plan' },
      },
    });
    await stack.eventsCaughtUp();
    await eventually(async () => (await api.get(`/dev/events?leadId=${leadId}`)).body.events.length === 3);
    expect((await api.get(`/dev/events?leadId=${leadId}`)).body.events).toEqual(timeline);
  });

  it("records the rep's Contacted and Couldn't reach buttons as outcomes with the rep as actor, once each", async () => {
    const { rep, source } = await aSourceWithRep();
    const leadId = await sendLead(source.key);
    const { link } = await eventually(async () => stack.outbox.list({ leadId })[0]);
    const press = (stage: string) =>
      fetch(link!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `stage=${stage}`,
      });
    expect(await (await fetch(link!)).text()).not.toContain('name="stage"');
    const accepted = await fetch(link!, { method: 'POST' });
    const page = await accepted.text();
    expect(page).toContain('name="stage" value="contacted"');
    expect(page).toContain('Couldn’t reach');

    const first = await press('contacted');
    const again = await press('contacted');

    expect(first.status).toBe(200);
    expect(await first.text()).toContain('Contacted ✓');
    expect(again.status).toBe(200);
    const lead = (await api.get(`/admin/leads/${leadId}`)).body;
    expect(lead.decisions.filter((d: any) => d.outcome === 'outcome')).toEqual([
      expect.objectContaining({ stage: 'contacted', actor: 'rep', repId: rep.id }),
    ]);
    expect((await press('married')).status).toBe(400);
  });

  it('answers 400 for an unknown stage and 404 for an unknown lead', async () => {
    expect((await api.post('/admin/leads/nope/outcome', { stage: 'won' })).status).toBe(404);
    const bad = await api.post('/admin/leads/nope/outcome', { stage: 'married' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('stage');
  });
});
