import type { Decision, LeadMessage } from './lead';
import { chooseRep } from './choose-rep';
import { assignmentNotice } from './notifications';
import type {
  AssignmentStore, Clock, LeadSettlement, Metrics, Notifier, PoolSnapshot, RuleSetReader, SourceDirectory,
} from './ports';
import { routeLead, type RouteResult } from './route-lead';
import type { RotationState } from './rotation';

export interface AssignerDeps {
  sources: SourceDirectory;
  store: AssignmentStore;
  notifier: Notifier;
  clock: Clock;
  metrics: Metrics;
  /** The routing rules (cached); without them, only pinned sources route. */
  rules?: RuleSetReader;
}

export interface AssignerOptions {
  /** Leads of one pool committed together in one transaction. */
  maxBatch?: number;
  /** Attempts per batch before its leads go back to the queue. */
  maxAttempts?: number;
  /** Full-jitter backoff between conflicting attempts, in ms. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** How long a cached pool snapshot is trusted before it is read again. */
  snapshotMaxAgeMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type AssignOutcome =
  | { leadId: string; status: 'assigned'; repId: string; seq: number }
  | { leadId: string; status: 'unassigned'; reason: string }
  /** The lead had already been settled: a redelivered message, nothing was written. */
  | { leadId: string; status: 'duplicate' };

export class AssignmentRetriesExhaustedError extends Error {
  constructor(poolId: string, attempts: number) {
    super(`Pool ${poolId} stayed contended for ${attempts} attempts; the leads go back to the queue`);
    this.name = 'AssignmentRetriesExhaustedError';
  }
}

// Leads whose source no longer exists are settled as unassigned under this pseudo pool.
const UNROUTABLE = '';

interface Waiter {
  /** Arrival order: leads are decided in the order `assign` was called, whatever routing took. */
  ticket: number;
  message: LeadMessage;
  /** Where routing sent the lead and why (rule name, or the reason it goes nowhere). */
  route: RouteResult;
  redelivered: boolean;
  resolve: (outcome: AssignOutcome) => void;
  reject: (error: unknown) => void;
}

/** A lead router for one process: call `assign` once per queued lead. */
export interface LeadAssigner {
  assign(message: LeadMessage, options?: { redelivered?: boolean }): Promise<AssignOutcome>;
}

/**
 * Creates the assigner. Leads routed to the same pool at the same moment are decided in
 * order and committed in one DynamoDB transaction (group commit): the rotation item moves
 * once per batch, conditioned on its sequence and config version, and each lead is
 * conditioned on not being settled yet, so a redelivery can never assign twice. The pool
 * snapshot is cached between batches; the conditional write verifies it.
 */
export function createLeadAssigner(deps: AssignerDeps, options: AssignerOptions = {}): LeadAssigner {
  const maxBatch = options.maxBatch ?? 10;
  const maxAttempts = options.maxAttempts ?? 25;
  const backoffBaseMs = options.backoffBaseMs ?? 5;
  const backoffCapMs = options.backoffCapMs ?? 200;
  const snapshotMaxAgeMs = options.snapshotMaxAgeMs ?? 30_000;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  const snapshots = new Map<string, { snapshot: PoolSnapshot | undefined; loadedAt: number }>();
  const pending = new Map<string, Waiter[]>();
  const draining = new Set<string>();
  let tickets = 0;

  async function snapshotOf(poolId: string, fresh: boolean): Promise<PoolSnapshot | undefined> {
    const cached = snapshots.get(poolId);
    const nowMs = deps.clock.now().getTime();
    if (!fresh && cached && nowMs - cached.loadedAt < snapshotMaxAgeMs) return cached.snapshot;
    const snapshot = poolId === UNROUTABLE ? undefined : await deps.store.loadPool(poolId);
    snapshots.set(poolId, { snapshot, loadedAt: nowMs });
    return snapshot;
  }

  async function drain(poolId: string): Promise<void> {
    draining.add(poolId);
    try {
      for (;;) {
        const queue = pending.get(poolId);
        if (!queue || queue.length === 0) break;
        const batch = queue.splice(0, maxBatch);
        try {
          await assignBatch(poolId, batch);
        } catch (error) {
          for (const waiter of batch) waiter.reject(error);
        }
      }
    } finally {
      draining.delete(poolId);
      pending.delete(poolId);
    }
  }

  async function assignBatch(poolId: string, batch: Waiter[]): Promise<void> {
    let remaining = batch;
    let fresh = false;
    for (let attempt = 1; attempt <= maxAttempts && remaining.length > 0; attempt++) {
      const snapshot = await snapshotOf(poolId, fresh);
      const now = deps.clock.now();
      const at = now.toISOString();
      const settlements: LeadSettlement[] = [];
      let rotation: RotationState = snapshot?.rotation ?? { seq: 0, members: {} };
      for (const waiter of remaining) {
        if (!snapshot) {
          const reason = waiter.route.reason ?? (poolId === UNROUTABLE ? 'source_not_found' : 'pool_not_found');
          settlements.push({
            leadId: waiter.message.leadId,
            createdAt: waiter.message.createdAt,
            status: 'unassigned',
            decision: withRule({ at, outcome: 'unassigned', ...(poolId === UNROUTABLE ? {} : { poolId }), candidates: [], skipped: [], reason }, waiter.route),
          });
          continue;
        }
        const choice = chooseRep(snapshot.pool, snapshot.reps, rotation, now);
        rotation = choice.state;
        settlements.push({
          leadId: waiter.message.leadId,
          createdAt: waiter.message.createdAt,
          status: choice.decision.outcome,
          ...(choice.decision.repId ? { repId: choice.decision.repId } : {}),
          decision: withRule(choice.decision, waiter.route),
        });
      }

      const result = await deps.store.commit({
        poolId,
        ...(snapshot ? { expected: { seq: snapshot.rotation.seq, configVersion: snapshot.configVersion } } : {}),
        rotation,
        leads: settlements,
        at,
      });

      if (result.status === 'committed') {
        if (snapshot) {
          snapshots.set(poolId, {
            snapshot: { ...snapshot, rotation },
            loadedAt: snapshots.get(poolId)?.loadedAt ?? now.getTime(),
          });
        }
        await settle(remaining, settlements, snapshot);
        return;
      }
      if (result.status === 'leads_settled') {
        // Redeliveries: their leads are done. Decide the rest again on the same snapshot.
        const done = new Map(result.leads.map((l) => [l.leadId, l]));
        const [settled, rest] = partition(remaining, (w) => done.has(w.message.leadId));
        await Promise.all(settled.map((w) => settleDuplicate(w, done.get(w.message.leadId)!, snapshot)));
        remaining = rest;
        continue;
      }
      deps.metrics.count('AssignmentConflictRetries');
      fresh = true;
      await sleep(Math.floor(random() * Math.min(backoffCapMs, backoffBaseMs * 2 ** attempt)));
    }
    if (remaining.length > 0) {
      snapshots.delete(poolId);
      deps.metrics.count('AssignmentRetriesExhausted', remaining.length);
      const error = new AssignmentRetriesExhaustedError(poolId, maxAttempts);
      for (const waiter of remaining) waiter.reject(error);
    }
  }

  async function settle(waiters: Waiter[], settlements: LeadSettlement[], snapshot: PoolSnapshot | undefined) {
    await Promise.all(
      waiters.map(async (waiter, i) => {
        const settlement = settlements[i]!;
        if (settlement.status === 'unassigned') {
          deps.metrics.count('LeadsUnassigned');
          waiter.resolve({ leadId: settlement.leadId, status: 'unassigned', reason: settlement.decision.reason ?? 'unknown' });
          return;
        }
        try {
          await notifyAssigned(waiter.message, settlement.repId!, snapshot);
          deps.metrics.count('LeadsAssigned');
          waiter.resolve({ leadId: settlement.leadId, status: 'assigned', repId: settlement.repId!, seq: settlement.decision.seq! });
        } catch (error) {
          // The assignment stands; failing the message makes the queue redeliver it, and the
          // redelivery (seeing the lead settled) sends the notice again.
          deps.metrics.count('NotificationFailures');
          waiter.reject(error);
        }
      }),
    );
  }

  async function settleDuplicate(
    waiter: Waiter,
    current: { status?: string; repId?: string },
    snapshot: PoolSnapshot | undefined,
  ) {
    try {
      if (waiter.redelivered && current.status === 'assigned' && current.repId) {
        await notifyAssigned(waiter.message, current.repId, snapshot);
      }
      waiter.resolve({ leadId: waiter.message.leadId, status: 'duplicate' });
    } catch (error) {
      waiter.reject(error);
    }
  }

  async function notifyAssigned(message: LeadMessage, repId: string, snapshot: PoolSnapshot | undefined) {
    const rep = snapshot?.reps.get(repId);
    if (!rep) return;
    await deps.notifier.notify(assignmentNotice(rep, message.leadId, message.fields));
  }

  return {
    async assign(message, assignOptions = {}) {
      const ticket = tickets++;
      const source = await deps.sources.get(message.sourceId);
      // Pinned pool, first matching rule, or default pool; a test lead or a lost source goes nowhere.
      const route = routeLead(message, { source, ruleSet: await deps.rules?.current(), now: deps.clock.now() });
      const poolId = route.poolId ?? UNROUTABLE;
      return new Promise<AssignOutcome>((resolve, reject) => {
        const queue = pending.get(poolId) ?? [];
        let at = queue.length;
        while (at > 0 && queue[at - 1]!.ticket > ticket) at--;
        queue.splice(at, 0, { ticket, message, route, redelivered: assignOptions.redelivered ?? false, resolve, reject });
        pending.set(poolId, queue);
        // Start draining on the next turn so leads arriving in the same tick share a batch.
        if (!draining.has(poolId)) {
          draining.add(poolId);
          setImmediate(() => void drain(poolId));
        }
      });
    },
  };
}

/** The decision with the name of the routing rule that chose its pool, if a rule did. */
function withRule(decision: Decision, route: RouteResult): Decision {
  return route.rule ? { ...decision, rule: route.rule } : decision;
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}
