import type { LeadEvent } from '../../core/events/lead-events';
import type { LeadEventBus } from '../../core/events/ports';

/** A rule on the local bus: what EventBridge rules are in AWS (the webhook delivery is one). */
export type LocalEventRule = (events: readonly LeadEvent[]) => Promise<void>;

/**
 * EventBridge's custom bus in one process: keeps the most recent events for `GET /dev/events`
 * and hands each batch to the rules. A rule that fails does not fail the publish, as a target
 * of EventBridge fails on its own.
 */
export class InProcessEventBus implements LeadEventBus {
  private readonly recent: LeadEvent[] = [];
  private readonly rules: LocalEventRule[] = [];

  constructor(
    private readonly keep = 1_000,
    private readonly onRuleError?: (error: unknown) => void,
  ) {}

  /** Adds a rule that gets every event from now on. */
  addRule(rule: LocalEventRule): void {
    this.rules.push(rule);
  }

  async publish(events: readonly LeadEvent[]): Promise<void> {
    this.recent.push(...events);
    if (this.recent.length > this.keep) this.recent.splice(0, this.recent.length - this.keep);
    for (const rule of this.rules) await rule(events).catch((error) => this.onRuleError?.(error));
  }

  /** The most recent events, oldest first, optionally of one lead or one type. */
  list(filter: { leadId?: string; type?: string } = {}): LeadEvent[] {
    return this.recent.filter(
      (e) => (!filter.leadId || e.data.leadId === filter.leadId) && (!filter.type || e.type === filter.type),
    );
  }
}
