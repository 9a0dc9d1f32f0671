import type { Metrics, Random } from '../shared/ports';
import { ineligibility, NO_LOAD, type Rep, type RepLoad } from '../team/rep';
import type { Announcer } from './announce';
import { type PendingLead, UNROUTABLE } from './pending-lead';
import { type BatchPlan, planBatch } from './plan-batch';
import type { AssignmentStore, CommitResult, PoolSnapshot, RotationExpectation } from './ports';
import type { SnapshotCache } from './snapshot-cache';

export interface CommitSettings {
  /** Attempts per batch before its leads go back to the queue. */
  maxAttempts: number;
  /** Full-jitter backoff between conflicting attempts, in ms. */
  backoffBaseMs: number;
  backoffCapMs: number;
  sleep: (ms: number) => Promise<void>;
}

export interface CommitDeps {
  store: AssignmentStore;
  snapshots: SnapshotCache;
  announcer: Announcer;
  metrics: Metrics;
  random: Random;
  clock: { now(): Date };
  /** Hands a lead to another pool's next batch (a fallback, or a route decided again). */
  enqueue(poolId: string, lead: PendingLead): void;
}

export class AssignmentRetriesExhaustedError extends Error {
  constructor(poolId: string, attempts: number) {
    super(`Pool ${poolId} stayed contended for ${attempts} attempts; the leads go back to the queue`);
    this.name = 'AssignmentRetriesExhaustedError';
  }
}

/**
 * Decides a batch of one pool's leads and commits it in one transaction: the pool's rotation
 * moves once, conditioned on its sequence and config version; each lead is conditioned on its
 * expected state; each chosen rep's counters move under their caps; pools the leads fell back
 * from are checked unchanged. A conflict reads again and decides again (bounded, jittered);
 * redelivered leads found settled drop out; then whatever follows the commit is announced.
 */
export function createBatchCommitter(deps: CommitDeps, settings: CommitSettings) {
  const restart = (lead: PendingLead) => deps.enqueue(lead.origin, { ...lead, via: [] });

  return async function commitBatch(poolId: string, batch: PendingLead[]): Promise<void> {
    let remaining = batch;
    let fresh = false;
    for (let attempt = 1; attempt <= settings.maxAttempts && remaining.length > 0; attempt++) {
      const now = deps.clock.now();
      let snapshot = poolId === UNROUTABLE ? undefined : await deps.snapshots.get(poolId, fresh);
      if (snapshot && !fresh) snapshot = await withFreshLoads(deps.store, snapshot, now);
      if (snapshot) snapshot = await withOwners(deps.store, snapshot, remaining);
      const plan = planBatch({ poolId, snapshot, fresh, leads: remaining, now, random: deps.random });
      if (plan.needsFresh) {
        fresh = true;
        attempt--; // confirming a decision on fresh data is not a conflict
        continue;
      }

      const checks = fallbackChecks(plan);
      const committing = plan.settlements.filter((s) => !checks.reset.has(s.lead));
      let result: CommitResult = { status: 'committed' };
      if (committing.length > 0) {
        result = await deps.store.commit({
          poolId,
          ...(snapshot
            ? { expected: { poolId, seq: snapshot.rotation.seq, configVersion: snapshot.configVersion } }
            : {}),
          checks: checks.expectations,
          rotation: plan.rotation,
          leads: committing.map((s) => s.settlement),
          loads: plan.changes,
          at: now.toISOString(),
        });
      }
      for (const lead of checks.reset) restart(lead);

      if (result.status === 'committed') {
        if (snapshot) {
          deps.snapshots.advance(poolId, { ...snapshot, rotation: plan.rotation, loads: plan.loads }, now.getTime());
        }
        for (const { lead, poolId: next, step } of plan.forwards) {
          deps.metrics.count('LeadsFellBack');
          deps.enqueue(next, { ...lead, via: [...lead.via, step] });
        }
        for (const lead of plan.unchanged) {
          lead.resolve({ leadId: lead.message.leadId, status: 'unassigned', reason: 'no_eligible_rep', poolId });
        }
        // Before anyone is answered: the function may be frozen as soon as its messages are done.
        await deps.announcer.remindQueued(
          committing.map((c) => c.settlement),
          snapshot,
          now,
        );
        await Promise.all(
          committing.map(({ lead, settlement }) => deps.announcer.announce(lead, settlement, snapshot, now)),
        );
        return;
      }
      if (result.status === 'leads_settled') {
        // Redeliveries: their leads are done. Decide the rest again on the same snapshot.
        const done = new Map(result.leads.map((l) => [l.leadId, l]));
        const settled = remaining.filter((l) => done.has(l.message.leadId));
        remaining = remaining.filter((l) => !done.has(l.message.leadId) && !checks.reset.has(l));
        await Promise.all(
          settled.map(async (lead) => {
            const current = done.get(lead.message.leadId)!;
            const at = current.poolId ? await deps.snapshots.get(current.poolId, false) : undefined;
            await deps.announcer.announceDuplicate(lead, current, at, now);
          }),
        );
        continue;
      }
      deps.metrics.count('AssignmentConflictRetries');
      remaining = remaining.filter((l) => !checks.reset.has(l));
      if (result.status === 'stale' && result.poolIds.length > 0) {
        // A pool a lead fell back from changed: that lead's route is decided again from the start.
        const changed = new Set(result.poolIds);
        for (const id of changed) deps.snapshots.forget(id);
        const rerouted = remaining.filter((l) => l.via.some((s) => changed.has(s.expectation.poolId)));
        for (const lead of rerouted) restart(lead);
        remaining = remaining.filter((l) => !rerouted.includes(l));
      } else {
        fresh = true;
      }
      const cap = Math.min(settings.backoffCapMs, settings.backoffBaseMs * 2 ** attempt);
      await settings.sleep(Math.floor(deps.random() * cap));
    }
    if (remaining.length > 0) {
      deps.snapshots.forget(poolId);
      deps.metrics.count('AssignmentRetriesExhausted', remaining.length);
      const error = new AssignmentRetriesExhaustedError(poolId, settings.maxAttempts);
      for (const lead of remaining) lead.reject(error);
    }
  };
}

