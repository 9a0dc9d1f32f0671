// The pool's schemas: the admin API's bodies and the pool as returned. Apart from pool.ts so
// that functions which only read pools (the assigner, rep links, the sweeper) do not carry zod;
// pool.ts derives its types from these with type-only imports.
import * as z from 'zod/mini';
import { timestamp } from '../shared/timestamp';
import { entityId, requiredText } from '../shared/validation';
import { DISTRIBUTION_METHODS, HOLD, OFFER_FIELDS, PERFORMANCE_STAGES, QUEUE_ORDERS, SHOTGUN_NEXT_STEPS } from './pool';

export const PoolMemberSchema = z.strictObject({
  repId: entityId,
  /** `weighted`: leads per cycle; `random`: relative chance. A positive whole number. */
  weight: z.optional(z.int().check(z.gte(1), z.lte(1_000))),
  /** `priority_tiers`: 1 is served first; `shotgun`: 1 is offered first, later tiers in later rounds. */
  tier: z.optional(z.int().check(z.gte(1), z.lte(100))),
});

const poolFields = {
  name: requiredText(200),
  method: z.enum(DISTRIBUTION_METHODS),
  members: z.array(PoolMemberSchema).check(
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
  /** `performance` only: how outcome rates become weights (defaults in docs/distribution-methods.md). */
  performance: z.optional(
    z
      .strictObject({
        /** The outcome stage that counts as success (default `qualified`). */
        stage: z.optional(z.enum(PERFORMANCE_STAGES)),
        /** The rolling window of rates, in days (default 30). */
        windowDays: z.optional(z.int().check(z.gte(1), z.lte(365))),
        /** The Bayesian prior's strength, in leads at the pool's mean rate (default 20). */
        priorStrength: z.optional(z.int().check(z.gte(0), z.lte(10_000))),
        /** Leads per cycle of the weakest rep (default 1). */
        minWeight: z.optional(z.int().check(z.gte(1), z.lte(1_000))),
        /** Leads per cycle of the strongest rep (default 10). */
        maxWeight: z.optional(z.int().check(z.gte(1), z.lte(1_000))),
        /** How often the weights are recomputed, in minutes (default 15); exact like `weighted` in between. */
        recomputeMinutes: z.optional(z.int().check(z.gte(1), z.lte(24 * 60))),
      })
      .check(
        z.refine((p) => (p.minWeight ?? 1) <= (p.maxWeight ?? 10), {
          message: 'minWeight must not be above maxWeight',
          path: ['minWeight'],
        }),
      ),
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
/** `PATCH /admin/pools/{id}` body; `members` replaces the whole list; `null` clears an optional setting. */
export const PoolPatchSchema = z.partial(
  z.strictObject({
    ...poolFields,
    respectWorkingHours: z.nullable(poolFields.respectWorkingHours),
    fallback: z.nullable(poolFields.fallback),
    shotgun: z.nullable(poolFields.shotgun),
    stickyDays: z.nullable(poolFields.stickyDays),
    queue: z.nullable(poolFields.queue),
    performance: z.nullable(poolFields.performance),
    sla: z.nullable(poolFields.sla),
  }),
);
export type PoolCreate = z.output<typeof PoolCreateSchema>;
export type PoolPatch = z.output<typeof PoolPatchSchema>;

/** A pool as stored and returned: its id, the create fields, timestamps and version. */
export const PoolSchema = z.strictObject({
  id: z.string(),
  ...poolFields,
  createdAt: timestamp,
  updatedAt: timestamp,
  version: z.int(),
});
