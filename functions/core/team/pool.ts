import * as z from 'zod/mini';
import { entityId, requiredText } from '../shared/validation';

/**
 * Push methods: the assigner picks the rep. `shotgun` offers the lead to every eligible rep
 * and the first to claim it wins. `manual` leaves the pick to an admin. Pull methods
 * (`pull_blind`, `pull_preview`) keep leads in the pool's queue until a rep takes one.
 */
export const DISTRIBUTION_METHODS = [
  'round_robin',
  'weighted',
  'priority_tiers',
  'least_loaded',
  'random',
  'shotgun',
  'manual',
  'pull_blind',
  'pull_preview',
] as const;
export type DistributionMethod = (typeof DISTRIBUTION_METHODS)[number];

/** The methods whose leads wait in the pool's queue (the hopper) for a rep to take them. */
export const PULL_METHODS = ['pull_blind', 'pull_preview'] as const;
export type PullMethod = (typeof PULL_METHODS)[number];

/** Whether leads of this method wait in a queue instead of being pushed to a rep. */
export function isPullMethod(method: DistributionMethod): method is PullMethod {
  return (PULL_METHODS as readonly string[]).includes(method);
}

/** The order a pull pool's queue is served and listed in. */
export const QUEUE_ORDERS = ['fifo', 'lifo', 'score'] as const;
export type QueueOrder = (typeof QUEUE_ORDERS)[number];

/** A rep hears about a queue at most every quarter hour unless the pool says otherwise. */
export const DEFAULT_QUEUE_REMINDER_MINUTES = 15;
/** Queue links last a week: a rep keeps one bookmarked, unlike a one-lead link. */
export const DEFAULT_QUEUE_LINK_TTL_HOURS = 7 * 24;

/** What happens to a shotgun offer nobody claimed in time. */
export const SHOTGUN_NEXT_STEPS = ['round_robin', 'next_tier', 'hold'] as const;

/** Lead fields a rep may see on an offer before claiming it (never contact details by default). */
export const OFFER_FIELDS = [
  'firstName',
  'lastName',
  'name',
  'email',
  'phone',
  'company',
  'companySize',
  'city',
  'region',
  'country',
  'postalCode',
  'product',
  'score',
  'message',
] as const;
export type OfferField = (typeof OFFER_FIELDS)[number];
export const DEFAULT_OFFER_FIELDS: readonly OfferField[] = [
  'firstName',
  'company',
  'city',
  'region',
  'country',
  'product',
  'score',
];

export const DEFAULT_OFFER_WINDOW_SECONDS = 120;
export const DEFAULT_SLA_REASSIGNMENTS = 2;

/** Where a lead goes when nobody in the pool can take it: another pool, or it is held. */
export const HOLD = 'hold';

const memberSchema = z.strictObject({
  repId: entityId,
  /** `weighted`: leads per cycle; `random`: relative chance. A positive whole number. */
  weight: z.optional(z.int().check(z.gte(1), z.lte(1_000))),
  /** `priority_tiers`: 1 is served first; `shotgun`: 1 is offered first, later tiers in later rounds. */
  tier: z.optional(z.int().check(z.gte(1), z.lte(100))),
});

