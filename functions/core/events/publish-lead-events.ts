import type { LeadChangeConsumer } from '../leads/ports';
import { leadEventsOf } from './lead-events';
import type { LeadEventBus } from './ports';

/** The change-stream consumer that turns each lead change into its events and publishes them. */
export function leadEventPublisher(bus: LeadEventBus): LeadChangeConsumer {
  return async (changes) => {
    const events = changes.flatMap(leadEventsOf);
    if (events.length > 0) await bus.publish(events);
  };
}
