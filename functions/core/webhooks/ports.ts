import type { LeadEvent } from '../events/lead-events';
import type { StoredWebhook, WebhookDelivery } from './webhook';

/** Webhook subscriptions and their deliveries. */
export interface WebhookStore {
  saveWebhook(webhook: StoredWebhook): Promise<void>;
  getWebhook(id: string): Promise<StoredWebhook | undefined>;
  listWebhooks(): Promise<StoredWebhook[]>;
  /** False when there was none. */
  deleteWebhook(id: string): Promise<boolean>;
  saveDelivery(delivery: WebhookDelivery): Promise<void>;
  getDelivery(subscriptionId: string, deliveryId: string): Promise<WebhookDelivery | undefined>;
  /** A subscription's deliveries, newest first. */
  listDeliveries(subscriptionId: string, limit: number): Promise<WebhookDelivery[]>;
}

/** Refuses a URL leadrouter must not call (SSRF): throws `ValidationError`; checked at subscribe time and at every delivery. */
export interface WebhookUrlPolicy {
  check(url: string): Promise<void>;
}

/** An HTTP POST to a receiver: its status, or a rejection when it could not be reached. */
export interface WebhookSender {
  post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number }>;
}

/** One attempt to make: which event to which subscription, the how-manyth. */
export interface DeliveryJob {
  subscriptionId: string;
  /** The event itself (without contact), as the bus carried it. */
  event: LeadEvent;
  attempt: number;
}

/** Later attempts: on a queue with a delay (SQS in AWS, in process locally). */
export interface DeliveryJobs {
  schedule(job: DeliveryJob, delaySeconds: number): Promise<void>;
}
