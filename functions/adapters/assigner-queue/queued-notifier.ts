import type { LeadQueue, Notifier, RepNotification } from '../../core/shared/ports';

/**
 * Notifies reps by asking the assigner to: the notice rides the ingest queue, so functions
 * other than the assigner need no SNS client (smaller bundles, one delivery path).
 */
export class QueuedNotifier implements Notifier {
  constructor(private readonly queue: Pick<LeadQueue, 'enqueueNotice'>) {}

  notify(notification: RepNotification): Promise<void> {
    return this.queue.enqueueNotice(notification);
  }

  async notifyMany(notifications: readonly RepNotification[]): Promise<void> {
    for (const notification of notifications) await this.queue.enqueueNotice(notification);
  }
}
