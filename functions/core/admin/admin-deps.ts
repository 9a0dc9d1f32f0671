import type { HeldLeadRequeuer } from '../assignment/ports';
import type { QueuedLeads } from '../pull-queues/ports';
import { ConflictError } from '../shared/errors';
import type { Clock } from '../shared/ports';
import type { TableStore } from '../tables/ports';

/** What the admin use cases need; `Config` names the stores each one reads and writes. */
export interface AdminDeps<Config = unknown> {
  config: Config;
  clock: Clock;
  /** Called after a change that may let held leads find a rep (a rep back, a pool grown). */
  requeueHeld?: HeldLeadRequeuer;
  /** Asks for the rep's notification subscriptions to follow their email, phone and choices. */
  syncChannels?: (repId: string) => Promise<void>;
  /** Pull pools' queues: a pool may not stop pulling while leads wait in its queue. */
  queuedLeads?: Pick<QueuedLeads, 'count'>;
  /** Lookup tables: a pool or rep their rows name may not be deleted. */
  tables?: Pick<TableStore, 'listHeads'>;
}

/**
 * Runs a read-modify-write until it lands: a concurrent edit makes the store refuse the
 * stale version, and the change is applied again to the fresh item (bounded).
 */
export async function retryOnVersionConflict<T>(change: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await change();
    } catch (error) {
      if (!(error instanceof ConflictError) || error.code !== 'version_conflict' || attempt >= attempts) throw error;
    }
  }
}

/**
 * `current` with a merge patch applied: absent (undefined) fields stay, `null` removes a
 * field, anything else replaces it.
 */
export function applyPatch<T extends object>(current: T, patch: object): T {
  const next: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next as T;
}
