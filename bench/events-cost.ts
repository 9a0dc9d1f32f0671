// What lead events and webhook deliveries add per million leads, line by line: the stream
// consumer, the bus and its archive, the webhook queue and delivery function, and their
// DynamoDB reads and writes. None of it is on the ingest or assignment path, which stays at
// its two DynamoDB requests per lead. Pure: the quantities are the code's own (one PutEvents
// entry per event, one queue message per event, the delivery's reads and writes), the
// durations and sizes are stated assumptions.
import { type CostLine, gbSeconds, type PriceTable } from './aws-cost';

/** Prices not in bench/prices.json: EventBridge's, as listed for us-east-1 (re-check before relying on them). */
export const EVENTBRIDGE_PRICES = {
  customEvent: { usd: 0.000001, display: '$1.00 per million custom events (64 KB chunks)' },
  archiveGb: { usd: 0.1, display: '$0.10 per GB archived' },
} as const;

export interface EventTraffic {
  /** Events per lead: received, assigned, accepted is the common life. */
  eventsPerLead: number;
  /** Changes to a lead item per lead (each a stream record): intake, assignment, acceptance. */
  streamRecordsPerLead: number;
  /** Webhook subscriptions that want each event. */
  deliveriesPerEvent: number;
  /** Bytes of one event as archived. */
  eventBytes: number;
  /** Stream records per LeadChanges invocation (its batch size at volume). */
  recordsPerBatch: number;
  /** Queue messages per WebhookDelivery invocation. */
  messagesPerBatch: number;
  leadChangesMsPerBatch: number;
  deliveryMsPerBatch: number;
  memoryMb: number;
}

/** A steady flow: three events per lead, one subscription, full batches. */
export const TYPICAL_EVENT_TRAFFIC: EventTraffic = {
  eventsPerLead: 3,
  streamRecordsPerLead: 3,
  deliveriesPerEvent: 1,
  eventBytes: 1_500,
  recordsPerBatch: 100,
  messagesPerBatch: 10,
  leadChangesMsPerBatch: 120,
  deliveryMsPerBatch: 400,
  memoryMb: 256,
};

const priceOf = (prices: PriceTable, id: string) => {
  const entry = prices.prices.find((p) => p.id === id);
  if (!entry) throw new Error(`bench/prices.json has no price "${id}"`);
  return entry;
};

/** The added cost of events and webhook deliveries per million leads. */
export function eventsCost(prices: PriceTable, t: EventTraffic = TYPICAL_EVENT_TRAFFIC) {
  const events = t.eventsPerLead;
  const deliveries = events * t.deliveriesPerEvent;
  const invocations = t.streamRecordsPerLead / t.recordsPerBatch + events / t.messagesPerBatch;
  const gbs =
    (t.streamRecordsPerLead / t.recordsPerBatch) * gbSeconds(t.memoryMb, t.leadChangesMsPerBatch) +
    (events / t.messagesPerBatch) * gbSeconds(t.memoryMb, t.deliveryMsPerBatch);
  const line = (id: string, perLead: number, unit: string, item: string, basis: string): CostLine => {
    const p = priceOf(prices, id);
    return {
      service: p.service,
      item,
      perLead,
      unit,
      price: p.display,
      usdPerMillionLeads: perLead * p.usd * 1e6,
      basis,
    };
  };
  const lines: CostLine[] = [
    {
      service: 'EventBridge',
      item: 'Custom events put on the bus',
      perLead: events,
      unit: 'event',
      price: EVENTBRIDGE_PRICES.customEvent.display,
      usdPerMillionLeads: events * EVENTBRIDGE_PRICES.customEvent.usd * 1e6,
      basis: 'one PutEvents entry per event; the rule to the queue and the stream reads are free',
    },
    {
      service: 'EventBridge',
      item: 'Archive (events kept for replay)',
      perLead: (events * t.eventBytes) / 1024 ** 3,
      unit: 'GB',
      price: EVENTBRIDGE_PRICES.archiveGb.display,
      usdPerMillionLeads: ((events * t.eventBytes) / 1024 ** 3) * EVENTBRIDGE_PRICES.archiveGb.usd * 1e6,
      basis: `${t.eventBytes} bytes an event`,
    },
    line('lambda.request', invocations, 'invocation', 'Invocations: LeadChanges + WebhookDelivery', 'full batches'),
    line('lambda.arm.gb-second', gbs, 'GB-s', `Duration (${t.memoryMb} MB)`, 'assumed batch durations'),
    line(
      'sqs.standard.request',
      events * (1 + 2 / t.messagesPerBatch),
      'request',
      'Webhook queue: send, receive and delete',
      'one message per event, received and deleted in batches',
    ),
    line(
      'dynamodb.ondemand.rru',
      events * 0.5 + deliveries * 1,
      'RRU',
      'Subscriptions listed, delivery record read',
      'per event a query; per delivery a strongly consistent read',
    ),
    line('dynamodb.ondemand.wru', deliveries * 2, 'WRU', 'Delivery records written', 'about 1.5 KB each'),
  ];
  return { lines, usdPerMillionLeads: lines.reduce((sum, l) => sum + l.usdPerMillionLeads, 0) };
}

/** The sentence docs/events.md carries, from the computation above. */
export function eventsCostSentence(prices: PriceTable, t: EventTraffic = TYPICAL_EVENT_TRAFFIC): string {
  const { usdPerMillionLeads } = eventsCost(prices, t);
  return `Events and deliveries add about $${usdPerMillionLeads.toFixed(2)} per million leads (${t.eventsPerLead} events a lead, ${t.deliveriesPerEvent} subscription each; bench/events-cost.ts).`;
}