const poolFields = {
  name: requiredText(200),
  method: z.enum(DISTRIBUTION_METHODS),
  members: z.array(memberSchema).check(
    z.maxLength(500),
    z.refine((members) => new Set(members.map((m) => m.repId)).size === members.length, {
      message: 'A rep can be a member of a pool only once',
    }),
  ),
  /** Skip reps outside their working hours. */
  respectWorkingHours: z.optional(z.boolean()),
  /** `"hold"` (the default) or the id of the pool to try next. */
  fallback: z.optional(z.union([z.literal(HOLD), entityId])),
  /** `shotgun` only: how long an offer stands, and what happens when nobody claims it. */
  shotgun: z.optional(
    z.strictObject({
      windowSeconds: z.optional(z.int().check(z.gte(10), z.lte(86_400))),
      /** `round_robin` within the pool, `next_tier` (a second round), `hold`, or another pool's id. */
      then: z.optional(z.union([z.enum(SHOTGUN_NEXT_STEPS), entityId])),
      /** Lead fields shown on the offer before it is claimed. */
      shows: z.optional(z.array(z.enum(OFFER_FIELDS)).check(z.maxLength(OFFER_FIELDS.length))),
    }),
  ),
  /** Sticky owner: a lead matching (email or phone) a lead of the last N days goes to its owner when eligible. */
  stickyDays: z.optional(z.int().check(z.gte(1), z.lte(365))),
  /** Pull methods only: the queue's order, how often reps are reminded, how long queue links work. */
  queue: z.optional(
    z.strictObject({
      /** `fifo` (oldest first, the default), `lifo` (newest first) or `score` (highest score, then oldest). */
      order: z.optional(z.enum(QUEUE_ORDERS)),
      /** At most one "leads are waiting" notice per rep per this many minutes; 0 sends none. */
      remindEveryMinutes: z.optional(z.int().check(z.gte(0), z.lte(7 * 24 * 60))),
      /** How long a queue link works (default a week). */
      linkTtlHours: z.optional(z.int().check(z.gte(1), z.lte(90 * 24))),
    }),
  ),
  /** A rep who does not accept in time loses the lead to the next eligible rep. */
  sla: z.optional(
    z.strictObject({
      acceptWithinSeconds: z.int().check(z.gte(30), z.lte(7 * 86_400)),
      maxReassignments: z.optional(z.int().check(z.gte(0), z.lte(20))),
    }),
  ),
};

/** `POST /admin/pools` body. Member order is rotation order. */
export const PoolCreateSchema = z.strictObject(poolFields);
/** `PATCH /admin/pools/{id}` body; `members` replaces the whole list. */
export const PoolPatchSchema = z.partial(z.strictObject(poolFields));
export type PoolCreate = z.output<typeof PoolCreateSchema>;
export type PoolPatch = z.output<typeof PoolPatchSchema>;

export interface PoolMember {
  repId: string;
  weight?: number;
  tier?: number;
}

/** A pool as stored and returned. */
export interface Pool {
  id: string;
  name: string;
  method: DistributionMethod;
  members: PoolMember[];
  respectWorkingHours?: boolean;
  fallback?: string;
  shotgun?: { windowSeconds?: number; then?: string; shows?: OfferField[] };
  queue?: { order?: QueueOrder; remindEveryMinutes?: number; linkTtlHours?: number };
  sla?: { acceptWithinSeconds: number; maxReassignments?: number };
  stickyDays?: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The weight a member counts with (1 unless set). */
export function weightOf(member: PoolMember): number {
  return member.weight ?? 1;
}

/** The tier a member is in (1 unless set). */
export function tierOf(member: PoolMember): number {
  return member.tier ?? 1;
}

/** The pool a lead falls back to, or undefined when it is held. */
export function fallbackPoolId(pool: Pick<Pool, 'fallback'>): string | undefined {
  return pool.fallback && pool.fallback !== HOLD ? pool.fallback : undefined;
}

/**
 * A fingerprint of what a rotation depends on (members, weights, tiers): when it changes,
 * weighted rotations start their cycle afresh. Order matters only for tie-breaks.
 */
export function rotationFingerprint(pool: Pick<Pool, 'members'>): string {
  return pool.members.map((m) => `${m.repId}:${weightOf(m)}:${tierOf(m)}`).join(',');
}

/** How long a shotgun offer of the pool stands. */
export function offerWindowSeconds(pool: Pick<Pool, 'shotgun'>): number {
  return pool.shotgun?.windowSeconds ?? DEFAULT_OFFER_WINDOW_SECONDS;
}

/** What the pool does with an unclaimed offer: a next step, or another pool's id. */
export function afterOffer(pool: Pick<Pool, 'shotgun'>): string {
  return pool.shotgun?.then ?? 'round_robin';
}

/** The order the pool's queue is served in (FIFO unless set). */
export function queueOrder(pool: Pick<Pool, 'queue'>): QueueOrder {
  return pool.queue?.order ?? 'fifo';
}

/** Minutes between two queue reminders to one rep (0: none). */
export function queueReminderMinutes(pool: Pick<Pool, 'queue'>): number {
  return pool.queue?.remindEveryMinutes ?? DEFAULT_QUEUE_REMINDER_MINUTES;
}

/** How long the pool's queue links work, in seconds. */
export function queueLinkTtlSeconds(pool: Pick<Pool, 'queue'>): number {
  return (pool.queue?.linkTtlHours ?? DEFAULT_QUEUE_LINK_TTL_HOURS) * 3600;
}
