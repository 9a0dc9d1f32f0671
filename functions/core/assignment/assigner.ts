import type { Decision, LeadMessage, LeadOffer } from '../leads/lead';
import type { StickyOwners } from '../leads/ports';
import type { LinkIssuer } from '../links/ports';
import { type Constraints, chooseRep } from '../methods/choose-rep';
import type { RotationState } from '../methods/rotation';
import { offerNotice } from '../notices/notice-texts';
import { notifyNewOwner } from '../notices/owner-notice';
import type { Notifier } from '../notices/ports';
import { scoreRank } from '../pull-queues/queue-rank';
import type { QueueReminders } from '../pull-queues/queue-reminders';
import type { RuleSetReader } from '../routing/ports';
import { type RouteResult, routeLead } from '../routing/route-lead';
import type { Clock, Metrics } from '../shared/ports';
import type { SourceDirectory } from '../sources/ports';
import { DEFAULT_OFFER_FIELDS, fallbackPoolId, offerWindowSeconds, type Pool } from '../team/pool';
import type { RepLoadChange } from '../team/ports';
import { assignedToday, NO_LOAD, type Rep, type RepLoad, repToday } from '../team/rep';
import type {
  AssignmentStore,
  LeadExpectation,
  LeadSettlement,
  PoolSnapshot,
  RotationExpectation,
  SettledLead,
  Timers,
} from './ports';

export interface AssignerDeps {
  sources: SourceDirectory;
  store: AssignmentStore;
  notifier: Notifier;
  clock: Clock;
  metrics: Metrics;
  /** Uniform in [0, 1): the random method's dice, and backoff jitter. */
  random?: () => number;
  /** Signs claim and accept links for notices; without it notices carry no link. */
  links?: LinkIssuer;
  /** Schedules offer windows and accept deadlines; without it neither is enforced. */
  timers?: Timers;
  /** The routing rules (cached); without them, only pinned sources route. */
  rules?: RuleSetReader;
  /** Finds a recent lead's owner, for pools and rules with `stickyDays`. */
  sticky?: StickyOwners;
  /** Tells pull pools' reps that leads wait in their queue; without it nobody is told. */
  reminders?: QueueReminders;
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
  sleep?: (ms: number) => Promise<void>;
}

/** How to decide one lead; a new lead needs none of it. */
export interface AssignOptions {
  /** The message was delivered before (a notice may not have gone out). */
  redelivered?: boolean;
  /** Decide again a lead already past routing, which must still be in this state. */
  from?: LeadExpectation;
  /** Start in this pool instead of the source's. */
  poolId?: string;
  constraints?: Constraints;
  /** The shotgun round a new offer opens. */
  round?: number;
  /** Hold the lead with this reason instead of deciding (an unclaimed offer's pool holds). */
  hold?: string;
  /** Why the lead is decided again, recorded on the decision (`offer_expired`, `sla_missed`). */
  reason?: string;
}

export type AssignOutcome =
  | { leadId: string; status: 'assigned'; repId: string; poolId: string; seq: number }
  | { leadId: string; status: 'offered'; repIds: string[]; poolId: string; round: number }
  /** Waiting in a pull pool's queue for a rep to take it. */
  | { leadId: string; status: 'queued'; poolId: string }
  | { leadId: string; status: 'unassigned'; reason: string; poolId?: string }
  /** The lead had already been settled: a redelivered message, nothing was written. */
  | { leadId: string; status: 'duplicate' };

export class AssignmentRetriesExhaustedError extends Error {
  constructor(poolId: string, attempts: number) {
    super(`Pool ${poolId} stayed contended for ${attempts} attempts; the leads go back to the queue`);
    this.name = 'AssignmentRetriesExhaustedError';
  }
}

/** How many pools a lead may fall back through before it is held where it is. */
export const MAX_FALLBACK_DEPTH = 5;

// Leads whose source no longer exists are settled as unassigned under this pseudo pool.
const UNROUTABLE = '';

/** A pool the lead fell back from, with the decision and the rotation it was made on. */
interface FallbackStep {
  expectation: RotationExpectation;
  decision: Decision;
}

