// A lead's events, derived purely from the lead: its arrival, then one event per decision.
// The stream consumer derives them from a change's old and new images, the timeline from the
// lead as stored, so both give the very same records. The per-lead sequence number is the
// decision's position (arrival is 0), so an event's id is the same however often the change
// is redelivered, and receivers can order and de-duplicate by it.
import type { Decision, DecisionOutcome, Lead } from '../leads/lead';
import type { LeadChange } from '../leads/ports';

export const LEAD_EVENT_TYPES = [
  'lead.received',
  'lead.routed',
  'lead.offered',
  'lead.assigned',
  'lead.accepted',
  'lead.passed',
  'lead.sla_missed',
  'lead.reassigned',
  'lead.released',
  'lead.held',
  'lead.closed',
  'lead.outcome',
  'lead.failed',
] as const;
export type LeadEventType = (typeof LEAD_EVENT_TYPES)[number];

/** Who caused an event: the sender of the lead (arrival), the assigner, an admin (or an API key's CRM), or the rep. */
export type LeadEventActor = 'source' | 'assigner' | 'admin' | 'rep';

/** The lead's contact details, only for receivers that asked for them. */
export type LeadEventContact = Pick<Lead, 'fields' | 'custom'>;

export interface LeadEventData {
  leadId: string;
  /** 0 for arrival, then the position of the decision (1, 2, ...): receivers order by it. */
  seq: number;
  actor: LeadEventActor;
  sourceId: string;
  poolId?: string;
  repId?: string;
  /** The decision that caused the event (every event but `lead.received`). */
  decision?: Decision;
  test?: true;
  contact?: LeadEventContact;
}

/** One event: `id` is `evt_<leadId>_<seq>`; `{type, timestamp, data}` is the body a webhook receives. */
export interface LeadEvent {
  id: string;
  type: LeadEventType;
  timestamp: string;
  data: LeadEventData;
}

/**
 * Reasons that name the event whatever the decision's outcome: an SLA miss moves the lead on
 * (assigned, queued, unassigned or held) and a leaving rep's lead is reassigned by an admin.
 */
const EVENT_OF_REASON: Readonly<Partial<Record<string, LeadEventType>>> = {
  sla_missed: 'lead.sla_missed',
  rep_leaving: 'lead.reassigned',
};

/**
 * The event each decision outcome makes. Exhaustive over the outcomes, so a new outcome is a
 * type error here until it is given its event.
 */
const EVENT_OF_OUTCOME: { readonly [O in DecisionOutcome]: (decision: Decision) => LeadEventType } = {
  assigned: (d) => (d.previousRepId ? 'lead.reassigned' : 'lead.assigned'),
  // It waits: for a rep to become eligible (the sweep retries it), or in a manual pool for an admin.
  unassigned: () => 'lead.held',
  // Routing moved it on: to a fallback pool, into a pull pool's queue, or round again by an admin.
  fallback: () => 'lead.routed',
  queued: () => 'lead.routed',
  redriven: () => 'lead.routed',
  offered: () => 'lead.offered',
  // Nobody claimed an offer in time; the next event says whether another round went out.
  expired: () => 'lead.held',
  accepted: () => 'lead.accepted',
  released: () => 'lead.released',
  closed: () => 'lead.closed',
  // For an admin: an offer nobody claimed in a pool that holds, or an SLA exhausted.
  held: () => 'lead.held',
  passed: () => 'lead.passed',
  failed: () => 'lead.failed',
  outcome: () => 'lead.outcome',
};

/** The event type a decision makes. */
export function eventTypeOf(decision: Decision): LeadEventType {
  return (
    (decision.reason ? EVENT_OF_REASON[decision.reason] : undefined) ?? EVENT_OF_OUTCOME[decision.outcome](decision)
  );
}

/** The id of a lead's event at `seq`: the same for every delivery of the same change. */
export function leadEventId(leadId: string, seq: number): string {
  return `evt_${leadId}_${seq}`;
}

function received(lead: Lead): LeadEvent {
  return {
    id: leadEventId(lead.id, 0),
    type: 'lead.received',
    timestamp: lead.createdAt,
    data: { leadId: lead.id, seq: 0, actor: 'source', sourceId: lead.sourceId, ...(lead.test ? { test: true } : {}) },
  };
}

function fromDecision(lead: Lead, decision: Decision, seq: number): LeadEvent {
  return {
    id: leadEventId(lead.id, seq),
    type: eventTypeOf(decision),
    timestamp: decision.at,
    data: {
      leadId: lead.id,
      seq,
      actor: decision.actor ?? 'assigner',
      sourceId: lead.sourceId,
      ...(decision.poolId ? { poolId: decision.poolId } : {}),
      ...(decision.repId ? { repId: decision.repId } : {}),
      decision,
      ...(lead.test ? { test: true } : {}),
    },
  };
}

/** Every event of a lead so far, in order: its timeline. */
export function leadTimeline(lead: Lead): LeadEvent[] {
  return [received(lead), ...lead.decisions.map((decision, i) => fromDecision(lead, decision, i + 1))];
}

/**
 * The events one change made: arrival for a new lead, and each decision appended since the
 * old image (decisions are only ever appended). A deleted lead makes none.
 */
export function leadEventsOf(change: LeadChange): LeadEvent[] {
  const lead = change.new;
  if (!lead) return [];
  if (!change.old) return leadTimeline(lead);
  const seen = change.old.decisions.length;
  return lead.decisions.slice(seen).map((decision, i) => fromDecision(lead, decision, seen + i + 1));
}

/** The event with the lead's contact details, for a receiver that asked for them. */
export function withContact(event: LeadEvent, lead: Pick<Lead, 'fields' | 'custom'>): LeadEvent {
  return { ...event, data: { ...event.data, contact: { fields: lead.fields, custom: lead.custom } } };
}
