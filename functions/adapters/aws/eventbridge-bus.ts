// Lead events onto the stack's EventBridge custom bus, with one signed PutEvents call per ten
// events (the API's limit), so the function bundles no EventBridge client.
import type { LeadEvent } from '../../core/events/lead-events';
import type { LeadEventBus } from '../../core/events/ports';
import { type SignedRequestOptions, serviceEndpoint, signedPost } from './signed-request';

/** The `source` of every event leadrouter puts on its bus; rules match on it. */
export const LEAD_EVENT_SOURCE = 'leadrouter';
const ENTRIES_PER_CALL = 10;

/** PutEvents entries for lead events: `detail-type` is the event type, `detail` the whole event. */
export function putEventsEntries(busName: string, events: readonly LeadEvent[]) {
  return events.map((event) => ({
    EventBusName: busName,
    Source: LEAD_EVENT_SOURCE,
    DetailType: event.type,
    Detail: JSON.stringify(event),
    Time: Math.floor(Date.parse(event.timestamp) / 1000),
  }));
}

/** The EventBridge custom bus (`AWS_ENDPOINT_URL_EVENTBRIDGE` or the region's endpoint). */
export class EventBridgeBus implements LeadEventBus {
  private readonly post;

  constructor(
    private readonly busName: string,
    options: Partial<Omit<SignedRequestOptions, 'service'>> = {},
  ) {
    this.post = signedPost({
      ...options,
      service: 'events',
      endpoint: options.endpoint ?? serviceEndpoint('events', 'EVENTBRIDGE'),
    });
  }

  async publish(events: readonly LeadEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += ENTRIES_PER_CALL) {
      const entries = putEventsEntries(this.busName, events.slice(i, i + ENTRIES_PER_CALL));
      const text = await this.post(
        { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
        JSON.stringify({ Entries: entries }),
        (status, body) => ({ code: errorType(body) ?? `HTTP${status}`, message: `PutEvents failed: ${status}` }),
      );
      const answer = JSON.parse(text) as { FailedEntryCount?: number; Entries?: { ErrorCode?: string }[] };
      if (answer.FailedEntryCount) {
        // The whole batch is retried; events carry stable ids, so receivers drop the copies.
        const codes = (answer.Entries ?? []).map((e) => e.ErrorCode).filter(Boolean);
        throw new Error(`PutEvents refused ${answer.FailedEntryCount} event(s): ${[...new Set(codes)].join(', ')}`);
      }
    }
  }
}

function errorType(body: string): string | undefined {
  try {
    const type = (JSON.parse(body) as { __type?: string }).__type;
    return type?.split('#').pop();
  } catch {
    return undefined;
  }
}