interface Waiter {
  /** Arrival order: leads are decided in the order `assign` was called, whatever routing took. */
  ticket: number;
  message: LeadMessage;
  options: AssignOptions;
  /** Where routing sent the lead and why (rule name, or the reason it goes nowhere). */
  route: RouteResult;
  /** The pool routing chose, where a reset fallback chain starts again. */
  origin: string;
  via: FallbackStep[];
  resolve: (outcome: AssignOutcome) => void;
  reject: (error: unknown) => void;
}

/** What one attempt decided for a batch. */
interface BatchPlan {
  settlements: { waiter: Waiter; settlement: LeadSettlement }[];
  forwards: { waiter: Waiter; poolId: string; step: FallbackStep }[];
  /** Held leads sent round again that nobody can take yet: left as they are. */
  unchanged: Waiter[];
  rotation: RotationState;
  loads: Map<string, RepLoad>;
  changes: RepLoadChange[];
  /** A fallback was decided on a cached snapshot: confirm on a fresh read before committing. */
  needsFresh: boolean;
}

/** A lead router for one process: call `assign` once per queued lead. */
export interface LeadAssigner {
  assign(message: LeadMessage, options?: AssignOptions): Promise<AssignOutcome>;
}

/**
 * Creates the assigner. Leads routed to the same pool at the same moment are decided in
 * order and committed in one DynamoDB transaction (group commit): the pool's rotation moves
 * once per batch, conditioned on its sequence and config version; each lead is conditioned
 * on its expected state, so a redelivery can never assign twice; each chosen rep's load
 * counters move under their caps. The pool snapshot is cached between batches and the
 * conditional write verifies it. A lead nobody in its pool can take follows the pool's
 * fallback, with the pools it left checked in the same transaction. After the commit reps
 * are told (an offer to each shotgun candidate, a notice to an owner) and timers are set.
 */
