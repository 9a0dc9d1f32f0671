import { describe, expect, it } from 'vitest';
import type { LeadMessage } from '../../functions/core/leads/lead';
import { NotFoundError, UnauthorizedError, ValidationError } from '../../functions/core/shared/errors';
import type { EnrichmentJob } from '../../functions/core/sources/ports';
import { answerSubscriptionHandshake, receiveWebhook } from '../../functions/core/sources/receive-webhook';
import type { Source } from '../../functions/core/sources/source';
import { webhookDelivery } from '../../functions/http/handlers/ingest-handlers';
import type { HttpRequest } from '../../functions/http/http-types';
import { fixedClock } from '../support/builders';
import { fixtureText, googleAdsBody, jsonSignature, linkedinSignature, metaSignature } from '../support/fixtures';
import { aSource, MemoryLeadIntake, MemorySources, RecordingQueue } from '../support/memory-stores';

function setUp(source: Source) {
  const intake = new MemoryLeadIntake();
  const queue = new RecordingQueue<LeadMessage>();
  const enrichment = new RecordingQueue<EnrichmentJob>();
  const clock = fixedClock();
  const deps = { sources: new MemorySources([source]), intake, leads: intake, queue, enrichment, clock };
  // Delivered as the webhook route hands it over: the kind's signature header, Idempotency-Key, the body's media type.
  const deliver = async (body: string, headers: Record<string, string> = {}, encoding: 'json' | 'form' = 'json') => {
    const type = encoding === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
    const request = {
      headers: { 'content-type': type, ...headers },
      bodyBytes: Buffer.from(body),
    } as unknown as HttpRequest;
    return receiveWebhook(deps, source, webhookDelivery(request, source));
  };
  return { intake, queue, enrichment, clock, deliver };
}

const form = aSource('src_form', 'pool_1');

