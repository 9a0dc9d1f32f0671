import { toLeadMessage } from '../leads/lead';
import type { LeadStore } from '../leads/ports';
import type { Metrics } from '../shared/ports';
import { afterOffer, DEFAULT_SLA_REASSIGNMENTS, type Pool, SHOTGUN_NEXT_STEPS } from '../team/pool';
import type { LeadAssigner } from './assigner';
import type { LeadTimer } from './ports';

export interface LeadTimerDeps {
  leads: Pick<LeadStore, 'get'>;
  pools: { getPool(id: string): Promise<Pool | undefined> };
  assigner: LeadAssigner;
  metrics: Metrics;
}

export type TimerOutcome = 'no_longer_due' | 'handled';

/**
 * Acts on a lead timer. It checks the lead is still in the state the timer was set for
 * (offer round; owner, reassignment count and assignment time), and the write that follows is conditioned
 * on that same state: a timer delivered twice, or one the lead has moved past, does nothing.
 *
 * - `offer_expired`: nobody claimed the offer; the pool's `shotgun.then` decides: round
 *   robin within the pool, another pool, `hold` (held for an admin: no more offers), or
 *   `next_tier` (the next tier with anyone eligible gets a round; after the last, the pool's
 *   fallback pool, else held).
 * - `accept_deadline`: the owner did not accept in time; the lead goes to the next eligible
 *   rep who has not missed it (at most `sla.maxReassignments` times), then to the pool's
 *   fallback pool or, by default, it is held for an admin, and `SlaExhausted` is counted.
 */
export async function handleLeadTimer(deps: LeadTimerDeps, timer: LeadTimer): Promise<TimerOutcome> {
  const lead = await deps.leads.get(timer.leadId);
  if (!lead?.poolId) return 'no_longer_due';
  const pool = await deps.pools.getPool(lead.poolId);
  const message = toLeadMessage(lead);

  if (timer.type === 'offer_expired') {
    const offer = lead.offer;
    if (lead.status !== 'offered' || !offer || offer.round !== timer.round) return 'no_longer_due';
    const from = { status: 'offered' as const, round: offer.round, poolId: lead.poolId };
    const next = pool ? afterOffer(pool) : 'hold';
    deps.metrics.count('OffersExpired');
    if (next === 'hold') {
      await deps.assigner.assign(message, { from, poolId: lead.poolId, hold: 'offer_expired' });
    } else if (next === 'round_robin') {
      await deps.assigner.assign(message, {
        from,
        poolId: lead.poolId,
        constraints: { method: 'round_robin' },
        reason: 'offer_expired',
      });
    } else if (next === 'next_tier') {
      await deps.assigner.assign(message, {
        from,
        poolId: lead.poolId,
        constraints: { method: 'shotgun', afterTier: offer.tier },
        round: offer.round + 1,
        reason: 'offer_expired',
        holdIfNobody: 'offer_expired',
      });
    } else if (!(SHOTGUN_NEXT_STEPS as readonly string[]).includes(next)) {
      await deps.assigner.assign(message, { from, poolId: next, reason: 'offer_expired' });
    }
    return 'handled';
  }

  const reassignments = lead.slaReassignments ?? 0;
  if (lead.status !== 'assigned' || lead.repId !== timer.repId || reassignments !== timer.reassignments)
    return 'no_longer_due';
  // Moved away and back (an admin, a release and a take): a new assignment with its own deadline.
  if (lead.assignedAt !== timer.assignedAt) return 'no_longer_due';
  const from = { status: 'assigned' as const, repId: timer.repId, reassignments };
  const limit = pool?.sla?.maxReassignments ?? DEFAULT_SLA_REASSIGNMENTS;
  if (reassignments >= limit) {
    deps.metrics.count('SlaExhausted');
    await deps.assigner.assign(message, {
      from,
      poolId: lead.poolId,
      constraints: { exclude: [{ repId: timer.repId, reason: 'sla_missed' }] },
      exhausted: 'sla_exhausted',
    });
  } else {
    deps.metrics.count('SlaReassignments');
    await deps.assigner.assign(message, {
      from,
      poolId: lead.poolId,
      constraints: { exclude: [{ repId: timer.repId, reason: 'sla_missed' }] },
      reason: 'sla_missed',
    });
  }
  return 'handled';
}