export function createLeadAssigner(deps: AssignerDeps, options: AssignerOptions = {}): LeadAssigner {
  const maxBatch = options.maxBatch ?? 10;
  const maxAttempts = options.maxAttempts ?? 25;
  const backoffBaseMs = options.backoffBaseMs ?? 5;
  const backoffCapMs = options.backoffCapMs ?? 200;
  const snapshotMaxAgeMs = options.snapshotMaxAgeMs ?? 30_000;
  const random = deps.random ?? Math.random;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  const snapshots = new Map<string, { snapshot: PoolSnapshot | undefined; loadedAt: number }>();
  const loading = new Map<string, Promise<PoolSnapshot | undefined>>();
  const pending = new Map<string, Waiter[]>();
  const draining = new Set<string>();
  let tickets = 0;

  async function snapshotOf(poolId: string, fresh: boolean): Promise<PoolSnapshot | undefined> {
    if (poolId === UNROUTABLE) return undefined;
    const cached = snapshots.get(poolId);
    const nowMs = deps.clock.now().getTime();
    if (!fresh && cached && nowMs - cached.loadedAt < snapshotMaxAgeMs) return cached.snapshot;
    // Callers that only need a snapshot (sticky lookups while a batch routes) share one read.
    const shared = fresh ? undefined : loading.get(poolId);
    if (shared) return shared;
    const read = deps.store.loadPool(poolId).finally(() => {
      if (loading.get(poolId) === read) loading.delete(poolId);
    });
    if (!fresh) loading.set(poolId, read);
    const snapshot = await read;
    snapshots.set(poolId, { snapshot, loadedAt: nowMs });
    return snapshot;
  }

  // Leads whose routing (source, rules, sticky owner) is still being looked up. A batch waits
  // for them briefly, so the leads of one SQS batch are decided in arrival order.
  let routing = 0;
  let routingWaiters: (() => void)[] = [];

  function routed() {
    routing--;
    if (routing > 0) return;
    const waiters = routingWaiters;
    routingWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function routingSettled(maxWaitMs = 25): Promise<void> {
    if (routing === 0) return Promise.resolve();
    return new Promise((resolve) => {
      routingWaiters.push(resolve);
      setTimeout(resolve, maxWaitMs).unref?.();
    });
  }

  function enqueue(poolId: string, waiter: Waiter) {
    const queue = pending.get(poolId) ?? [];
    let at = queue.length;
    while (at > 0 && queue[at - 1]!.ticket > waiter.ticket) at--;
    queue.splice(at, 0, waiter);
    pending.set(poolId, queue);
    // Start draining on the next turn so leads arriving in the same tick share a batch.
    if (!draining.has(poolId)) {
      draining.add(poolId);
      setImmediate(() => void drain(poolId));
    }
  }

  async function drain(poolId: string): Promise<void> {
    try {
      await routingSettled();
      for (;;) {
        const queue = pending.get(poolId);
        if (!queue || queue.length === 0) break;
        const batch = takeBatch(queue);
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

  /** Up to maxBatch waiters, one per lead: a transaction may touch an item only once. */
  function takeBatch(queue: Waiter[]): Waiter[] {
    const batch: Waiter[] = [];
    const leads = new Set<string>();
    for (let i = 0; i < queue.length && batch.length < maxBatch; ) {
      const waiter = queue[i]!;
      if (leads.has(waiter.message.leadId)) {
        i++;
        continue;
      }
      leads.add(waiter.message.leadId);
      batch.push(waiter);
      queue.splice(i, 1);
    }
    return batch;
  }

  function plan(
    poolId: string,
    snapshot: PoolSnapshot | undefined,
    fresh: boolean,
    waiters: Waiter[],
    now: Date,
  ): BatchPlan {
    const at = now.toISOString();
    const result: BatchPlan = {
      settlements: [],
      forwards: [],
      unchanged: [],
      rotation: snapshot?.rotation ?? { seq: 0, members: {} },
      loads: new Map(snapshot?.loads ?? []),
      changes: [],
      needsFresh: false,
    };
    const changes = new Map<string, RepLoadChange>();
    for (const waiter of waiters) {
      const { options: opts } = waiter;
      const earlier = [
        ...(opts.from?.status === 'offered' && waiter.via.length === 0
          ? [expiredOffer(opts.from.round, opts.from.poolId ?? poolId, at)]
          : []),
        ...waiter.via.map((s) => s.decision),
      ];
      if (!snapshot || opts.hold) {
        const reason =
          opts.hold ?? waiter.route.reason ?? (poolId === UNROUTABLE ? 'source_not_found' : 'pool_not_found');
        const decision: Decision = {
          at,
          outcome: 'unassigned',
          ...(poolId === UNROUTABLE ? {} : { poolId }),
          candidates: [],
          skipped: [],
          reason,
        };
        result.settlements.push({ waiter, settlement: settle(waiter, 'unassigned', [...earlier, decision], poolId) });
        continue;
      }
      const view = { pool: snapshot.pool, reps: snapshot.reps, loads: result.loads };
      const choice = chooseRep(view, result.rotation, now, { random }, opts.constraints ?? {});
      const decision: Decision = {
        ...choice.decision,
        ...(waiter.route.rule && waiter.via.length === 0 && !opts.from ? { rule: waiter.route.rule } : {}),
        ...(opts.reason && waiter.via.length === 0 ? { reason: choice.decision.reason ?? opts.reason } : {}),
        ...(opts.from?.status === 'assigned' && choice.decision.outcome !== 'unassigned'
          ? { previousRepId: opts.from.repId }
          : {}),
      };
      if (decision.outcome === 'assigned') {
        result.rotation = choice.state;
        const repId = decision.repId!;
        recordLoad(snapshot, result.loads, changes, repId, now);
        result.settlements.push({
          waiter,
          settlement: settle(waiter, 'assigned', [...earlier, decision], poolId, { repId }),
        });
        continue;
      }
      if (decision.outcome === 'offered') {
        const round = opts.round ?? 1;
        const offer: LeadOffer = {
          round,
          tier: choice.offerTier ?? 1,
          repIds: decision.candidates,
          expiresAt: new Date(now.getTime() + offerWindowSeconds(snapshot.pool) * 1000).toISOString(),
        };
        result.settlements.push({
          waiter,
          settlement: settle(waiter, 'offered', [...earlier, { ...decision, round }], poolId, { offer }),
        });
        continue;
      }
      if (decision.outcome === 'queued') {
        // A pull pool: the lead waits in its queue; nothing else moves (no rotation, no counters).
        const queueRank = scoreRank(waiter.message.fields.score, waiter.message.createdAt);
        result.settlements.push({
          waiter,
          settlement: settle(waiter, 'queued', [...earlier, decision], poolId, { queueRank }),
        });
        continue;
      }
      const next = decision.reason === 'no_eligible_rep' ? fallbackPoolId(snapshot.pool) : undefined;
      const looped =
        next !== undefined && (next === waiter.origin || waiter.via.some((s) => s.expectation.poolId === next));
      if (next && !looped && waiter.via.length < MAX_FALLBACK_DEPTH) {
        if (!fresh) result.needsFresh = true;
        const step: FallbackStep = {
          expectation: { poolId, seq: snapshot.rotation.seq, configVersion: snapshot.configVersion },
          decision: { ...decision, outcome: 'fallback', fallbackTo: next },
        };
        result.forwards.push({ waiter, poolId: next, step });
        continue;
      }
      const held = next ? { ...decision, reason: 'fallback_loop' } : decision;
      if (waiter.message.heldIn === poolId && !opts.from && held.reason === 'no_eligible_rep') {
        // Sent round again and still nobody: it stays held as it was, nothing to write. With
        // no write to verify a cached snapshot, that answer must come from a fresh read.
        if (!fresh) result.needsFresh = true;
        result.unchanged.push(waiter);
        continue;
      }
      result.settlements.push({ waiter, settlement: settle(waiter, 'unassigned', [...earlier, held], poolId) });
    }
    result.changes = [...changes.values()];
    return result;
  }

  async function assignBatch(poolId: string, batch: Waiter[]): Promise<void> {
    let remaining = batch;
    let fresh = false;
    for (let attempt = 1; attempt <= maxAttempts && remaining.length > 0; attempt++) {
      let snapshot = await snapshotOf(poolId, fresh);
      if (snapshot?.pool.method === 'least_loaded' && !fresh) {
        // "Fewest open leads" must be read now: closes and other pools change loads too.
        const loads = await deps.store.loadRepLoads(snapshot.pool.members.map((m) => m.repId));
        snapshot = { ...snapshot, loads };
      }
      const now = deps.clock.now();
      const decided = plan(poolId, snapshot, fresh, remaining, now);
      if (decided.needsFresh) {
        fresh = true;
        attempt--; // confirming a fallback on fresh data is not a conflict
        continue;
      }

      const checks = fallbackChecks(decided);
      const committing = decided.settlements.filter((s) => !checks.reset.has(s.waiter));
      let result: Awaited<ReturnType<AssignmentStore['commit']>> = { status: 'committed' };
      if (committing.length > 0) {
        result = await deps.store.commit({
          poolId,
          ...(snapshot
            ? { expected: { poolId, seq: snapshot.rotation.seq, configVersion: snapshot.configVersion } }
            : {}),
          checks: checks.expectations,
          rotation: decided.rotation,
          leads: committing.map((s) => s.settlement),
          loads: decided.changes,
          at: now.toISOString(),
        });
      }
      for (const waiter of checks.reset) restart(waiter);

      if (result.status === 'committed') {
        if (snapshot) {
          snapshots.set(poolId, {
            snapshot: { ...snapshot, rotation: decided.rotation, loads: decided.loads },
            loadedAt: snapshots.get(poolId)?.loadedAt ?? now.getTime(),
          });
        }
        for (const { waiter, poolId: next, step } of decided.forwards) {
          deps.metrics.count('LeadsFellBack');
          enqueue(next, { ...waiter, via: [...waiter.via, step] });
        }
        for (const waiter of decided.unchanged) {
          waiter.resolve({ leadId: waiter.message.leadId, status: 'unassigned', reason: 'no_eligible_rep', poolId });
        }
        // Before anyone is resolved: the function may be frozen as soon as its messages are done.
        await remindQueued(
          committing.map((c) => c.settlement),
          snapshot,
          now,
        );
        await Promise.all(committing.map(({ waiter, settlement: s }) => announce(waiter, s, snapshot, now)));
        return;
      }
      if (result.status === 'leads_settled') {
        // Redeliveries: their leads are done. Decide the rest again on the same snapshot.
        const done = new Map(result.leads.map((l) => [l.leadId, l]));
        const settled = remaining.filter((w) => done.has(w.message.leadId));
        remaining = remaining.filter((w) => !done.has(w.message.leadId) && !checks.reset.has(w));
        await Promise.all(settled.map((w) => settleDuplicate(w, done.get(w.message.leadId)!, now)));
        continue;
      }
      deps.metrics.count('AssignmentConflictRetries');
      remaining = remaining.filter((w) => !checks.reset.has(w));
      if (result.status === 'stale' && result.poolIds.length > 0) {
        // A pool a lead fell back from changed: that lead's route is decided again from the start.
        const changed = new Set(result.poolIds);
        for (const id of changed) snapshots.delete(id);
        const rerouted = remaining.filter((w) => w.via.some((s) => changed.has(s.expectation.poolId)));
        for (const waiter of rerouted) restart(waiter);
        remaining = remaining.filter((w) => !rerouted.includes(w));
      } else {
        fresh = true;
      }
      await sleep(Math.floor(random() * Math.min(backoffCapMs, backoffBaseMs * 2 ** attempt)));
    }
    if (remaining.length > 0) {
      snapshots.delete(poolId);
      deps.metrics.count('AssignmentRetriesExhausted', remaining.length);
      const error = new AssignmentRetriesExhaustedError(poolId, maxAttempts);
      for (const waiter of remaining) waiter.reject(error);
    }
  }

  /** The fallback-origin rotations a commit must check, one per pool; conflicting views are reset. */
  function fallbackChecks(decided: BatchPlan) {
    const byPool = new Map<string, RotationExpectation>();
    const reset = new Set<Waiter>();
    for (const { waiter } of decided.settlements) {
      for (const { expectation } of waiter.via) {
        const seen = byPool.get(expectation.poolId);
        if (!seen) byPool.set(expectation.poolId, expectation);
        else if (seen.seq !== expectation.seq || seen.configVersion !== expectation.configVersion) reset.add(waiter);
      }
    }
    return { expectations: [...byPool.values()], reset };
  }

  function restart(waiter: Waiter) {
    enqueue(waiter.origin, { ...waiter, via: [] });
  }

  /**
   * Leads of the batch that entered the pool's queue: one reminder check per eligible rep
   * for the whole batch, not one per lead. Best effort: the leads wait in the queue, visible
   * to every member, whether or not a reminder goes out, so a failure fails no lead.
   */
  async function remindQueued(settlements: readonly LeadSettlement[], snapshot: PoolSnapshot | undefined, now: Date) {
    const queued = settlements.filter((s) => s.status === 'queued');
    if (queued.length === 0 || !snapshot || !deps.reminders) return;
    const repIds = new Set(queued.flatMap((s) => s.decisions[s.decisions.length - 1]!.candidates));
    try {
      await deps.reminders.remind({ pool: snapshot.pool, repIds: [...repIds], leadId: queued[0]!.leadId, now });
    } catch {
      deps.metrics.count('QueueReminderFailures');
    }
  }

  /** After a commit: tell the reps, set the timers, resolve the caller. */
  async function announce(waiter: Waiter, s: LeadSettlement, snapshot: PoolSnapshot | undefined, now: Date) {
    const last = s.decisions[s.decisions.length - 1]!;
    try {
      if (s.status === 'queued') {
        deps.metrics.count('LeadsQueued');
        waiter.resolve({ leadId: s.leadId, status: 'queued', poolId: s.poolId! });
        return;
      }
      if (s.status === 'unassigned') {
        deps.metrics.count(last.reason === 'manual' ? 'LeadsAwaitingManualAssignment' : 'LeadsHeld');
        waiter.resolve({
          leadId: s.leadId,
          status: 'unassigned',
          reason: last.reason ?? 'unknown',
          ...(s.poolId ? { poolId: s.poolId } : {}),
        });
        return;
      }
      if (s.status === 'offered') {
        await sendOffers(waiter.message, s.offer!, snapshot, now);
        deps.metrics.count('LeadsOffered');
        waiter.resolve({
          leadId: s.leadId,
          status: 'offered',
          repIds: s.offer!.repIds,
          poolId: s.poolId!,
          round: s.offer!.round,
        });
        return;
      }
      await notifyOwner(waiter.message, s.repId!, s.slaReassignments ?? 0, snapshot, now, now.toISOString());
      deps.metrics.count('LeadsAssigned');
      waiter.resolve({ leadId: s.leadId, status: 'assigned', repId: s.repId!, poolId: s.poolId!, seq: last.seq! });
    } catch (error) {
      // The decision stands; failing the message makes the queue redeliver it, and the
      // redelivery (seeing the lead settled) sends the notices and sets the timers again.
      deps.metrics.count('NotificationFailures');
      waiter.reject(error);
    }
  }

  async function settleDuplicate(waiter: Waiter, current: SettledLead, now: Date) {
    try {
      if (waiter.options.redelivered && current.poolId) {
        const snapshot = await snapshotOf(current.poolId, false);
        if (current.status === 'assigned' && current.repId) {
          await notifyOwner(
            waiter.message,
            current.repId,
            current.slaReassignments ?? 0,
            snapshot,
            now,
            current.assignedAt,
          );
        } else if (current.status === 'offered' && current.offer) {
          await sendOffers(waiter.message, current.offer, snapshot, now);
        }
      }
      waiter.resolve({ leadId: waiter.message.leadId, status: 'duplicate' });
    } catch (error) {
      waiter.reject(error);
    }
  }

  /** The owner's notice (with an accept link), and the accept deadline when the pool has an SLA. */
  async function notifyOwner(
    message: LeadMessage,
    repId: string,
    reassignments: number,
    snapshot: PoolSnapshot | undefined,
    now: Date,
    assignedAt: string | undefined,
  ) {
    await notifyNewOwner(deps, {
      leadId: message.leadId,
      fields: message.fields,
      repId,
      rep: snapshot?.reps.get(repId),
      sla: snapshot?.pool.sla,
      reassignments,
      now,
      assignedAt: assignedAt ?? now.toISOString(),
    });
  }

  /** One offer per candidate, each with its own claim link, and the offer's window timer. */
  async function sendOffers(message: LeadMessage, offer: LeadOffer, snapshot: PoolSnapshot | undefined, now: Date) {
    if (deps.timers)
      await deps.timers.schedule({
        type: 'offer_expired',
        leadId: message.leadId,
        round: offer.round,
        dueAt: offer.expiresAt,
      });
    const pool: Pick<Pool, 'shotgun'> = snapshot?.pool ?? {};
    const expiresAt = Math.floor(Date.parse(offer.expiresAt) / 1000);
    await deps.notifier.notifyMany(
      offer.repIds.map((repId) =>
        offerNotice(
          repId,
          message.leadId,
          message.fields,
          pool.shotgun?.shows ?? DEFAULT_OFFER_FIELDS,
          Math.max(0, Math.round((Date.parse(offer.expiresAt) - now.getTime()) / 1000)) || offerWindowSeconds(pool),
          deps.links?.({ purpose: 'claim', leadId: message.leadId, repId, round: offer.round, expiresAt }),
        ),
      ),
    );
  }

  /** The owner of a recent lead with the same contact, when the rule or the pool asks for it. */
  async function stickyOwner(message: LeadMessage, route: RouteResult, poolId: string) {
    if (!deps.sticky || poolId === UNROUTABLE || (!message.fields.email && !message.fields.phone)) return undefined;
    const days = route.stickyDays ?? (await snapshotOf(poolId, false))?.pool.stickyDays;
    if (!days) return undefined;
    const since = new Date(deps.clock.now().getTime() - days * 86_400_000).toISOString();
    return deps.sticky.findRecentOwner(message.fields, since, message.leadId);
  }

  return {
    async assign(message, assignOptions = {}) {
      const ticket = tickets++;
      routing++;
      let outcome: Promise<AssignOutcome>;
      try {
        const { poolId, route, options } = await routeOf(message, assignOptions);
        outcome = new Promise<AssignOutcome>((resolve, reject) => {
          enqueue(poolId, { ticket, message, options, route, origin: poolId, via: [], resolve, reject });
        });
      } finally {
        routed();
      }
      return outcome;
    },
  };

  /**
   * Where a lead goes: its pinned pool, the first matching rule, or the default pool (a
   * test lead or a lost source goes nowhere); with the sticky owner when one applies. A
   * lead decided again (a timer) stays in the pool it was given.
   */
  async function routeOf(message: LeadMessage, assignOptions: AssignOptions) {
    const route: RouteResult = assignOptions.poolId
      ? { poolId: assignOptions.poolId, trace: [] }
      : routeLead(message, {
          source: await deps.sources.get(message.sourceId),
          ruleSet: await deps.rules?.current(),
          now: deps.clock.now(),
        });
    const poolId = route.poolId ?? UNROUTABLE;
    const prefer = assignOptions.poolId ? undefined : await stickyOwner(message, route, poolId);
    const options = prefer
      ? { ...assignOptions, constraints: { ...assignOptions.constraints, prefer } }
      : assignOptions;
    return { poolId, route, options };
  }
}

function expiredOffer(round: number, poolId: string, at: string): Decision {
  return {
    at,
    outcome: 'expired',
    poolId,
    method: 'shotgun',
    candidates: [],
    skipped: [],
    reason: 'offer_expired',
    round,
  };
}

function settle(
  waiter: Waiter,
  status: LeadSettlement['status'],
  decisions: Decision[],
  poolId: string,
  extra: { repId?: string; offer?: LeadOffer; queueRank?: string } = {},
): LeadSettlement {
  const from = waiter.options.from;
  const reassigned = from?.status === 'assigned';
  return {
    leadId: waiter.message.leadId,
    createdAt: waiter.message.createdAt,
    status,
    ...(poolId !== UNROUTABLE ? { poolId } : {}),
    ...(extra.repId ? { repId: extra.repId } : {}),
    ...(extra.offer ? { offer: extra.offer } : {}),
    ...(extra.queueRank ? { queueRank: extra.queueRank } : {}),
    ...(from ? { from } : {}),
    ...(reassigned
      ? { releases: [from.repId], slaReassignments: from.reassignments + (status === 'assigned' ? 1 : 0) }
      : {}),
    decisions,
  };
}

/** Counts an assignment against the rep's load, in the plan and in the commit's counter changes. */
function recordLoad(
  snapshot: PoolSnapshot,
  loads: Map<string, RepLoad>,
  changes: Map<string, RepLoadChange>,
  repId: string,
  now: Date,
) {
  const rep: Rep = snapshot.reps.get(repId)!;
  const today = repToday(rep, now);
  const current = loads.get(repId) ?? NO_LOAD;
  loads.set(repId, { open: current.open + 1, day: today, dayCount: assignedToday(current, today) + 1 });
  const stored = snapshot.loads.get(repId) ?? NO_LOAD;
  const change = changes.get(repId) ?? {
    repId,
    open: 0,
    day: today,
    dayCount: 0,
    rollover: stored.day !== today,
    ...(rep.maxOpen !== undefined ? { maxOpen: rep.maxOpen } : {}),
    ...(rep.maxPerDay !== undefined ? { maxPerDay: rep.maxPerDay } : {}),
  };
  change.open += 1;
  change.dayCount += 1;
  changes.set(repId, change);
}