describe('receiveWebhook', () => {
  it('stores a form lead as received, then queues its snapshot for the assigner', async () => {
    const { intake, queue, deliver } = setUp(form);
    const { leads } = await deliver('email=ada%40example.com&name=Ada', {}, 'form');
    expect(leads).toEqual([{ leadId: expect.any(String), duplicate: false }]);
    expect(intake.leads.get(leads[0]!.leadId)).toMatchObject({
      status: 'received',
      fields: { email: 'ada@example.com', name: 'Ada' },
    });
    expect(queue.sent).toEqual([expect.objectContaining({ leadId: leads[0]!.leadId, sourceId: 'src_form' })]);
  });

  it('drops a submission that fills the honeypot, answering with a fresh-looking id', async () => {
    const { intake, queue, deliver } = setUp({ ...form, honeypotField: 'url' } as Source);
    const { leads } = await deliver(JSON.stringify({ email: 'bot@example.com', url: 'x' }));
    expect(leads[0]!.leadId).toMatch(/^[0-9A-Z]{26}$/);
    expect(intake.leads.size).toBe(0);
    expect(queue.sent).toEqual([]);
  });

  it('answers a repeat with the original lead, and queues it again while it still waits (its first queueing may have failed)', async () => {
    const { intake, queue, deliver } = setUp(form);
    const body = JSON.stringify({ email: 'retry@example.com' });
    queue.failNext = 1;
    await expect(deliver(body, { 'idempotency-key': 'k-1' })).rejects.toThrow('queue unavailable');
    expect(intake.leads.size).toBe(1);

    const retry = await deliver(body, { 'idempotency-key': 'k-1' });
    const [stored] = intake.leads.keys();
    expect(retry.leads).toEqual([{ leadId: stored, duplicate: true }]);
    expect(queue.sent.map((m) => m.leadId)).toEqual([stored]);

    intake.leads.get(stored!)!.status = 'assigned';
    await deliver(body, { 'idempotency-key': 'k-1' });
    expect(queue.sent).toHaveLength(1);
  });

  it('refuses an Idempotency-Key that is not visible ASCII', async () => {
    const { deliver } = setUp(form);
    await expect(
      deliver(JSON.stringify({ email: 'a@b.co' }), { 'idempotency-key': 'white space' }),
    ).rejects.toMatchObject({ code: 'invalid_idempotency_key' });
  });

  it('refuses a signature seen before, even with another Idempotency-Key', async () => {
    const source = { ...aSource('src_json', 'pool_1'), kind: 'json', signingSecret: 'signing-secret-123' } as Source;
    const { clock, deliver } = setUp(source);
    const body = JSON.stringify({ email: 'a@example.com' });
    const signature = jsonSignature('signing-secret-123', body, clock.now().getTime() / 1000);
    await deliver(body, { 'x-leadrouter-signature': signature, 'idempotency-key': 'one' });
    const replay = deliver(body, { 'x-leadrouter-signature': signature, 'idempotency-key': 'two' });
    await expect(replay).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(replay).rejects.toMatchObject({ code: 'signature_replayed' });
  });

  it('stores a Meta leadgen without fields, waiting for enrichment, and queues an enrichment job with the exact id', async () => {
    const source = {
      ...aSource('src_meta', 'pool_1'),
      kind: 'meta_lead_ads',
      appSecret: 'app-secret',
      verifyToken: 'v',
      accessToken: 't',
    } as Source;
    const { intake, queue, enrichment, deliver } = setUp(source);
    const body = fixtureText('meta-lead-ads-webhook.json');
    const { leads } = await deliver(body, { 'x-hub-signature-256': metaSignature('app-secret', body) });
    expect(intake.leads.get(leads[0]!.leadId)).toMatchObject({
      status: 'received',
      enrichment: 'pending',
      fields: {},
      custom: { leadgen_id: '55459717045641545' },
    });
    expect(enrichment.sent).toEqual([
      expect.objectContaining({ leadId: leads[0]!.leadId, leadgenId: '55459717045641545' }),
    ]);
    expect(queue.sent).toEqual([]);
  });

  it('marks a Google test lead, and keeps a Google lead that lacks contact details', async () => {
    const source = { ...aSource('src_google', 'pool_1'), kind: 'google_ads' } as Source;
    const { intake, queue, deliver } = setUp(source);
    const body = googleAdsBody({
      google_key: source.key,
      user_column_data: [{ column_id: 'FULL_NAME', string_value: 'No Contact' }],
    });
    const { leads } = await deliver(body);
    expect(intake.leads.get(leads[0]!.leadId)).toMatchObject({ test: true, fields: { name: 'No Contact' } });
    expect(queue.sent[0]).toMatchObject({ test: true });
  });

  it('refuses an invalid form lead and stores nothing', async () => {
    const { intake, deliver } = setUp(form);
    await expect(deliver(JSON.stringify({ email: 'nope' }))).rejects.toBeInstanceOf(ValidationError);
    expect(intake.leads.size).toBe(0);
  });

  it('stores a LinkedIn lead waiting for enrichment, and answers a repeated notification with it, storing nothing', async () => {
    const source = {
      ...aSource('src_li', 'pool_1'),
      kind: 'linkedin_lead_gen',
      clientSecret: 'li-client-secret',
      accessToken: 't',
    } as Source;
    const { intake, queue, enrichment, deliver } = setUp(source);
    const body = fixtureText('linkedin-lead-notification.json');
    const headers = { 'x-li-signature': linkedinSignature('li-client-secret', body) };
    const first = await deliver(body, headers);
    const leadId = first.leads[0]!.leadId;
    expect(intake.leads.get(leadId)).toMatchObject({
      status: 'received',
      enrichment: 'pending',
      fields: {},
      custom: { linkedin_lead_id: '3b5e6a9c-7d2f-4e1b-9a8c-0f1e2d3c4b5a', linkedin_form_id: '8765432' },
    });
    expect(enrichment.sent).toEqual([
      expect.objectContaining({ leadId, leadgenId: '3b5e6a9c-7d2f-4e1b-9a8c-0f1e2d3c4b5a' }),
    ]);
    expect(queue.sent).toEqual([]);

    intake.leads.get(leadId)!.status = 'assigned';
    const repeat = await deliver(body, headers);
    expect(repeat.leads).toEqual([{ leadId, duplicate: true }]);
    expect(intake.leads.size).toBe(1);
    expect(enrichment.sent).toHaveLength(1);
  });

  it('refuses an unsigned LinkedIn notification and stores nothing', async () => {
    const source = {
      ...aSource('src_li', 'pool_1'),
      kind: 'linkedin_lead_gen',
      clientSecret: 'li-client-secret',
      accessToken: 't',
    } as Source;
    const { intake, deliver } = setUp(source);
    await expect(deliver(fixtureText('linkedin-lead-notification.json'))).rejects.toBeInstanceOf(UnauthorizedError);
    expect(intake.leads.size).toBe(0);
  });

  it('answers a subscription handshake only for Meta sources', () => {
    expect(() =>
      answerSubscriptionHandshake(form, { 'hub.mode': 'subscribe', 'hub.verify_token': 'x', 'hub.challenge': '1' }),
    ).toThrow(NotFoundError);
  });
});
