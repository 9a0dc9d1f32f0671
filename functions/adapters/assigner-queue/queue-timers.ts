import type { Clock, LeadTimer, Timers } from '../../core/shared/ports';

/** Lead timers as delayed messages on the ingest queue (SQS in AWS, in process locally). */
export class QueueTimers implements Timers {
  constructor(
    private readonly queue: { enqueueTimer(timer: LeadTimer, now: Date): Promise<void> },
    private readonly clock: Clock,
  ) {}

  schedule(timer: LeadTimer): Promise<void> {
    return this.queue.enqueueTimer(timer, this.clock.now());
  }
}
