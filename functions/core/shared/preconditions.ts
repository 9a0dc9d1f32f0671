import { PreconditionFailedError } from './errors';

/**
 * Optimistic concurrency for admins: a change sent with `If-Match` lands only on the
 * version the admin read. No expectation (no `If-Match`, or `*`) accepts any version.
 */
export function assertVersion(currentVersion: number, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== currentVersion) {
    throw new PreconditionFailedError(expectedVersion, currentVersion);
  }
}
