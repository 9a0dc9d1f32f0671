// A webhook subscription as a form holds it, and its deliveries in words.

import { formatTime } from './format';
import type { Webhook, WebhookDelivery } from './types';

export interface WebhookDraft {
  url: string;
  /** Every event, now and later (`["*"]`), or the ones checked. */
  allEvents: boolean;
  events: string[];
  description: string;
  includeContact: boolean;
  format: 'json' | 'slack';
}

/** An empty subscription: every event, JSON, no contact. */
export function blankWebhook(): WebhookDraft {
  return { url: '', allEvents: true, events: [], description: '', includeContact: false, format: 'json' };
}

/** The form's values for a subscription. */
export function webhookDraft(webhook: Webhook): WebhookDraft {
  const all = webhook.events.includes('*');
  return {
    url: webhook.url,
    allEvents: all,
    events: all ? [] : [...webhook.events],
    description: webhook.description ?? '',
    includeContact: webhook.includeContact,
    format: webhook.format,
  };
}

/** The body of `POST` or `PATCH /admin/webhooks`: `["*"]` for every event; an empty description left out. */
export function webhookBody(draft: WebhookDraft) {
  const description = draft.description.trim();
  return {
    url: draft.url.trim(),
    events: draft.allEvents ? ['*'] : draft.events,
    ...(description ? { description } : {}),
    includeContact: draft.includeContact,
    format: draft.format,
  };
}

/** One delivery's attempts in words: `200 in 35 ms` or `connection refused`, newest last. */
export function attemptsText(delivery: WebhookDelivery): string {
  if (delivery.attempts.length === 0) return 'not tried yet';
  return delivery.attempts
    .map((a) => {
      const what = a.statusCode !== undefined ? `HTTP ${a.statusCode}` : 'no answer';
      return `${what}${a.error ? ` (${a.error})` : ''} in ${a.durationMs} ms`;
    })
    .join('; ');
}

/** What happens next to a delivery: its next try, or that it is done. */
export function deliveryNext(delivery: WebhookDelivery): string {
  if (delivery.status === 'succeeded') return 'delivered';
  if (delivery.status === 'failed') return 'gave up';
  return delivery.nextAttemptAt ? `next try ${formatTime(delivery.nextAttemptAt)}` : 'waiting';
}
