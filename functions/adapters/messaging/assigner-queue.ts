import type { LeadRequest, LeadRequests, LeadTimer, RoutingQueue, Timers } from '../../core/assignment/ports';
import type { LeadMessage } from '../../core/leads/lead';
import type { Notifier, RepNotification } from '../../core/notices/ports';
import type { Clock } from '../../core/shared/ports';
import { type AssignerMessage, encodeAssignerMessage } from '../../sqs/assigner-messages';
import type { MessageSender } from './message-sender';

/**
 * The assigner's queue, seen from the functions that write to it: leads to route, notices
 * to deliver (only the assigner talks to SNS, so other functions need no SNS client), lead
 * timers (delayed messages), lead requests (passes, a leaving rep's leads) and subscription
 * syncs. Each is a tagged message.
 */
export class AssignerQueue implements RoutingQueue, Notifier, Timers, LeadRequests {
  constructor(
    private readonly sender: MessageSender,
    private readonly clock: Clock,
  ) {}

  enqueue(lead: LeadMessage): Promise<void> {
    return this.send({ kind: 'route', lead });
  }

  notify(notice: RepNotification): Promise<void> {
    return this.send({ kind: 'notice', notice });
  }

  async notifyMany(notices: readonly RepNotification[]): Promise<void> {
    for (const notice of notices) await this.notify(notice);
  }

  /** A lead timer: a message held back until it is due. */
  schedule(timer: LeadTimer): Promise<void> {
    return this.send({ kind: 'timer', timer }, Math.max(0, Date.parse(timer.dueAt) - this.clock.now().getTime()));
  }

  /** A pass or a reassignment, for the assigner to act on at once. */
  request(request: LeadRequest): Promise<void> {
    return this.send({ kind: 'lead_request', request });
  }

  /** Asks the assigner to bring the rep's notification subscriptions in line with their record. */
  requestChannelSync(repId: string): Promise<void> {
    return this.send({ kind: 'sync_channels', repId });
  }

  private send(message: AssignerMessage, delayMs = 0): Promise<void> {
    return this.sender.send(encodeAssignerMessage(message), delayMs);
  }
}
