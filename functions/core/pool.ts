import * as z from 'zod/mini';
import { entityId, requiredText } from './validation';

export const DISTRIBUTION_METHODS = ['round_robin'] as const;
export type DistributionMethod = (typeof DISTRIBUTION_METHODS)[number];

const memberSchema = z.strictObject({ repId: entityId });

const poolFields = {
  name: requiredText(200),
  method: z.enum(DISTRIBUTION_METHODS),
  members: z.array(memberSchema).check(
    z.maxLength(500),
    z.refine((members) => new Set(members.map((m) => m.repId)).size === members.length, {
      message: 'A rep can be a member of a pool only once',
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
}

/** A pool as stored and returned. */
export interface Pool {
  id: string;
  name: string;
  method: DistributionMethod;
  members: PoolMember[];
  createdAt: string;
  updatedAt: string;
  version: number;
}
