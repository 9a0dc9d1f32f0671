// The webhook queue's messages. The EventBridge rule puts each lead event on it as an
// EventBridge event; retries are put on it by the delivery function as jobs. SQS holds a
// message back at most 15 minutes, so a job due later carries its due time and is put back
// with the rest of its delay until it is due.
import type { LeadEvent } from '../../core/events/lead-events';
import type { Clock } from '../../core/shared/ports';
import type { DeliveryJob, DeliveryJobs } from '../../core/webhooks/ports';
import type { MessageSender } from './message-sender';

/** The longest SQS holds a message back. */
export const MAX_QUEUE_DELAY_SECONDS = 900;

/** A retry on the queue: the job and when it is due. */
export interface QueuedDeliveryJob {
  job: DeliveryJob;
  dueAt: string;
}

/** What a webhook queue message holds: new events from the bus, or a retry. */
export type WebhookQueueMessage = { kind: 'events'; events: LeadEvent[] } | { kind: 'job'; queued: QueuedDeliveryJob };

/** Reads a message body: an EventBridge event whose detail is a lead event, or a queued job. */
export function readWebhookQueueMessage(body: string): WebhookQueueMessage {
  const parsed = JSON.parse(body) as { detail?: LeadEvent; job?: DeliveryJob; dueAt?: string };
  if (parsed.detail) return { kind: 'events', events: [parsed.detail] };
  if (parsed.job && parsed.dueAt) return { kind: 'job', queued: { job: parsed.job, dueAt: parsed.dueAt } };
  throw new Error('not a webhook queue message');
}

/** Retries onto the webhook queue, a hop of at most 15 minutes at a time. */
export class WebhookQueue implements DeliveryJobs {
  constructor(
    private readonly sender: MessageSender,
    private readonly clock: Clock,
  ) {}

  async schedule(job: DeliveryJob, delaySeconds: number): Promise<void> {
    const dueAt = new Date(this.clock.now().getTime() + delaySeconds * 1000).toISOString();
    await this.putBack({ job, dueAt });
  }

  /** Puts a job not yet due back on the queue, for the rest of its delay or the next 15 minutes of it; false when it is due. */
  async putBackUnlessDue(queued: QueuedDeliveryJob): Promise<boolean> {
    if (Date.parse(queued.dueAt) <= this.clock.now().getTime()) return false;
    await this.putBack(queued);
    return true;
  }

  private async putBack(queued: QueuedDeliveryJob): Promise<void> {
    const waitMs = Math.max(0, Date.parse(queued.dueAt) - this.clock.now().getTime());
    await this.sender.send(JSON.stringify(queued), Math.min(waitMs, MAX_QUEUE_DELAY_SECONDS * 1000));
  }
}
