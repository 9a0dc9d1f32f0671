import type { Notifier, RepNotification } from '../../core/notices/ports';
import type { Clock } from '../../core/shared/ports';

export interface OutboxMessage extends RepNotification {
  at: string;
}

/** The local stand-in for SNS: notifications are kept in memory and shown at /dev/outbox. */
export class OutboxNotifier implements Notifier {
  private readonly messages: OutboxMessage[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly capacity = 1_000,
  ) {}

  async notify(notification: RepNotification): Promise<void> {
    this.messages.push({ ...notification, at: this.clock.now().toISOString() });
    if (this.messages.length > this.capacity) this.messages.splice(0, this.messages.length - this.capacity);
  }

  async notifyMany(notifications: readonly RepNotification[]): Promise<void> {
    for (const notification of notifications) await this.notify(notification);
  }

  /** Newest last, optionally only one rep's or one lead's. */
  list(filter: { repId?: string; leadId?: string } = {}): OutboxMessage[] {
    return this.messages.filter(
      (m) => (!filter.repId || m.repId === filter.repId) && (!filter.leadId || m.leadId === filter.leadId),
    );
  }
}
