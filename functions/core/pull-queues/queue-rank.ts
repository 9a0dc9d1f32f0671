import type { AssignmentStore } from '../assignment/ports';
import type { Decision, Lead } from '../leads/lead';
import type { LeadTransition } from '../leads/ports';
import { screenMembers } from '../methods/choose-rep';
import type { Pool } from '../team/pool';
import type { QueueReminders } from './queue-reminders';

/** Scores are bounded by the lead schema; the rank inverts them within these bounds. */
const SCORE_BOUND = 1_000_000;
/** Millionths keep every distinct score a lead can carry in practice apart. */
const SCORE_SCALE = 1_000_000;
/** Digits of the inverted score in millionths: up to 2·10¹² fits in 13. */
const RANK_DIGITS = 13;

/**
 * The sort key that serves a queue in score order: highest score first, then oldest, and
 * leads without a score after every scored one (oldest first). It is a string that sorts
 * that way byte by byte (DynamoDB compares sort keys as bytes): the score is inverted and
 * zero-padded in millionths, then the arrival time.
 */
export function scoreRank(score: number | undefined, createdAt: string): string {
  if (score === undefined || !Number.isFinite(score)) return `1#${createdAt}`;
  const bounded = Math.min(SCORE_BOUND, Math.max(-SCORE_BOUND, score));
  const inverted = Math.round((SCORE_BOUND - bounded) * SCORE_SCALE);
  return `0${String(inverted).padStart(RANK_DIGITS, '0')}#${createdAt}`;
}

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
