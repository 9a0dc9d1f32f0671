import type { QueueLinkIssuer } from '../links/ports';
import { queueNotice } from '../notices/notice-texts';
import type { Notifier } from '../notices/ports';
import type { Metrics } from '../shared/ports';
import { type Pool, queueLinkTtlSeconds, queueReminderMinutes } from '../team/pool';
import type { ReminderLedger } from './ports';

export interface QueueReminderDeps {
  ledger: ReminderLedger;
  notifier: Notifier;
  links: QueueLinkIssuer;
  metrics: Metrics;
}

/** Tells reps that leads wait in a pull pool's queue, with their queue link, throttled per rep. */
export interface QueueReminders {
  /**
   * Reminds each of `repIds` about the pool's queue unless they were reminded within the
   * pool's window; returns who was. One check per rep per call: callers pass a whole batch.
   */
  remind(args: { pool: Pool; repIds: readonly string[]; leadId: string; now: Date }): Promise<string[]>;
}

/** Entries beyond this are forgotten at once; the ledger still throttles. */
const MEMORY_LIMIT = 10_000;

/**
 * Creates the reminder service. The throttle is the ledger's conditional write, so it holds
 * across concurrent functions. This process also remembers the last reminder it saw per
 * rep and pool: while that is inside the window it writes nothing, so a busy queue costs
 * one write per rep per window, not one per lead.
 */
export function createQueueReminders(deps: QueueReminderDeps): QueueReminders {
  const lastSeen = new Map<string, number>();
  return {
    async remind({ pool, repIds, leadId, now }) {
      const minutes = queueReminderMinutes(pool);
      if (minutes === 0) return [];
      const windowMs = minutes * 60_000;
      const atMs = now.getTime();
      if (lastSeen.size > MEMORY_LIMIT) lastSeen.clear();
      const key = (repId: string) => `${repId}#${pool.id}`;
      const due = [...new Set(repIds)].filter((repId) => {
        const last = lastSeen.get(key(repId));
        return last === undefined || last <= atMs - windowMs;
      });
      const recorded = await Promise.all(
        due.map(async (repId) => {
          const result = await deps.ledger.record(repId, pool.id, atMs, windowMs);
          lastSeen.set(key(repId), result.recorded ? atMs : result.lastAtMs);
          return result.recorded;
        }),
      );
      const reminded = due.filter((_, i) => recorded[i]);
      if (reminded.length === 0) return [];
      const expiresAt = Math.floor(atMs / 1000) + queueLinkTtlSeconds(pool);
      await deps.notifier.notifyMany(
        reminded.map((repId) => queueNotice(repId, leadId, pool, deps.links({ repId, poolId: pool.id, expiresAt }))),
      );
      deps.metrics.count('QueueRemindersSent', reminded.length);
      return reminded;
    },
  };
}
