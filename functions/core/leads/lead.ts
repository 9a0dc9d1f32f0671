import type * as z from 'zod/mini';
import type {
  DecisionSchema,
  LeadFailureSchema,
  LeadFieldsSchema,
  LeadMessageSchema,
  LeadOfferSchema,
  LeadPageSchema,
  LeadSchema,
} from './lead-schemas';

/**
 * Where a lead stands (docs/lead-lifecycle.md draws every transition). `received`: stored,
 * waiting for the assigner. `offered`: a shotgun offer is open. `queued`: waiting in a pull
 * pool's queue. `assigned`, `accepted`: a rep owns it. `unassigned`: waiting for a rep to
 * become eligible (the sweep retries it), in a manual pool, or routed nowhere. `held`:
 * waiting for an admin (an offer nobody claimed in a pool that holds, an SLA exhausted); the
 * sweep leaves it alone. `closed`: finished.
 */
export const LEAD_STATUSES = [
  'received',
  'queued',
  'offered',
  'assigned',
  'accepted',
  'unassigned',
  'held',
  'closed',
  'failed',
] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Statuses in which a lead waits on someone (the assigner, an admin, a rep): the ones sweeps and triage list. */
export const WAITING_STATUSES: readonly LeadStatus[] = [
  'received',
  'unassigned',
  'held',
  'offered',
  'queued',
  'failed',
];

/** Statuses in which a rep owns the lead and it counts against their `maxOpen`. */
export const OPEN_STATUSES: readonly LeadStatus[] = ['assigned', 'accepted'];

/** Why an admin closes a lead nobody owns. */
export const CLOSE_REASONS = ['spam', 'duplicate', 'invalid', 'other'] as const;

/**
 * Skip reasons that follow a lead from then on: a rep who let its SLA lapse, passed it, or
 * had it taken away because they are leaving never gets it back from the assigner.
 */
export const AVOID_REASONS = ['sla_missed', 'passed', 'rep_leaving'] as const;

/** A rep the assigner must not give this lead to, and why. */
export interface Exclusion {
  repId: string;
  reason: string;
}

/** Bounds on what one lead may carry; larger input is refused, never truncated silently. */
export const LEAD_LIMITS = {
  textLength: 200,
  messageLength: 5_000,
  customFields: 50,
  customKeyLength: 64,
  customValueLength: 1_000,
  rawLength: 16_384,
} as const;

/** The normalised fields every lead may have, whatever its source called them. */
export type LeadFields = z.output<typeof LeadFieldsSchema>;
export type CustomFields = Record<string, string>;

/** What a routing step came to; see `DecisionSchema`. */
export const DECISION_OUTCOMES = [
  'assigned',
  'unassigned',
  'held',
  'fallback',
  'offered',
  'accepted',
  'expired',
  'passed',
  'released',
  'closed',
  'queued',
  'failed',
  'redriven',
  'outcome',
] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** What happened after a rep got the lead, as a CRM or the rep reports it (`unreachable`: "Couldn't reach"). */
export const OUTCOME_STAGES = ['contacted', 'unreachable', 'qualified', 'won', 'lost', 'unqualified'] as const;
export type OutcomeStage = (typeof OUTCOME_STAGES)[number];

export type Decision = z.output<typeof DecisionSchema>;
export type LeadOffer = z.output<typeof LeadOfferSchema>;
export type Lead = z.output<typeof LeadSchema>;
export type LeadFailure = z.output<typeof LeadFailureSchema>;
export type LeadPage = z.output<typeof LeadPageSchema>;
export type LeadMessage = z.output<typeof LeadMessageSchema>;

/** The snapshot of a lead that travels on the ingest queue, with whom it must avoid and its SLA count. */
export function toLeadMessage(lead: Lead): LeadMessage {
  const exclude = exclusionsOf(lead.decisions);
  const offerRounds = Math.max(0, ...lead.decisions.map((d) => (d.outcome === 'offered' ? (d.round ?? 1) : 0)));
  return {
    leadId: lead.id,
    sourceId: lead.sourceId,
    createdAt: lead.createdAt,
    fields: lead.fields,
    custom: lead.custom,
    ...(lead.status === 'held' ? { held: true } : {}),
    ...(exclude.length > 0 ? { exclude } : {}),
    ...(lead.slaReassignments ? { slaReassignments: lead.slaReassignments } : {}),
    ...(offerRounds > 0 ? { offerRounds } : {}),
    ...(lead.test ? { test: true } : {}),
  };
}

/**
 * The reps a lead's history rules out: whoever passed it, let its SLA lapse, or lost it
 * because they are leaving. Read from the decisions, the one record of what happened.
 */
export function exclusionsOf(decisions: readonly Decision[]): Exclusion[] {
  const found = new Map<string, string>();
  const avoid: readonly string[] = AVOID_REASONS;
  for (const decision of decisions) {
    if (decision.outcome === 'passed' && decision.repId) found.set(decision.repId, 'passed');
    for (const skip of decision.skipped) if (avoid.includes(skip.reason)) found.set(skip.repId, skip.reason);
  }
  return [...found].map(([repId, reason]) => ({ repId, reason }));
}

/** Exclusions merged, the first reason given for a rep winning. */
export function mergeExclusions(...lists: (readonly Exclusion[] | undefined)[]): Exclusion[] {
  const merged = new Map<string, string>();
  for (const list of lists) for (const e of list ?? []) if (!merged.has(e.repId)) merged.set(e.repId, e.reason);
  return [...merged].map(([repId, reason]) => ({ repId, reason }));
}
