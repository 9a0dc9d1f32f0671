import { type Lead, toLeadMessage } from '../leads/lead';
import type { LeadStore } from '../leads/ports';
import { type Clock, systemClock } from '../shared/ports';
import type { Pool } from '../team/pool';
import type { PoolStore } from '../team/ports';
import { ineligibility } from '../team/rep';
import type { PoolSnapshot, RoutingQueue } from './ports';

export interface HeldLeadDeps {
  config: Pick<PoolStore, 'listPools' | 'getPool'>;
  leads: Pick<LeadStore, 'list'>;
  queue: RoutingQueue;
  /** Whether anyone in the pool could take a lead now; pools where nobody can are skipped. */
  mayTakeLeads?: (pool: Pool, now: Date) => Promise<boolean>;
  clock?: Clock;
}

/** Most held leads one call puts back per pool; the next sweep takes the rest. */
export const REQUEUE_PAGE = 200;

/**
 * Puts a pool's waiting (`unassigned`) leads back on the queue so the assigner routes them
 * again, now that someone may be eligible; with `includeHeld` (after a change to the pool or
 * its reps) also the leads `held` for an admin. Manual pools are skipped: their leads wait for
 * an admin. Returns how many leads were queued.
 */
export async function requeueHeldLeads(
  deps: HeldLeadDeps,
  poolIds?: readonly string[],
  options: { includeHeld?: boolean } = {},
): Promise<number> {
  const pools = poolIds
    ? (await Promise.all(poolIds.map((id) => deps.config.getPool(id)))).flatMap((p) => (p ? [p] : []))
    : await deps.config.listPools();
  let queued = 0;
  const now = (deps.clock ?? systemClock).now();
  for (const pool of pools) {
    if (pool.method === 'manual') continue;
    const waiting: Lead[] = [];
    for (const status of options.includeHeld ? (['unassigned', 'held'] as const) : (['unassigned'] as const)) {
      const { leads } = await deps.leads.list({ poolId: pool.id, status, limit: REQUEUE_PAGE, oldestFirst: true });
      waiting.push(...leads);
    }
    // Most pools have nothing waiting: the listing (one query) comes before the snapshot read.
    if (waiting.length === 0) continue;
    if (deps.mayTakeLeads && !(await deps.mayTakeLeads(pool, now))) continue;
    for (const lead of waiting) {
      const stay = arrivedByFallback(lead, pool.id) ? { stayIn: pool.id } : {};
      await deps.queue.enqueue({ ...toLeadMessage(lead), heldIn: pool.id, ...stay });
    }
    queued += waiting.length;
  }
  return queued;
}

/**
 * Whether the lead came to `poolId` as a fallback (its last move was one into that pool), not
 * by routing: then it waits there for good, and is never routed back by the rules into the
 * pool it fell out of.
 */
export function arrivedByFallback(lead: Lead, poolId: string): boolean {
  for (let i = lead.decisions.length - 1; i >= 0; i--) {
    const decision = lead.decisions[i]!;
    if (decision.outcome === 'fallback') return decision.fallbackTo === poolId;
    if (decision.via) return false;
  }
  return false;
}

/**
 * A `mayTakeLeads` check from pool snapshots: true when at least one member is eligible
 * now (status, away, working hours, caps). It saves requeueing leads nobody can take.
 */
export function anyoneEligible(loadPool: (poolId: string) => Promise<PoolSnapshot | undefined>) {
  return async (pool: Pool, now: Date): Promise<boolean> => {
    const snapshot = await loadPool(pool.id);
    if (!snapshot) return false;
    return snapshot.pool.members.some(
      (m) =>
        !ineligibility(snapshot.reps.get(m.repId), now, snapshot.loads.get(m.repId), {
          respectWorkingHours: snapshot.pool.respectWorkingHours ?? false,
        }),
    );
  };
}
