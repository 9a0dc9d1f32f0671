import type { RepChannels } from '../../core/notices/ports';
import { type NotifyChannel, notificationEndpoints, type Rep } from '../../core/team/rep';

/** The local stand-in for SNS subscriptions: it records who would be subscribed where. */
export class RecordedRepChannels implements RepChannels {
  readonly subscriptions = new Map<string, Partial<Record<NotifyChannel, string>>>();

  constructor(private readonly reps: { getRep(id: string): Promise<Rep | undefined> }) {}

  async sync(repId: string): Promise<void> {
    const endpoints = notificationEndpoints(await this.reps.getRep(repId));
    if (Object.keys(endpoints).length === 0) this.subscriptions.delete(repId);
    else this.subscriptions.set(repId, endpoints);
  }
}
