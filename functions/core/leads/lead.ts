import * as z from 'zod/mini';

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
] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Statuses in which a lead waits on someone (the assigner, an admin, a rep): the ones sweeps and triage list. */
export const WAITING_STATUSES: readonly LeadStatus[] = ['received', 'unassigned', 'held', 'offered', 'queued'];

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
   * in a pull pool's queue; `candidates` are the reps who could take it then. `held`: it
   * waits for an admin (`reason` says why). `passed`: its owner (`repId`) passed it on.
   */
  outcome:
    | 'assigned'
    | 'unassigned'
    | 'held'
    | 'fallback'
    | 'offered'
    | 'accepted'
    | 'expired'
    | 'passed'
    | 'released'
    | 'closed'
    | 'queued';
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
  /** How routing chose the pool (the first decision of a routed lead): a source's pin, a rule, or the default. */
  via?: 'source' | 'rule' | 'default';
  /** The routing rule that sent the lead to `poolId`, when a rule did. */
  rule?: string;
  /** Free text from whoever made the step (a close or a pass). */
  note?: string;
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
}

/** What the ingest queue carries: everything routing needs, so the assigner reads nothing. */
export interface LeadMessage {
  leadId: string;
  sourceId: string;
  createdAt: string;
  fields: LeadFields;
  custom: CustomFields;
  /** A waiting lead sent round again: the pool it waits in, so "still nobody" writes nothing. */
  heldIn?: string;
  /** It waits `held` (for an admin), not `unassigned`: the write that routes it expects that status. */
  held?: boolean;
  /** Reps it must not go to (they missed it, passed it, or are leaving), from its decisions. */
  exclude?: Exclusion[];
  /** SLA moves and passes so far: the next accept deadline counts on from here. */
  slaReassignments?: number;
  /** Shotgun rounds offered so far: a new offer opens the next, so no old claim link works for it. */
  offerRounds?: number;
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
  held: z.optional(z.boolean()),
  exclude: z.optional(
    z
      .array(z.object({ repId: z.string().check(z.maxLength(64)), reason: z.string().check(z.maxLength(40)) }))
      .check(z.maxLength(500)),
  ),
  slaReassignments: z.optional(z.int().check(z.gte(0))),
  offerRounds: z.optional(z.int().check(z.gte(0))),
  test: z.optional(z.boolean()),
});

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
