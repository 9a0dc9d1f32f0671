import type { LeadMessage } from '../../core/lead';
import type { LeadQueue, RepNotification } from '../../core/ports';
import { noticeMessage } from '../../core/queue-message';
import type { InProcessQueue } from './in-process-queue';

/** The ingest queue on the in-process queue of the local stack. */
export class LocalLeadQueue implements LeadQueue {
  constructor(private readonly queue: InProcessQueue) {}

  async enqueue(message: LeadMessage): Promise<void> {
    this.queue.send(JSON.stringify(message));
  }

  async enqueueNotice(notification: RepNotification): Promise<void> {
    this.queue.send(JSON.stringify(noticeMessage(notification)));
  }
}
