import { describe, expect, it } from 'vitest';
import type { LeadEvent } from '../../functions/core/events/lead-events';
import {
  attemptDelivery,
  DISABLE_AFTER_MS,
  deliverLeadEvents,
  RETRY_DELAYS_SECONDS,
  type WebhookDeliveryDeps,
} from '../../functions/core/webhooks/deliver-webhooks';
import type { DeliveryJob, WebhookStore } from '../../functions/core/webhooks/ports';
import type { StoredWebhook, WebhookDelivery } from '../../functions/core/webhooks/webhook';

const event: LeadEvent = {
  id: 'evt_lead_1_1',
  type: 'lead.assigned',
  timestamp: '2026-12-01T10:00:00.000Z',
  data: { leadId: 'lead_1', seq: 1, actor: 'assigner', sourceId: 'src_1', repId: 'rep_ana' },
};

function aWebhook(overrides: Partial<StoredWebhook> = {}): StoredWebhook {
  return {
    id: 'wh_1',
    url: 'https://hooks.example.com/in',
    events: ['lead.assigned'],
    includeContact: false,
    format: 'json',
    status: 'enabled',
    secret: `whsec_${Buffer.from('a secret of thirty-two bytes!!!!').toString('base64')}`,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

function setUp(status: number, webhook = aWebhook(), now = new Date('2026-12-01T10:00:00.000Z')) {
  const webhooks = new Map([[webhook.id, webhook]]);
  const deliveries = new Map<string, WebhookDelivery>();
  const scheduled: { job: DeliveryJob; delay: number }[] = [];
  const posted: Record<string, string>[] = [];
  const store: WebhookStore = {
    saveWebhook: async (w) => void webhooks.set(w.id, w),
    getWebhook: async (id) => webhooks.get(id),
    listWebhooks: async () => [...webhooks.values()],
    deleteWebhook: async (id) => webhooks.delete(id),
    saveDelivery: async (d) => void deliveries.set(d.id, d),
    getDelivery: async (_s, id) => deliveries.get(id),
    listDeliveries: async () => [...deliveries.values()],
  };
  const deps: WebhookDeliveryDeps = {
    webhooks: store,
    sender: {
      post: async (_url, headers) => {
        posted.push(headers);
        return { status };
      },
    },
    urls: { check: async () => undefined },
    jobs: { schedule: async (job, delay) => void scheduled.push({ job, delay }) },
    clock: { now: () => now },
    leads: { get: async () => undefined },
    slackParts: async () => ({}),
  };
  return { deps, webhooks, deliveries, scheduled, posted };
}

describe('webhook delivery', () => {
  it('schedules the next attempt with the growing delay while retries remain, then gives up', async () => {
    const { deps, deliveries, scheduled } = setUp(500);

    expect(await attemptDelivery(deps, { subscriptionId: 'wh_1', event, attempt: 1 })).toBe('retrying');
    expect(scheduled).toEqual([{ job: { subscriptionId: 'wh_1', event, attempt: 2 }, delay: RETRY_DELAYS_SECONDS[0] }]);
    expect(deliveries.get(event.id)).toMatchObject({ status: 'pending', attempts: [{ statusCode: 500 }] });

    const last = RETRY_DELAYS_SECONDS.length + 1;
    deliveries.get(event.id)!.attempts = Array(last - 1).fill({ at: event.timestamp, statusCode: 500, durationMs: 1 });
    expect(await attemptDelivery(deps, { subscriptionId: 'wh_1', event, attempt: last })).toBe('failed');
    expect(scheduled).toHaveLength(1);
  });

  it('retries for at least 24 hours in all', () => {
    expect(RETRY_DELAYS_SECONDS.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(24 * 3600);
  });

  it('makes each attempt once: a job delivered twice is skipped the second time', async () => {
    const { deps, posted } = setUp(204);

    await deliverLeadEvents(deps, [event]);
    await deliverLeadEvents(deps, [event]);

    expect(posted).toHaveLength(1);
    expect(posted[0]!['webhook-id']).toBe(event.id);
  });

  it('sends nothing to a subscription that does not want the event type', async () => {
    const { deps, posted } = setUp(204, aWebhook({ events: ['lead.closed'] }));

    await deliverLeadEvents(deps, [event]);

    expect(posted).toEqual([]);
  });

  it('disables a subscription whose every delivery has failed for days, saying why', async () => {
    const failingSince = new Date(Date.parse('2026-12-01T10:00:00.000Z') - DISABLE_AFTER_MS).toISOString();
    const { deps, webhooks } = setUp(410, aWebhook({ failingSince }));

    await attemptDelivery(deps, { subscriptionId: 'wh_1', event, attempt: 1 });

    expect(webhooks.get('wh_1')).toMatchObject({
      status: 'disabled',
      disabledReason: `every delivery failed since ${failingSince} (last: the receiver answered 410)`,
    });
  });

  it('notes when failures began, and forgets them at the next success', async () => {
    const failing = setUp(500);
    await attemptDelivery(failing.deps, { subscriptionId: 'wh_1', event, attempt: 1 });
    expect(failing.webhooks.get('wh_1')).toMatchObject({ status: 'enabled', failingSince: '2026-12-01T10:00:00.000Z' });

    const recovered = setUp(200, aWebhook({ failingSince: '2026-11-30T00:00:00.000Z' }));
    await attemptDelivery(recovered.deps, { subscriptionId: 'wh_1', event, attempt: 1 });
    expect(recovered.webhooks.get('wh_1')).not.toHaveProperty('failingSince');
  });
});
