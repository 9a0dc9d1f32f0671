import type { LeadStore } from '../leads/ports';

/**
 * How long the oldest held (`unassigned`) lead has waited since it arrived, in milliseconds;
 * 0 when no lead is held. Operators alarm on it: a lead held for an hour has gone cold.
 */
export async function oldestHeldLeadAgeMs(leads: Pick<LeadStore, 'list'>, now: Date): Promise<number> {
  const { leads: oldest } = await leads.list({ status: 'unassigned', limit: 1, oldestFirst: true });
  const since = oldest[0] ? Date.parse(oldest[0].createdAt) : now.getTime();
  return Math.max(0, now.getTime() - since);
}
