import type { LeadEvent } from './lead-events';

/** Where lead events go: EventBridge's custom bus in AWS, an in-process bus locally. */
export interface LeadEventBus {
  /** Publishes the events in order; rejects when any could not be published (the caller retries the batch). */
  publish(events: readonly LeadEvent[]): Promise<void>;
}
