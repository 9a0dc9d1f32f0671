import * as z from 'zod/mini';
import { entityId, requiredText } from './validation';

/** Push methods: the assigner picks the rep. `manual` leaves the pick to an admin. */
export const DISTRIBUTION_METHODS = [
  'round_robin',
  'weighted',
  'priority_tiers',
  'least_loaded',
  'random',
  'manual',
] as const;
export type DistributionMethod = (typeof DISTRIBUTION_METHODS)[number];

/** Where a lead goes when nobody in the pool can take it: another pool, or it is held. */
export const HOLD = 'hold';

const memberSchema = z.strictObject({
  repId: entityId,
  /** `weighted`: leads per cycle; `random`: relative chance. A positive whole number. */
  weight: z.optional(z.int().check(z.gte(1), z.lte(1_000))),
  /** `priority_tiers`: 1 is served first. */
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