/**
 * The snapshot with the named-account owners of the batch who are not members, read fresh
 * at every attempt: no config version covers them, and the commit conditions their caps.
 */
async function withOwners(store: AssignmentStore, snapshot: PoolSnapshot, leads: readonly PendingLead[]) {
  const members = new Set(snapshot.pool.members.map((m) => m.repId));
  const owners = [...new Set(leads.flatMap((l) => l.options.constraints?.owner ?? []))].filter(
    (id) => !members.has(id),
  );
  if (owners.length === 0) return snapshot;
  const { reps, loads } = await store.loadReps(owners);
  return { ...snapshot, reps: new Map([...snapshot.reps, ...reps]), loads: new Map([...snapshot.loads, ...loads]) };
}

/**
 * A cached snapshot's loads where they could decide something: a least-loaded pool compares
 * every member's open count, so all are read now (closes and other pools change them); any
 * other pool reads only the reps the cache shows at a cap, because a close elsewhere may have
 * freed them and a skip must rest on a fresh count. Otherwise no read: the caps are the
 * condition of the commit, so a stale count can cost a retry but never pass a cap.
 */
async function withFreshLoads(
  store: Pick<AssignmentStore, 'loadRepLoads'>,
  snapshot: PoolSnapshot,
  now: Date,
): Promise<PoolSnapshot> {
  const repIds =
    snapshot.pool.method === 'least_loaded'
      ? snapshot.pool.members.map((m) => m.repId)
      : snapshot.pool.members
          .map((m) => m.repId)
          .filter((id) => {
            const reason = capReason(snapshot.reps.get(id), snapshot.loads.get(id), now);
            return reason === 'at_max_open' || reason === 'at_max_per_day';
          });
  if (repIds.length === 0) return snapshot;
  const fresh = await store.loadRepLoads(repIds);
  const loads = new Map(snapshot.loads);
  for (const id of repIds) loads.set(id, fresh.get(id) ?? NO_LOAD);
  return { ...snapshot, loads };
}

/** Why a rep's caps alone keep them from a lead (status, away and hours aside). */
function capReason(rep: Rep | undefined, load: RepLoad | undefined, now: Date) {
  return rep ? ineligibility({ ...rep, status: 'active', awayUntil: undefined }, now, load) : undefined;
}

/** The fallback-origin rotations a commit must check, one per pool; leads with conflicting views start over. */
function fallbackChecks(plan: BatchPlan<PendingLead>) {
  const byPool = new Map<string, RotationExpectation>();
  const reset = new Set<PendingLead>();
  for (const { lead } of plan.settlements) {
    for (const { expectation } of lead.via) {
      const seen = byPool.get(expectation.poolId);
      if (!seen) byPool.set(expectation.poolId, expectation);
      else if (seen.seq !== expectation.seq || seen.configVersion !== expectation.configVersion) reset.add(lead);
    }
  }
  return { expectations: [...byPool.values()], reset };
}
