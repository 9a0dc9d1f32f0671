import { ConflictError, NotFoundError } from '../shared/errors';
import { newId } from '../shared/ids';
import type { Clock } from '../shared/ports';
import { assertVersion } from '../shared/preconditions';
import type { DeliveryJobs, WebhookStore, WebhookUrlPolicy } from './ports';
import {
  type StoredWebhook,
  type Webhook,
  type WebhookCreate,
  type WebhookDelivery,
  type WebhookPatch,
  webhookView,
} from './webhook';
import { newWebhookSecret } from './webhook-signature';

export interface WebhookAdminDeps {
  webhooks: WebhookStore;
  urls: WebhookUrlPolicy;
  jobs: DeliveryJobs;
  clock: Clock;
}

/** Subscribes a URL to lead events; the answer is the only time the secret is shown. */
export async function createWebhook(deps: WebhookAdminDeps, input: WebhookCreate): Promise<StoredWebhook> {
  await deps.urls.check(input.url);
  const now = deps.clock.now();
  const webhook: StoredWebhook = {
    id: newId('wh', now.getTime()),
    url: input.url,
    events: [...new Set(input.events)],
    ...(input.description ? { description: input.description } : {}),
    includeContact: input.includeContact,
    format: input.format,
    status: 'enabled',
    secret: newWebhookSecret(),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
  };
  await deps.webhooks.saveWebhook(webhook);
  return webhook;
}

async function stored(deps: Pick<WebhookAdminDeps, 'webhooks'>, id: string): Promise<StoredWebhook> {
  const webhook = await deps.webhooks.getWebhook(id);
  if (!webhook) throw new NotFoundError('webhook', id);
  return webhook;
}

/** Every subscription, oldest first, without secrets. */
export async function listWebhooks(deps: Pick<WebhookAdminDeps, 'webhooks'>): Promise<Webhook[]> {
  return (await deps.webhooks.listWebhooks()).map(webhookView).sort((a, b) => a.id.localeCompare(b.id));
}

/** One subscription, without its secret. */
export async function getWebhook(deps: Pick<WebhookAdminDeps, 'webhooks'>, id: string): Promise<Webhook> {
  return webhookView(await stored(deps, id));
}

/** Changes a subscription; turning it back on (`enabled: true`) clears why it was disabled. */
export async function updateWebhook(
  deps: WebhookAdminDeps,
  id: string,
  patch: WebhookPatch,
  options: { ifVersion?: number } = {},
): Promise<Webhook> {
  const current = await stored(deps, id);
  assertVersion(current.version, options.ifVersion);
  if (patch.url !== undefined) await deps.urls.check(patch.url);
  const { enabled, ...changes } = withoutUndefined(patch);
  const { disabledReason, failingSince, ...rest } = current;
  const next: StoredWebhook = {
    ...rest,
    ...changes,
    ...(changes.events ? { events: [...new Set(changes.events)] } : {}),
    status: enabled === undefined ? current.status : enabled ? 'enabled' : 'disabled',
    updatedAt: deps.clock.now().toISOString(),
    version: current.version + 1,
  };
  // Turning it on starts afresh; turning it off says who did; otherwise what was is kept.
  if (enabled === false) next.disabledReason = 'disabled by an admin';
  else if (enabled === undefined) {
    if (disabledReason) next.disabledReason = disabledReason;
    if (failingSince) next.failingSince = failingSince;
  }
  await deps.webhooks.saveWebhook(next);
  return webhookView(next);
}

/** Removes a subscription; deliveries under way stop at their next attempt. */
export async function deleteWebhook(deps: Pick<WebhookAdminDeps, 'webhooks'>, id: string): Promise<void> {
  if (!(await deps.webhooks.deleteWebhook(id))) throw new NotFoundError('webhook', id);
}

/** A new signing secret, shown this once; deliveries from now on are signed with it. */
export async function rotateWebhookSecret(deps: WebhookAdminDeps, id: string): Promise<StoredWebhook> {
  const current = await stored(deps, id);
  const next: StoredWebhook = {
    ...current,
    secret: newWebhookSecret(),
    updatedAt: deps.clock.now().toISOString(),
    version: current.version + 1,
  };
  await deps.webhooks.saveWebhook(next);
  return next;
}

/** A subscription's most recent deliveries, newest first. */
export async function listWebhookDeliveries(
  deps: Pick<WebhookAdminDeps, 'webhooks'>,
  id: string,
  limit = 100,
): Promise<WebhookDelivery[]> {
  await stored(deps, id);
  return deps.webhooks.listDeliveries(id, limit);
}

/** Sends a delivery again now (an attempt more, the same `webhook-id`), whatever became of it. */
export async function retryWebhookDelivery(
  deps: WebhookAdminDeps,
  id: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  const webhook = await stored(deps, id);
  if (webhook.status !== 'enabled')
    throw new ConflictError('The webhook is disabled; enable it first', undefined, 'webhook_disabled');
  const delivery = await deps.webhooks.getDelivery(id, deliveryId);
  if (!delivery) throw new NotFoundError('delivery', deliveryId);
  await deps.jobs.schedule({ subscriptionId: id, event: delivery.event, attempt: delivery.attempts.length + 1 }, 0);
  return delivery;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
