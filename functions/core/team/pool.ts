import type * as z from 'zod/mini';
import type { PoolMemberSchema, PoolSchema } from './pool-schemas';

/**
 * Push methods: the assigner picks the rep. `shotgun` offers the lead to every eligible rep
 * and the first to claim it wins. `manual` leaves the pick to an admin. Pull methods
 * (`pull_blind`, `pull_preview`) keep leads in the pool's queue until a rep takes one.
 */
export const DISTRIBUTION_METHODS = [
  'round_robin',
  'weighted',
  'performance',
  'priority_tiers',
  'least_loaded',
  'random',
  'shotgun',
  'manual',
  'pull_blind',
  'pull_preview',
] as const;
export type DistributionMethod = (typeof DISTRIBUTION_METHODS)[number];

/** The outcome stages a `performance` pool can count as success. */
export const PERFORMANCE_STAGES = ['contacted', 'qualified', 'won'] as const;
export type PerformanceStage = (typeof PERFORMANCE_STAGES)[number];

/** A `performance` pool's settings with every default filled in (see docs/distribution-methods.md). */
export interface PerformanceConfig {
  stage: PerformanceStage;
  windowDays: number;
  priorStrength: number;
  minWeight: number;
  maxWeight: number;
  recomputeMinutes: number;
}

export const DEFAULT_PERFORMANCE_CONFIG: PerformanceConfig = {
  stage: 'qualified',
  windowDays: 30,
  priorStrength: 20,
  minWeight: 1,
  maxWeight: 10,
  recomputeMinutes: 15,
};

/** The pool's performance settings, defaults filled in. */
export function performanceConfig(pool: Pick<Pool, 'performance'>): PerformanceConfig {
  return { ...DEFAULT_PERFORMANCE_CONFIG, ...pool.performance };
}

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

/** A member of a pool: the rep, and their weight or tier where the method uses one. */
export type PoolMember = z.output<typeof PoolMemberSchema>;

/** A pool as stored and returned: its id, the create fields, timestamps and version. */
export type Pool = z.output<typeof PoolSchema>;

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
