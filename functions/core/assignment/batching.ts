import type { PendingLead } from './pending-lead';

/**
 * Groups pending leads per pool for group commits. Leads enqueued in the same tick share a
 * batch; within a pool they are decided in arrival order (ticket), whatever their routing
 * lookups took. A batch holds a lead at most once (a transaction may touch an item once).
 */
export class PoolBatches {
  private readonly pending = new Map<string, PendingLead[]>();
  private readonly draining = new Set<string>();
  // Leads whose routing (source, rules, sticky owner) is still being looked up. A batch waits
  // for them briefly, so the leads of one SQS batch are decided in arrival order.
  private routing = 0;
  private routingWaiters: (() => void)[] = [];

  constructor(
    private readonly maxBatch: number,
    private readonly decide: (poolId: string, batch: PendingLead[]) => Promise<void>,
    private readonly routingWaitMs = 25,
  ) {}

  /** A lead's routing lookups begin: batches wait (briefly) for it. */
  routingStarted(): void {
    this.routing++;
  }

  /** A lead's routing lookups ended (it was enqueued, or failed). */
  routingEnded(): void {
    this.routing--;
    if (this.routing > 0) return;
    const waiters = this.routingWaiters;
    this.routingWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Adds a lead to its pool's next batch, in ticket order. */
  enqueue(poolId: string, lead: PendingLead): void {
    const queue = this.pending.get(poolId) ?? [];
    let at = queue.length;
    while (at > 0 && queue[at - 1]!.ticket > lead.ticket) at--;
    queue.splice(at, 0, lead);
    this.pending.set(poolId, queue);
    // Start draining on the next turn so leads arriving in the same tick share a batch.
    if (!this.draining.has(poolId)) {
      this.draining.add(poolId);
      setImmediate(() => void this.drain(poolId));
    }
  }

  private routingSettled(): Promise<void> {
    if (this.routing === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.routingWaiters.push(resolve);
      setTimeout(resolve, this.routingWaitMs).unref?.();
    });
  }

  private async drain(poolId: string): Promise<void> {
    try {
      await this.routingSettled();
      for (;;) {
        const queue = this.pending.get(poolId);
        if (!queue || queue.length === 0) break;
        const batch = this.take(queue);
        try {
          await this.decide(poolId, batch);
        } catch (error) {
          for (const lead of batch) lead.reject(error);
        }
      }
    } finally {
      this.draining.delete(poolId);
      this.pending.delete(poolId);
    }
  }

  private take(queue: PendingLead[]): PendingLead[] {
    const batch: PendingLead[] = [];
    const leads = new Set<string>();
    for (let i = 0; i < queue.length && batch.length < this.maxBatch; ) {
      const lead = queue[i]!;
      if (leads.has(lead.message.leadId)) {
        i++;
        continue;
      }
      leads.add(lead.message.leadId);
      batch.push(lead);
      queue.splice(i, 1);
    }
    return batch;
  }
}
