import type { AssignmentStore } from '../assignment/ports';
import type { Decision, Lead } from '../leads/lead';
import type { LeadTransition } from '../leads/ports';
import { screenMembers } from '../methods/choose-rep';
import type { Pool } from '../team/pool';
import type { QueueReminders } from './queue-reminders';
import { base, OWNED, type QueueView, type RepQueueDeps, resolveQueue, waitingIn } from './queue-view';
import { scoreRank } from './score-rank';
import { pause } from './take-from-queue';

/**
 * The conditional move that puts an owned lead back in its pull pool's queue: the lead must
 * still be owned by `owner` in that pool; the owner's open count drops in the same write.
 * The lead keeps its arrival time, so in a FIFO queue it is next again.
 */
export function backToQueue(lead: Lead, pool: Pool, owner: string, actor: 'admin' | 'rep', at: string): LeadTransition {
  const decision: Decision = {
    at,
    outcome: 'released',
    actor,
    poolId: pool.id,
    method: pool.method,
    candidates: [],
    skipped: [],
    previousRepId: owner,
    reason: 'back_to_queue',
  };
  return {
    leadId: lead.id,
    createdAt: lead.createdAt,
    from: [lead.status],
    owner,
    inPool: pool.id,
    to: { status: 'queued', repId: null, poolId: pool.id, queueRank: scoreRank(lead.fields.score, lead.createdAt) },
    decision,
    releases: [owner],
    at,
  };
}

/**
 * A lead went back into a pool's queue: remind the pool's reps who could take it now
 * (except those who just gave it up), each at most once per the pool's window. Best effort:
 * the lead waits visibly in the queue whether or not the reminder goes out.
 */
export async function remindEligibleReps(
  deps: { store?: Pick<AssignmentStore, 'loadPool'>; reminders?: QueueReminders },
  poolId: string,
  leadId: string,
  exclude: readonly string[],
  now: Date,
): Promise<void> {
  if (!deps.store || !deps.reminders) return;
  const snapshot = await deps.store.loadPool(poolId);
  if (!snapshot) return;
  const { eligible } = screenMembers(snapshot, now, {
    exclude: exclude.map((repId) => ({ repId, reason: 'released_it' })),
  });
  const repIds = eligible.map((c) => c.rep.id);
  if (repIds.length > 0) await deps.reminders.remind({ pool: snapshot.pool, repIds, leadId, now });
}

/**
 * `POST /q/{token}/release/{leadId}`: the rep puts one of their leads from this pool back
 * in its queue (at its original place), in one conditional write that also frees their
 * open count; the pool's other reps are reminded.
 */
export async function releaseToQueue(deps: RepQueueDeps, token: string, leadId: string): Promise<QueueView> {
  const r = await resolveQueue(deps, token);
  if (!('claims' in r)) return r;
  const now = deps.clock.now();
  for (let tries = 1; ; tries++) {
    const lead = await deps.leads.get(leadId);
    if (!lead || lead.poolId !== r.pool.id) return base(r, 'not_found');
    if (lead.repId !== r.rep.id || !OWNED.includes(lead.status)) return base(r, 'not_yours');
    const result = await deps.transitions.apply(backToQueue(lead, r.pool, r.rep.id, 'rep', now.toISOString()));
    if (result === 'applied') break;
    if (result !== 'contended' || tries >= 3) return base(r, 'not_yours');
    await pause(deps, tries);
  }
  deps.metrics.count('LeadsReleasedToQueue');
  try {
    await remindEligibleReps(deps, r.pool.id, leadId, [r.rep.id], now);
  } catch {
    deps.metrics.count('QueueReminderFailures');
  }
  return { ...base(r, 'released'), waiting: await waitingIn(deps, r.pool) };
}
