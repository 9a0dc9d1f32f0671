import { ConflictError } from './errors';
import type { Clock, ConfigStore } from './ports';

/** What the admin use cases need. */
export interface AdminDeps {
  config: ConfigStore;
  clock: Clock;
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

/** A copy of `patch` without the keys whose value is undefined. */
export function withoutUndefined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
