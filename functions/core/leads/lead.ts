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

export const LEAD_STATUSES = [
  'received',
  'routed',
  'queued',
  'offered',
  'assigned',
  'accepted',
  'closed',
  'unassigned',
  'expired',
  'failed',
] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Statuses in which a lead waits on someone (the assigner, an admin, a rep): the ones sweeps and triage list. */
export const WAITING_STATUSES: readonly LeadStatus[] = ['received', 'unassigned', 'offered', 'queued', 'failed'];

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
  'fallback',
  'offered',
  'accepted',
  'expired',
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

/** The snapshot of a lead that travels on the ingest queue. */
export function toLeadMessage(lead: Lead): LeadMessage {
  return {
    leadId: lead.id,
    sourceId: lead.sourceId,
    createdAt: lead.createdAt,
    fields: lead.fields,
    custom: lead.custom,
    ...(lead.test ? { test: true } : {}),
  };
}
