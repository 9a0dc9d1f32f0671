import * as z from 'zod/mini';

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

const text = (max: number = LEAD_LIMITS.textLength) => z.optional(z.string().check(z.maxLength(max)));

/** The normalised fields every lead may have, whatever its source called them. */
export const LeadFieldsSchema = z.object({
  name: text(),
  firstName: text(),
  lastName: text(),
  email: z.optional(z.email().check(z.maxLength(254))),
  phone: text(40),
  company: text(),
  companySize: text(40),
  employees: z.optional(z.number().check(z.int(), z.gte(0))),
  country: text(80),
  region: text(80),
  city: text(80),
  postalCode: text(20),
  product: text(),
  score: z.optional(z.number().check(z.gte(-1_000_000), z.lte(1_000_000))),
  message: text(LEAD_LIMITS.messageLength),
  utm: z.optional(z.object({ source: text(), medium: text(), campaign: text(), term: text(), content: text() })),
});
export type LeadFields = z.infer<typeof LeadFieldsSchema>;
export type CustomFields = Record<string, string>;

/** One routing step: which pool and method, who was considered or skipped and why, who won. */
export interface Decision {
  at: string;
  /**
   * `assigned`: a rep got the lead. `unassigned`: it waits (held, manual pool, or nowhere
   * to go; `reason` says which). `fallback`: nobody in this pool could take it, so it went
   * on to `fallbackTo`. `offered`: a shotgun offer went to the `candidates`. `expired`:
   * nobody claimed the offer in time. `accepted`: the owner accepted (or claimed) it.
   * `released`, `closed`: an owner's lead was taken back or finished. `queued`: it waits
   * in a pull pool's queue; `candidates` are the reps who could take it then.
   * `failed`: routing gave up on it (see `Lead.failure`); `redriven`: an admin sent it again.
   */
  outcome:
    | 'assigned'
    | 'unassigned'
    | 'fallback'
    | 'offered'
    | 'accepted'
    | 'expired'
    | 'released'
    | 'closed'
    | 'queued'
    | 'failed'
    | 'redriven';
  /** Who made the step: the assigner (default), an admin, or the rep. */
  actor?: 'assigner' | 'admin' | 'rep';
  poolId?: string;
  method?: string;
  /** Eligible reps, in pool order. */
  candidates: string[];
  skipped: { repId: string; reason: string }[];
  repId?: string;
  /** The owner before an admin reassigned or released the lead. */
  previousRepId?: string;
  /** The rotation sequence number this assignment consumed. */
  seq?: number;
  reason?: string;
  fallbackTo?: string;
  /** Shotgun: the offer round (1, then 2 for a next-tier round, ...). */
  round?: number;
  /** The routing rule that sent the lead to `poolId`, when a rule did. */
  rule?: string;
  /** Sticky owner: the recent lead with the same contact, its owner, and whether they got this one. */
  sticky?: { leadId: string; repId: string; matchedOn: 'email' | 'phone'; honoured: boolean };
}

/** A standing shotgun offer on a lead. */
export interface LeadOffer {
  round: number;
  tier: number;
  repIds: string[];
  expiresAt: string;
}

/**
 * Why routing gave up on a lead, which then waits, `failed`, for an admin to redrive it.
 * `deliveries_exhausted`: its queue message failed every delivery (the error is the last
 * one); `never_routed`: it stayed `received` through the sweeper's requeues (its messages
 * were lost, or the function timed out before it could say why).
 */
export interface LeadFailure {
  reason: 'deliveries_exhausted' | 'never_routed';
  error: string;
  at: string;
  /** The status it failed from, and goes back to when redriven. */
  from: LeadStatus;
  /** Deliveries of its last message, or requeues by the sweeper. */
  attempts: number;
}

/** A lead as stored. */
export interface Lead {
  id: string;
  sourceId: string;
  status: LeadStatus;
  createdAt: string;
  updatedAt: string;
  fields: LeadFields;
  custom: CustomFields;
  raw?: string;
  rawContentType?: string;
  poolId?: string;
  repId?: string;
  assignedAt?: string;
  /** When the owner accepted (or claimed) it, and how long that took from assignment. */
  acceptedAt?: string;
  responseSeconds?: number;
  closedAt?: string;
  offer?: LeadOffer;
  /** How many times the SLA moved the lead on to another rep. */
  slaReassignments?: number;
  decisions: Decision[];
  /** Sent as a test (Google's "Send test data"): routed to nobody unless its source says otherwise. */
  test?: boolean;
  /** `pending` while its details are fetched from the ad platform (Meta Lead Ads); `done` after. */
  enrichment?: 'pending' | 'done';
  /** Set while the lead is `failed`: why routing gave up on it. */
  failure?: LeadFailure;
  /** How often the sweeper put this `received` lead back on a queue, and when last. */
  requeues?: number;
  requeuedAt?: string;
}

/** What the ingest queue carries: everything routing needs, so the assigner reads nothing. */
export interface LeadMessage {
  leadId: string;
  sourceId: string;
  createdAt: string;
  fields: LeadFields;
  custom: CustomFields;
  /** A held lead sent round again: the pool it waits in, so "still nobody" writes nothing. */
  heldIn?: string;
  /** A test lead; see `Lead.test`. */
  test?: boolean;
}

export const LeadMessageSchema = z.object({
  leadId: z.string().check(z.minLength(1), z.maxLength(64)),
  sourceId: z.string().check(z.minLength(1), z.maxLength(64)),
  createdAt: z.string(),
  fields: LeadFieldsSchema,
  custom: z.record(z.string(), z.string()),
  heldIn: z.optional(z.string().check(z.maxLength(64))),
  test: z.optional(z.boolean()),
});

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
