// Delivering lead events to webhook subscriptions: at least once, signed, retried with
// growing delays for more than a day, each attempt recorded; a subscription whose every
// delivery has failed for days is disabled, saying why.
import { type LeadEvent, withContact } from '../events/lead-events';
import type { Lead } from '../leads/lead';
import type { LeadStore } from '../leads/ports';
import type { Clock } from '../shared/ports';
import type { DeliveryJob, DeliveryJobs, WebhookSender, WebhookStore, WebhookUrlPolicy } from './ports';
import { type SlackMessageParts, slackMessage } from './slack-message';
import { type DeliveryAttempt, type StoredWebhook, type WebhookDelivery, wantsEvent } from './webhook';
import { webhookHeaders } from './webhook-signature';

/**
 * Seconds before each retry: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (the Standard Webhooks
 * guidance), so the eighth and last attempt comes about 27.6 hours after the first.
 */
export const RETRY_DELAYS_SECONDS: readonly number[] = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];

/** A subscription whose deliveries have all failed this long is disabled. */
export const DISABLE_AFTER_MS = 5 * 24 * 60 * 60 * 1000;

export interface WebhookDeliveryDeps {
  webhooks: WebhookStore;
  sender: WebhookSender;
  urls: WebhookUrlPolicy;
  jobs: DeliveryJobs;
  clock: Clock;
  /** The lead, read only for subscriptions that want its contact or a Slack message. */
  leads: Pick<LeadStore, 'get'>;
  /** Names and the accept link for Slack messages. */
  slackParts: (event: LeadEvent) => Promise<SlackMessageParts>;
  /** Shorter delays for local runs and tests. */
  retryDelaysSeconds?: readonly number[];
}

/** Sends each event to every enabled subscription that wants it (first attempts, in parallel). */
export async function deliverLeadEvents(deps: WebhookDeliveryDeps, events: readonly LeadEvent[]): Promise<void> {
  const webhooks = (await deps.webhooks.listWebhooks()).filter((w) => w.status === 'enabled');
  const leads = new Map<string, Promise<Lead | undefined>>();
  const leadOf = (id: string) => leads.get(id) ?? leads.set(id, deps.leads.get(id)).get(id)!;
  const attempts = events.flatMap((event) =>
    webhooks
      .filter((webhook) => wantsEvent(webhook, event.type))
      .map((webhook) => attemptDelivery(deps, { subscriptionId: webhook.id, event, attempt: 1 }, { webhook, leadOf })),
  );
  await Promise.all(attempts);
}

export type AttemptResult = 'succeeded' | 'retrying' | 'failed' | 'skipped';

/**
 * One attempt of one delivery. A repeated job (the bus or queue delivered it twice) is
 * skipped: each attempt number is made once, so the receiver gets each event once per attempt.
 */
export async function attemptDelivery(
  deps: WebhookDeliveryDeps,
  job: DeliveryJob,
  known: { webhook?: StoredWebhook; leadOf?: (id: string) => Promise<Lead | undefined> } = {},
): Promise<AttemptResult> {
  const webhook = known.webhook ?? (await deps.webhooks.getWebhook(job.subscriptionId));
  if (webhook?.status !== 'enabled') return 'skipped';
  const { event } = job;
  const previous = await deps.webhooks.getDelivery(webhook.id, event.id);
  if ((previous?.attempts.length ?? 0) >= job.attempt) return 'skipped';

  const leadOf = known.leadOf ?? ((id: string) => deps.leads.get(id));
  const body = JSON.stringify(await payload(deps, webhook, event, leadOf));
  const started = deps.clock.now();
  const attempt: DeliveryAttempt = { at: started.toISOString(), durationMs: 0 };
  try {
    await deps.urls.check(webhook.url);
    const headers = webhookHeaders(webhook.secret, event.id, Math.floor(started.getTime() / 1000), body);
    const { status } = await deps.sender.post(webhook.url, headers, body);
    attempt.statusCode = status;
    if (status < 200 || status >= 300) attempt.error = `the receiver answered ${status}`;
  } catch (error) {
    attempt.error = (error as Error).message.slice(0, 300);
  }
  const ended = deps.clock.now();
  attempt.durationMs = Math.max(0, ended.getTime() - started.getTime());

  const delays = deps.retryDelaysSeconds ?? RETRY_DELAYS_SECONDS;
  const succeeded = attempt.error === undefined;
  const delay = delays[job.attempt - 1];
  const retrying = !succeeded && delay !== undefined;
  const delivery: WebhookDelivery = {
    id: event.id,
    subscriptionId: webhook.id,
    eventType: event.type,
    leadId: event.data.leadId,
    status: succeeded ? 'succeeded' : retrying ? 'pending' : 'failed',
    attempts: [...(previous?.attempts ?? []), attempt],
    ...(retrying ? { nextAttemptAt: new Date(ended.getTime() + delay * 1000).toISOString() } : {}),
    createdAt: previous?.createdAt ?? started.toISOString(),
    event,
  };
  await deps.webhooks.saveDelivery(delivery);
  if (retrying) await deps.jobs.schedule({ ...job, attempt: job.attempt + 1 }, delay);
  await noteHealth(deps, webhook, succeeded, attempt, ended);
  return succeeded ? 'succeeded' : retrying ? 'retrying' : 'failed';
}

async function payload(
  deps: WebhookDeliveryDeps,
  webhook: StoredWebhook,
  event: LeadEvent,
  leadOf: (id: string) => Promise<Lead | undefined>,
): Promise<unknown> {
  if (webhook.format === 'slack')
    return slackMessage(event, await leadOf(event.data.leadId), await deps.slackParts(event));
  const lead = webhook.includeContact ? await leadOf(event.data.leadId) : undefined;
  const { type, timestamp, data } = lead ? withContact(event, lead) : event;
  return { type, timestamp, data };
}

/** Keeps `failingSince` and disables a subscription that has failed for days. */
async function noteHealth(
  deps: WebhookDeliveryDeps,
  webhook: StoredWebhook,
  succeeded: boolean,
  attempt: DeliveryAttempt,
  now: Date,
): Promise<void> {
  if (succeeded) {
    if (!webhook.failingSince) return;
    const { failingSince: _, ...healthy } = webhook;
    await deps.webhooks.saveWebhook({ ...healthy, updatedAt: now.toISOString(), version: webhook.version + 1 });
    return;
  }
  const failingSince = webhook.failingSince ?? now.toISOString();
  const failingFor = now.getTime() - Date.parse(failingSince);
  if (webhook.failingSince && failingFor < DISABLE_AFTER_MS) return;
  const disabled = failingFor >= DISABLE_AFTER_MS;
  await deps.webhooks.saveWebhook({
    ...webhook,
    failingSince,
    ...(disabled
      ? {
          status: 'disabled',
          disabledReason: `every delivery failed since ${failingSince} (last: ${attempt.error ?? 'unknown'})`,
        }
      : {}),
    updatedAt: now.toISOString(),
    version: webhook.version + 1,
  });
}
