// The lead's schemas: its fields, decisions, the lead as returned, and the assigner queue's
// lead message. Apart from lead.ts so that functions which only carry leads need not bundle
// zod; lead.ts derives its types from these with type-only imports.
import * as z from 'zod/mini';
import { timestamp } from '../shared/timestamp';
import { DECISION_OUTCOMES, LEAD_LIMITS, LEAD_STATUSES, OUTCOME_STAGES } from './lead';

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

/** A lookup table row as a decision records it. */
export const TableRowRefSchema = z.strictObject({
  key: z.string(),
  poolId: z.optional(z.string()),
  repId: z.optional(z.string()),
  fallbackPoolId: z.optional(z.string()),
  /** The key cell as the upload typed it, when that differs from the key. */
  as: z.optional(z.string()),
});

/** The lookup table row that routed a lead: the table, the version read, the key and how it matched. */
export const DecisionTableSchema = z.strictObject({
  name: z.string(),
  version: z.number(),
  key: z.string(),
  how: z.enum(['exact', 'prefix', 'range']),
  row: TableRowRefSchema,
});

/** One routing step: which pool and method, who was considered or skipped and why, who won. */
export const DecisionSchema = z.strictObject({
  at: timestamp,
  /**
   * `assigned`: a rep got the lead. `unassigned`: it waits (held, manual pool, or nowhere
   * to go; `reason` says which). `fallback`: nobody in this pool could take it, so it went
   * on to `fallbackTo`. `offered`: a shotgun offer went to the `candidates`. `expired`:
   * nobody claimed the offer in time. `accepted`: the owner accepted (or claimed) it.
   * `released`, `closed`: an owner's lead was taken back or finished. `queued`: it waits
   * in a pull pool's queue; `candidates` are the reps who could take it then. `held`: it
   * waits for an admin (`reason` says why). `passed`: its owner (`repId`) passed it on.
   * `failed`: routing gave up on it (see `Lead.failure`); `redriven`: an admin sent it again.
   * `outcome`: what came of it after assignment (`stage`, `value`, `note`), from a CRM or the rep.
   */
  outcome: z.enum(DECISION_OUTCOMES),
  /** Who made the step: the assigner (default), an admin, or the rep. */
  actor: z.optional(z.enum(['assigner', 'admin', 'rep'])),
  poolId: z.optional(z.string()),
  method: z.optional(z.string()),
  /** Eligible reps, in pool order. */
  candidates: z.array(z.string()),
  skipped: z.array(z.strictObject({ repId: z.string(), reason: z.string() })),
  repId: z.optional(z.string()),
  /** The owner before an admin reassigned or released the lead. */
  previousRepId: z.optional(z.string()),
  /** The rotation sequence number this assignment consumed. */
  seq: z.optional(z.int()),
  reason: z.optional(z.string()),
  fallbackTo: z.optional(z.string()),
  /** Shotgun: the offer round (1, then 2 for a next-tier round, ...). */
  round: z.optional(z.int()),
  /** How routing chose the pool (the first decision of a routed lead): a source's pin, a rule, or the default. */
  via: z.optional(z.enum(['source', 'rule', 'default'])),
  /** The routing rule that sent the lead to `poolId`, when a rule did. */
  rule: z.optional(z.string()),
  /** Free text from whoever made the step (a close, a pass or an outcome). */
  note: z.optional(z.string()),
  /** Sticky owner: the recent lead with the same contact, its owner, and whether they got this one. */
  sticky: z.optional(
    z.strictObject({
      leadId: z.string(),
      repId: z.string(),
      matchedOn: z.enum(['email', 'phone']),
      honoured: z.boolean(),
    }),
  ),
  /** The lookup table row that routed the lead: the table, the version read, the key and how it matched. */
  table: z.optional(DecisionTableSchema),
  /** A named account's owner, and whether they got the lead (else why not: `away`, `at_max_open`, ...). */
  account: z.optional(z.strictObject({ repId: z.string(), honoured: z.boolean(), reason: z.optional(z.string()) })),
  /** An `outcome` decision's stage, and the deal's value when the CRM sends one. */
  stage: z.optional(z.enum(OUTCOME_STAGES)),
  value: z.optional(z.number()),
  /** `performance` pools: the chosen rep's smoothed outcome rate, the leads it rests on, and the weight used. */
  performance: z.optional(z.strictObject({ rate: z.number(), sample: z.int(), weight: z.int() })),
});

