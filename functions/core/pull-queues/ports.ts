import type { LeadFields } from '../leads/lead';
import type { QueueOrder } from '../team/pool';
/** A lead waiting in a pull pool's queue, as the queue's index lists it. */
export interface QueuedLeadKey {
  leadId: string;
  createdAt: string;
}

/** What may be read of a waiting lead for a preview queue: never contact details or free text. */
export interface QueuedLeadPreview {
  id: string;
  createdAt: string;
  sourceId: string;
  fields: Pick<LeadFields, 'firstName' | 'city' | 'region' | 'product' | 'score'>;
}

/** Pull pools' queues, listed through indexes (never a scan), in the order a pool serves them. */
export interface QueuedLeads {
  /** The first `limit` waiting leads in `order`. Indexes lag: a lead just taken may still be listed. */
  peek(poolId: string, order: QueueOrder, limit: number): Promise<QueuedLeadKey[]>;
  /** How many leads wait in the pool, counting no further than `max`. */
  count(poolId: string, max: number): Promise<number>;
  /**
   * The preview fields of these leads, in the given order, reading no other field; leads no
   * longer waiting in the pool are left out.
   */
  previews(poolId: string, leadIds: readonly string[]): Promise<QueuedLeadPreview[]>;
}

/**
 * Remembers when each rep was last reminded of a pool's queue, shared by every process, so
 * a rep gets at most one reminder per window however many functions send them.
 */
export interface ReminderLedger {
  /**
   * Records a reminder at `atMs` unless one was recorded after `atMs - windowMs` (one
   * conditional write); otherwise says when the last one was.
   */
  record(
    repId: string,
    poolId: string,
    atMs: number,
    windowMs: number,
  ): Promise<{ recorded: true } | { recorded: false; lastAtMs: number }>;
}
