import { describe, expect, it } from 'vitest';
import {
  eventTypeOf,
  LEAD_EVENT_TYPES,
  leadEventsOf,
  leadTimeline,
  withContact,
} from '../../functions/core/events/lead-events';
import { leadEventPublisher } from '../../functions/core/events/publish-lead-events';
import { DECISION_OUTCOMES, type Decision, type Lead } from '../../functions/core/leads/lead';

const at = (minute: number) => `2026-12-01T10:${String(minute).padStart(2, '0')}:00.000Z`;

function aDecision(outcome: Decision['outcome'], overrides: Partial<Decision> = {}): Decision {
  return { at: at(1), outcome, candidates: [], skipped: [], ...overrides };
}

function aLead(decisions: Decision[] = [], overrides: Partial<Lead> = {}): Lead {
  return {
    id: 'lead_1',
    sourceId: 'src_1',
    status: 'received',
    createdAt: at(0),
    updatedAt: at(0),
    fields: { name: 'Grace Hopper', email: 'grace@example.com', company: 'Navy' },
    custom: { plan: 'pro' },
    decisions,
    ...overrides,
  };
}

const assigned = aDecision('assigned', { poolId: 'pool_1', repId: 'rep_ana', method: 'round_robin', seq: 4 });

describe('the event each decision makes', () => {
  it.each([
    ['assigned', {}, 'lead.assigned'],
    ['assigned', { previousRepId: 'rep_ben', actor: 'admin' }, 'lead.reassigned'],
    ['assigned', { reason: 'sla_missed' }, 'lead.sla_missed'],
    ['queued', { reason: 'sla_missed' }, 'lead.sla_missed'],
    ['assigned', { reason: 'rep_leaving', actor: 'admin' }, 'lead.reassigned'],
    ['unassigned', { reason: 'no_eligible_rep' }, 'lead.held'],
    ['fallback', { fallbackTo: 'pool_2' }, 'lead.routed'],
    ['queued', {}, 'lead.routed'],
    ['redriven', { actor: 'admin' }, 'lead.routed'],
    ['offered', {}, 'lead.offered'],
    ['expired', { reason: 'offer_expired' }, 'lead.held'],
    ['accepted', { actor: 'rep' }, 'lead.accepted'],
    ['released', { actor: 'admin' }, 'lead.released'],
    ['closed', { actor: 'admin' }, 'lead.closed'],
    ['failed', { reason: 'never_routed' }, 'lead.failed'],
    ['outcome', { stage: 'won', value: 1200 }, 'lead.outcome'],
  ] as const)('%s with %o is %s', (outcome, overrides, type) => {
    expect(eventTypeOf(aDecision(outcome, overrides as Partial<Decision>))).toBe(type);
  });

  it('gives every decision outcome an event type', () => {
    for (const outcome of DECISION_OUTCOMES) {
      expect(LEAD_EVENT_TYPES).toContain(eventTypeOf(aDecision(outcome)));
    }
  });
});

describe('events of a lead change', () => {
  it('makes a new lead lead.received at sequence 0, from its source, with no contact', () => {
    const events = leadEventsOf({ new: aLead() });

    expect(events).toEqual([
      {
        id: 'evt_lead_1_0',
        type: 'lead.received',
        timestamp: at(0),
        data: { leadId: 'lead_1', seq: 0, actor: 'source', sourceId: 'src_1' },
      },
    ]);
    expect(JSON.stringify(events)).not.toContain('grace@example.com');
  });

  it('makes one event per decision appended since the old image, numbered by its position', () => {
    const accepted = aDecision('accepted', { at: at(5), actor: 'rep', repId: 'rep_ana', poolId: 'pool_1' });
    const old = aLead([assigned]);

    const events = leadEventsOf({ old, new: aLead([assigned, accepted]) });

    expect(events).toEqual([
      {
        id: 'evt_lead_1_2',
        type: 'lead.accepted',
        timestamp: at(5),
        data: {
          leadId: 'lead_1',
          seq: 2,
          actor: 'rep',
          sourceId: 'src_1',
          poolId: 'pool_1',
          repId: 'rep_ana',
          decision: accepted,
        },
      },
    ]);
  });

  it('makes no event for a change that appended no decision (a counter or a requeue mark)', () => {
    expect(leadEventsOf({ old: aLead([assigned]), new: aLead([assigned], { requeues: 1 }) })).toEqual([]);
  });

  it('makes no event for a deleted lead', () => {
    expect(leadEventsOf({ old: aLead([assigned]) })).toEqual([]);
  });

  it('gives a redelivered change the same ids, so receivers can drop the copy', () => {
    const change = { old: aLead(), new: aLead([assigned]) };

    expect(leadEventsOf(change).map((e) => e.id)).toEqual(leadEventsOf(change).map((e) => e.id));
    expect(leadEventsOf(change).map((e) => e.id)).toEqual(['evt_lead_1_1']);
  });

  it('marks the events of a test lead', () => {
    expect(leadEventsOf({ new: aLead([], { test: true }) })[0]?.data.test).toBe(true);
  });
});

describe('a lead timeline', () => {
  it('is the same records, in order, as the changes that built the lead made one by one', () => {
    const closed = aDecision('closed', { at: at(9), actor: 'admin', repId: 'rep_ana' });
    const steps = [aLead(), aLead([assigned]), aLead([assigned, closed])];

    const streamed = [
      ...leadEventsOf({ new: steps[0]! }),
      ...leadEventsOf({ old: steps[0]!, new: steps[1]! }),
      ...leadEventsOf({ old: steps[1]!, new: steps[2]! }),
    ];

    expect(leadTimeline(steps[2]!)).toEqual(streamed);
    expect(streamed.map((e) => [e.data.seq, e.type])).toEqual([
      [0, 'lead.received'],
      [1, 'lead.assigned'],
      [2, 'lead.closed'],
    ]);
  });

  it('adds the contact only when asked', () => {
    const [event] = leadTimeline(aLead());

    expect(withContact(event!, aLead()).data.contact).toEqual({
      fields: { name: 'Grace Hopper', email: 'grace@example.com', company: 'Navy' },
      custom: { plan: 'pro' },
    });
  });
});

describe('the change-stream publisher', () => {
  it('publishes the events of a batch of changes in order, and nothing for a batch without any', async () => {
    const published: string[][] = [];
    const publish = leadEventPublisher({ publish: async (events) => void published.push(events.map((e) => e.id)) });

    await publish([{ new: aLead() }, { old: aLead(), new: aLead([assigned]) }]);
    await publish([{ old: aLead([assigned]), new: aLead([assigned]) }]);

    expect(published).toEqual([['evt_lead_1_0', 'evt_lead_1_1']]);
  });
});
