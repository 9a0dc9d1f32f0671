// Webhook subscriptions: where lead events are POSTed, which ones, and how (the raw event, or
// a Slack message). Signed by the Standard Webhooks convention with the subscription's secret.
import * as z from 'zod/mini';
import { LeadEventSchema } from '../events/lead-event-schema';
import { LEAD_EVENT_TYPES, type LeadEventType } from '../events/lead-events';
import { timestamp } from '../shared/timestamp';

export const WEBHOOK_FORMATS = ['json', 'slack'] as const;

const eventFilter = z
  .array(z.enum(['*', ...LEAD_EVENT_TYPES]))
  .check(z.minLength(1), z.maxLength(LEAD_EVENT_TYPES.length + 1));
const url = z.string().check(z.trim(), z.minLength(1), z.maxLength(2_000));

/** `POST /admin/webhooks` body. */
export const WebhookCreateSchema = z.strictObject({
  url,
  /** Event types to receive, or `["*"]` for all. */
  events: eventFilter,
  description: z.optional(z.string().check(z.maxLength(500))),
  /** Add the lead's fields and custom fields (`data.contact`) to each event. */
  includeContact: z._default(z.boolean(), false),
  format: z._default(z.enum(WEBHOOK_FORMATS), 'json'),
});
export type WebhookCreate = z.output<typeof WebhookCreateSchema>;

/** `PATCH /admin/webhooks/{id}` body; `enabled: true` turns a disabled subscription back on. */
export const WebhookPatchSchema = z.strictObject({
  url: z.optional(url),
  events: z.optional(eventFilter),
  description: z.optional(z.string().check(z.maxLength(500))),
  includeContact: z.optional(z.boolean()),
  format: z.optional(z.enum(WEBHOOK_FORMATS)),
  enabled: z.optional(z.boolean()),
});
export type WebhookPatch = z.output<typeof WebhookPatchSchema>;

/** A subscription as the API shows it: never its secret. */
export const WebhookSchema = z.strictObject({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.optional(z.string()),
  includeContact: z.boolean(),
  format: z.enum(WEBHOOK_FORMATS),
  /** `disabled` after deliveries failed for days (`disabledReason` says so), or by an admin. */
  status: z.enum(['enabled', 'disabled']),
  disabledReason: z.optional(z.string()),
  /** Since when every delivery has failed (cleared by the next success). */
  failingSince: z.optional(timestamp),
  createdAt: timestamp,
  updatedAt: timestamp,
  version: z.int(),
});
export type Webhook = z.output<typeof WebhookSchema>;

/** A subscription as stored: with its signing secret. */
export type StoredWebhook = Webhook & { secret: string };

/** A subscription just created, or its secret rotated: the only answers that show the secret (`whsec_…`). */
export const WebhookWithSecretSchema = z.extend(WebhookSchema, { secret: z.string().check(z.regex(/^whsec_/)) });

export const WebhookListSchema = z.strictObject({ webhooks: z.array(WebhookSchema) });

/** One try of one delivery. */
export const DeliveryAttemptSchema = z.strictObject({
  at: timestamp,
  /** The receiver's HTTP status; absent when it could not be reached. */
  statusCode: z.optional(z.int()),
  error: z.optional(z.string()),
  durationMs: z.int(),
});

/** One event's delivery to one subscription, with every attempt; its id is the event's (the `webhook-id`). */
export const WebhookDeliverySchema = z.strictObject({
  id: z.string(),
  subscriptionId: z.string(),
  eventType: z.enum(LEAD_EVENT_TYPES),
  leadId: z.string(),
  /** `pending` while retries remain, `succeeded`, or `failed` once they ran out. */
  status: z.enum(['pending', 'succeeded', 'failed']),
  attempts: z.array(DeliveryAttemptSchema),
  nextAttemptAt: z.optional(timestamp),
  createdAt: timestamp,
  /** The event as delivered, without contact (added afresh at each attempt when asked for). */
  event: LeadEventSchema,
});
export type WebhookDelivery = z.output<typeof WebhookDeliverySchema>;
export type DeliveryAttempt = z.output<typeof DeliveryAttemptSchema>;

export const WebhookDeliveryListSchema = z.strictObject({ deliveries: z.array(WebhookDeliverySchema) });

/** The subscription without its secret. */
export function webhookView({ secret: _secret, ...webhook }: StoredWebhook): Webhook {
  return webhook;
}

/** Whether an enabled subscription wants this event type. */
export function wantsEvent(webhook: Pick<Webhook, 'events' | 'status'>, type: LeadEventType): boolean {
  return webhook.status === 'enabled' && (webhook.events.includes('*') || webhook.events.includes(type));
}
