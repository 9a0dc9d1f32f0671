import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPrices } from './aws-cost';
import { eventsCost, eventsCostSentence, TYPICAL_EVENT_TRAFFIC } from './events-cost';

describe('the cost of lead events and webhook deliveries', () => {
  it('prices each event once on the bus and each delivery once more in DynamoDB', () => {
    const prices = loadPrices();
    const one = eventsCost(prices, { ...TYPICAL_EVENT_TRAFFIC, deliveriesPerEvent: 1 });
    const two = eventsCost(prices, { ...TYPICAL_EVENT_TRAFFIC, deliveriesPerEvent: 2 });

    expect(one.lines.find((l) => l.item === 'Custom events put on the bus')?.usdPerMillionLeads).toBeCloseTo(3);
    expect(two.usdPerMillionLeads).toBeGreaterThan(one.usdPerMillionLeads);
  });

  it('is the figure docs/events.md states', () => {
    const docs = readFileSync(new URL('../docs/events.md', import.meta.url), 'utf8');

    expect(docs).toContain(eventsCostSentence(loadPrices()));
  });
});