/** A standing shotgun offer on a lead. */
export const LeadOfferSchema = z.strictObject({
  round: z.int(),
  tier: z.int(),
  repIds: z.array(z.string()),
  expiresAt: timestamp,
});

/**
 * Why routing gave up on a lead, which then waits, `failed`, for an admin to redrive it.
 * `deliveries_exhausted`: its queue message failed every delivery (the error is the last
 * one); `never_routed`: it stayed `received` through the sweeper's requeues (its messages
 * were lost, or the function timed out before it could say why).
 */
export const LeadFailureSchema = z.strictObject({
  reason: z.enum(['deliveries_exhausted', 'never_routed']),
  error: z.string(),
  at: timestamp,
  /** The status it failed from, and goes back to when redriven. */
  from: z.enum(LEAD_STATUSES),
  /** Deliveries of its last message, or requeues by the sweeper. */
  attempts: z.int(),
});

/** A lead as stored and returned. */
export const LeadSchema = z.strictObject({
  id: z.string(),
  sourceId: z.string(),
  status: z.enum(LEAD_STATUSES),
  createdAt: timestamp,
  updatedAt: timestamp,
  fields: LeadFieldsSchema,
  custom: z.record(z.string(), z.string()),
  /** The body as received (bounded), and its content type. */
  raw: z.optional(z.string()),
  rawContentType: z.optional(z.string()),
  poolId: z.optional(z.string()),
  repId: z.optional(z.string()),
  assignedAt: z.optional(timestamp),
  /** When the owner accepted (or claimed) it, how long that took from assignment (or offer), and from arrival. */
  acceptedAt: z.optional(timestamp),
  responseSeconds: z.optional(z.number()),
  speedToLeadSeconds: z.optional(z.number()),
  closedAt: z.optional(timestamp),
  offer: z.optional(LeadOfferSchema),
  /** How many times the SLA moved the lead on to another rep. */
  slaReassignments: z.optional(z.int()),
  decisions: z.array(DecisionSchema),
  /** Sent as a test (Google's "Send test data"): routed to nobody unless its source says otherwise. */
  test: z.optional(z.boolean()),
  /** `pending` while its details are fetched from the ad platform (Meta Lead Ads); `done` after. */
  enrichment: z.optional(z.enum(['pending', 'done'])),
  /** Set while the lead is `failed`: why routing gave up on it. */
  failure: z.optional(LeadFailureSchema),
  /** How often the sweeper put this `received` lead back on a queue, and when last. */
  requeues: z.optional(z.int()),
  requeuedAt: z.optional(timestamp),
});

/** One page of a lead listing; `nextCursor`, passed back, reads the next. */
export const LeadPageSchema = z.strictObject({
  leads: z.array(LeadSchema),
  nextCursor: z.optional(z.string()),
});

/** What the ingest queue carries: everything routing needs, so the assigner reads nothing. */
export const LeadMessageSchema = z.object({
  leadId: z.string().check(z.minLength(1), z.maxLength(64)),
  sourceId: z.string().check(z.minLength(1), z.maxLength(64)),
  createdAt: z.string(),
  fields: LeadFieldsSchema,
  custom: z.record(z.string(), z.string()),
  /** A waiting lead sent round again: the pool it waits in, so "still nobody" writes nothing. */
  heldIn: z.optional(z.string().check(z.maxLength(64))),
  /**
   * It fell back into the pool it waits in: decided there again, not by the rules, which would
   * send it back to the pool whose SLA or offers it had already used up.
   */
  stayIn: z.optional(z.string().check(z.maxLength(64))),
  /** It waits `held` (for an admin), not `unassigned`: the write that routes it expects that status. */
  held: z.optional(z.boolean()),
  /** Reps it must not go to (they missed it, passed it, or are leaving), from its decisions. */
  exclude: z.optional(
    z
      .array(z.object({ repId: z.string().check(z.maxLength(64)), reason: z.string().check(z.maxLength(40)) }))
      .check(z.maxLength(500)),
  ),
  /** SLA moves and passes so far: the next accept deadline counts on from here. */
  slaReassignments: z.optional(z.int().check(z.gte(0))),
  /** Shotgun rounds offered so far: a new offer opens the next, so no old claim link works for it. */
  offerRounds: z.optional(z.int().check(z.gte(0))),
  /** A test lead; see `Lead.test`. */
  test: z.optional(z.boolean()),
});
