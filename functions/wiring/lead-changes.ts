import type { LeadEventBus } from '../core/events/ports';
import { leadEventPublisher } from '../core/events/publish-lead-events';
import type { LeadChangeConsumer } from '../core/leads/ports';

export interface LeadChangesWiring {
  /** Every consumer of the leads table's change stream, each told every batch in order. */
  consumers: LeadChangeConsumer[];
}

/** The lead-changes function: lead events onto the bus (EventBridge in AWS, in process locally). */
export function wireLeadChanges(p: { bus: LeadEventBus }): LeadChangesWiring {
  return { consumers: [leadEventPublisher(p.bus)] };
}
