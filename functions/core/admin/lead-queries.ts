import * as z from 'zod/mini';
import { LEAD_STATUSES, type Lead, type LeadPage } from '../leads/lead';
import type { LeadStore } from '../leads/ports';
import { NotFoundError } from '../shared/errors';
import { EMPTY_WINDOW, fromBeforeTo, instantParameter } from '../shared/period-schemas';
import { entityId } from '../shared/validation';

export const LeadListQuerySchema = z
  .strictObject({
    status: z.optional(z.enum(LEAD_STATUSES)),
    poolId: z.optional(entityId),
    repId: z.optional(entityId),
    /** Leads created at or after this instant. */
    from: z.optional(instantParameter),
    /** Leads created before this instant. */
    to: z.optional(instantParameter),
    limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
    cursor: z.optional(z.string().check(z.maxLength(2048))),
  })
  .check(z.refine(fromBeforeTo, EMPTY_WINDOW));
export type LeadListQuery = z.output<typeof LeadListQuerySchema>;

export async function getLead(leads: LeadStore, id: string): Promise<Lead> {
  const lead = await leads.get(id);
  if (!lead) throw new NotFoundError('lead', id);
  return lead;
}

/** Newest leads first, filtered by any of status, pool, rep and creation time; paged by `cursor`. */
export async function listLeads(leads: LeadStore, parsed: LeadListQuery): Promise<LeadPage> {
  return leads.list({
    limit: parsed.limit,
    ...(parsed.status ? { status: parsed.status } : {}),
    ...(parsed.poolId ? { poolId: parsed.poolId } : {}),
    ...(parsed.repId ? { repId: parsed.repId } : {}),
    ...(parsed.from ? { createdFrom: parsed.from } : {}),
    ...(parsed.to ? { createdBefore: parsed.to } : {}),
    ...(parsed.cursor ? { cursor: parsed.cursor } : {}),
  });
}
