import { describe, expect, it } from 'vitest';
import { describeDecision } from '../../console/src/decisions';
import { namer } from '../../console/src/directory';
import { eventText } from '../../console/src/timeline-text';
import type { LeadEvent, WebhookDelivery } from '../../console/src/types';
import { attemptsText, blankWebhook, deliveryNext, webhookBody, webhookDraft } from '../../console/src/webhook-form';

const nameOf = namer([
  { id: 'R1', name: 'Ana' },
  { id: 'P1', name: 'Inbound' },
]);
const at = '2026-12-01T10:00:00.000Z';

describe('a webhook subscription in the form', () => {
  it('sends every event as ["*"], leaves an empty description out and trims the URL', () => {
    expect(webhookBody({ ...blankWebhook(), url: ' https://crm.example.com/hook ' })).toEqual({
      url: 'https://crm.example.com/hook',
      events: ['*'],
      includeContact: false,
      format: 'json',
    });
  });

  it('keeps the chosen events and reads a stored subscription back into the same draft', () => {
    const draft = {
      ...blankWebhook(),
      url: 'https://x.example',
      allEvents: false,
      events: ['lead.assigned'],
      description: 'CRM',
    };
    const body = webhookBody(draft);
    expect(body).toMatchObject({ events: ['lead.assigned'], description: 'CRM' });
    const stored = { id: 'wh_1', status: 'enabled' as const, createdAt: at, updatedAt: at, version: 1, ...body };
    expect(webhookDraft(stored)).toEqual(draft);
  });
});

describe("a webhook's deliveries, in words", () => {
  const delivery = (fields: Partial<WebhookDelivery>): WebhookDelivery =>
    ({
      id: 'evt_1',
      subscriptionId: 'wh_1',
      eventType: 'lead.assigned',
      leadId: 'L1',
      status: 'pending',
      attempts: [],
      createdAt: at,
      ...fields,
    }) as WebhookDelivery;

  it('gives each attempt its status code or error and duration', () => {
    const d = delivery({
      attempts: [
        { at, error: 'connection refused', durationMs: 3 },
        { at, statusCode: 500, durationMs: 40 },
      ],
    });
    expect(attemptsText(d)).toBe('no answer (connection refused) in 3 ms; HTTP 500 in 40 ms');
    expect(attemptsText(delivery({}))).toBe('not tried yet');
  });

  it('says whether a delivery is done, given up or when it is tried next', () => {
    expect(deliveryNext(delivery({ status: 'succeeded' }))).toBe('delivered');
    expect(deliveryNext(delivery({ status: 'failed' }))).toBe('gave up');
    expect(deliveryNext(delivery({ nextAttemptAt: at }))).toMatch(/^next try /);
  });
});

describe("a lead's timeline and outcomes, in words", () => {
  const event = (type: LeadEvent['type'], data: Partial<LeadEvent['data']>): LeadEvent => ({
    id: 'evt_L1_1',
    type,
    timestamp: at,
    data: { leadId: 'L1', seq: 1, actor: 'assigner', sourceId: 'S1', ...data },
  });

  it('names what happened, to whom, where and who did it', () => {
    expect(eventText(event('lead.assigned', { repId: 'R1', poolId: 'P1' }), nameOf)).toBe(
      'Assigned to Ana in Inbound, by the router',
    );
    expect(eventText(event('lead.received', { actor: 'source' }), nameOf)).toBe('Received, by its source');
  });

  it("names an outcome's stage and the rep it is counted for", () => {
    const decision = { at, outcome: 'outcome', stage: 'won', actor: 'admin', candidates: [] } as never;
    expect(eventText(event('lead.outcome', { actor: 'admin', repId: 'R1', decision }), nameOf)).toBe(
      'Outcome “won” for Ana, by an admin',
    );
  });

  it('says an outcome decision with its value and note', () => {
    const decision = {
      at,
      outcome: 'outcome',
      stage: 'won',
      value: 1200,
      note: 'signed',
      skipped: [],
      actor: 'admin',
      candidates: [],
    } as never;
    expect(describeDecision(decision, nameOf).summary).toBe(
      'An admin recorded the outcome “won” worth 1,200: “signed”.',
    );
  });
});
