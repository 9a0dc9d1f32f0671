import type { AuditEntry } from './audit-entry';

/** Which audit entries to list: a time range, one entity (by kind or id), a page. */
export interface AuditQuery {
  /** ISO 8601; entries at or after it. */
  from?: string;
  /** ISO 8601; entries before it. */
  to?: string;
  /** An entity kind (`rep`, `pool`, `source`, `rules`, `key`, `lead`) or one entity's id. */
  entity?: string;
  limit: number;
  cursor?: string;
}

/**
 * Reads the audit log, newest first. Entries are written by the stores in the same
 * transaction as the change they describe, so none is missing and none is invented.
 */
export interface AuditLog {
  list(query: AuditQuery): Promise<{ entries: AuditEntry[]; nextCursor?: string }>;
}

/**
 * Records an entry on its own, for an action that writes nothing itself to put it beside
 * (asking the assigner to move a leaving rep's leads: the moves land later, each in its
 * lead's decisions). A conditional put: it never overwrites another entry.
 */
export interface AuditRecorder {
  record(entry: AuditEntry): Promise<void>;
}
