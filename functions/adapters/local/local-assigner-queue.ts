import type { LeadMessage } from '../../core/leads/lead';
import type { LeadQueue, LeadTimer, RepNotification } from '../../core/shared/ports';
import { noticeMessage, timerMessage } from '../../sqs/assigner-messages';
import type { InProcessQueue } from './in-process-sqs';

/** The ingest queue on the in-process queue of the local stack. */
export class LocalLeadQueue implements LeadQueue {
  constructor(private readonly queue: InProcessQueue) {}

  async enqueue(message: LeadMessage): Promise<void> {
    this.queue.send(JSON.stringify(message));
  }

  async enqueueNotice(notification: RepNotification): Promise<void> {
    this.queue.send(JSON.stringify(noticeMessage(notification)));
  }

  async enqueueChannelSync(repId: string): Promise<void> {
    this.queue.send(JSON.stringify({ type: 'sync_channels', repId }));
  }

  /** The timer runs in process: a message held back until it is due (no 15-minute limit here). */
  async enqueueTimer(timer: LeadTimer, now: Date): Promise<void> {
    this.queue.send(JSON.stringify(timerMessage(timer)), Math.max(0, Date.parse(timer.dueAt) - now.getTime()));
  }
}
