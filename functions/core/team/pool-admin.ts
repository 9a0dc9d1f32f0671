import { type AdminDeps, applyPatch, retryOnVersionConflict } from '../admin/admin-deps';
import { actionEntry, changeEntry } from '../audit/audit-entry';
import type { RuleSetStore } from '../routing/ports';
import { assertNoRuleRoutesTo } from '../routing/rule-admin';
import type { Actor } from '../shared/actor';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { newId } from '../shared/ids';
import { assertVersion } from '../shared/preconditions';
import type { FieldProblem } from '../shared/validation';
import type { SourceStore } from '../sources/ports';
import { assertNoTableNames } from '../tables/table-admin';
import { fallbackPoolId, isPullMethod, type Pool } from './pool';
import type { PoolCreate, PoolPatch } from './pool-schemas';
import type { PoolStore, RepStore } from './ports';

export type PoolAdminDeps = AdminDeps<
  PoolStore & Pick<RepStore, 'listReps'> & Pick<SourceStore, 'listSources'> & Pick<RuleSetStore, 'getRuleSet'>
>;

/** Checks what the schema cannot: members exist, fields fit the method, the fallback is a pool and no cycle. */
async function assertPoolIsSound(deps: PoolAdminDeps, pool: Pool) {
  const problems: FieldProblem[] = [];
  const known = new Set((await deps.config.listReps()).map((r) => r.id));
  pool.members.forEach((member, i) => {
    if (!known.has(member.repId))
      problems.push({ path: `members.${i}.repId`, code: 'unknown_rep', message: `No rep has the id ${member.repId}` });
    if (member.weight !== undefined && pool.method !== 'weighted' && pool.method !== 'random') {
      problems.push({
        path: `members.${i}.weight`,
        code: 'not_for_method',
        message: 'Weights apply to the weighted and random methods only',
      });
    }
    if (member.tier !== undefined && pool.method !== 'priority_tiers' && pool.method !== 'shotgun') {
      problems.push({
        path: `members.${i}.tier`,
        code: 'not_for_method',
        message: 'Tiers apply to the priority_tiers and shotgun (offer rounds) methods only',
      });
    }
  });
  if (pool.queue !== undefined && !isPullMethod(pool.method)) {
    problems.push({
      path: 'queue',
      code: 'not_for_method',
      message: 'Queue settings apply to the pull_blind and pull_preview methods only',
    });
  }
  if (pool.performance !== undefined && pool.method !== 'performance') {
    problems.push({
      path: 'performance',
      code: 'not_for_method',
      message: 'Performance settings apply to the performance method only',
    });
  }
  const next = fallbackPoolId(pool);
  if (next !== undefined && isPullMethod(pool.method)) {
    // A pull pool keeps every lead in its queue, eligible reps or not: it never falls back.
    problems.push({
      path: 'fallback',
      code: 'not_for_method',
      message: 'A pull pool keeps its leads in its queue; it has no fallback',
    });
  } else if (next !== undefined) {
    const pools = new Map((await deps.config.listPools()).map((p) => [p.id, p]));
    pools.set(pool.id, pool);
    if (!pools.has(next)) {
      problems.push({ path: 'fallback', code: 'unknown_pool', message: `No pool has the id ${next}` });
    } else {
      const chain = [pool.id];
      for (let id: string | undefined = next; id !== undefined; id = fallbackPoolId(pools.get(id) ?? {})) {
        if (chain.includes(id)) {
          problems.push({
            path: 'fallback',
            code: 'fallback_cycle',
            message: `Fallbacks would loop: ${[...chain, id].join(' → ')}`,
          });
          break;
        }
        chain.push(id);
      }
    }
  }
  if (problems.length > 0) throw new ValidationError('The pool is not consistent', problems);
}

/** Creates a pool, with fresh rotation state, from a `POST /admin/pools` body. */
export async function createPool(deps: PoolAdminDeps, input: PoolCreate, actor: Actor): Promise<Pool> {
  const now = deps.clock.now();
  const pool = applyPatch<Pool>(
    {
      id: newId('pool', now.getTime()),
      name: input.name,
      method: input.method,
      members: [],
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      version: 1,
    },
    input,
  );
  await assertPoolIsSound(deps, pool);
  await deps.config.savePool(pool, { audit: changeEntry({ actor, at: now, kind: 'pool', after: pool }) });
  return pool;
}

export async function getPool(deps: PoolAdminDeps, id: string): Promise<Pool> {
  const pool = await deps.config.getPool(id);
  if (!pool) throw new NotFoundError('pool', id);
  return pool;
}

/**
 * Applies a `PATCH /admin/pools/{id}` body. Round-robin memory is kept per rep, so changing
 * members never restarts the cycle; weighted running weights restart (see docs).
 */
export async function updatePool(
  deps: PoolAdminDeps,
  id: string,
  patch: PoolPatch,
  actor: Actor,
  options: { ifVersion?: number } = {},
): Promise<Pool> {
  return retryOnVersionConflict(async () => {
    const current = await getPool(deps, id);
    assertVersion(current.version, options.ifVersion);
    const now = deps.clock.now();
    const updated: Pool = {
      ...applyPatch(current, patch),
      updatedAt: now.toISOString(),
      version: current.version + 1,
    };
    await assertPoolIsSound(deps, updated);
    if (
      isPullMethod(current.method) &&
      !isPullMethod(updated.method) &&
      deps.queuedLeads &&
      (await deps.queuedLeads.count(id, 1)) > 0
    ) {
      // Nothing would serve those leads any more: push methods route leads as they arrive.
      throw new ConflictError(
        'Leads wait in this pool’s queue; let reps take them (or assign them) before changing to a push method',
        {
          method: current.method,
        },
        'queue_not_empty',
      );
    }
    await deps.config.savePool(updated, {
      expectedVersion: current.version,
      audit: changeEntry({ actor, at: now, kind: 'pool', before: current, after: updated }),
    });
    await deps.requeueHeld?.([updated.id]);
    return updated;
  });
}

/** Deletes a pool that no source, routing rule or other pool (as fallback) sends leads to. */
export async function deletePool(deps: PoolAdminDeps, id: string, actor: Actor): Promise<void> {
  const pool = await getPool(deps, id);
  await assertNoRuleRoutesTo(deps, id); // routing rules (sources issue)
  await assertNoTableNames(deps, { poolId: id });
  const sources = (await deps.config.listSources()).filter((s) => s.poolId === id);
  const fallbackOf = (await deps.config.listPools()).filter((p) => p.id !== id && fallbackPoolId(p) === id);
  if (sources.length > 0 || fallbackOf.length > 0) {
    throw new ConflictError(
      'Sources route to this pool or pools fall back to it; point them elsewhere first',
      {
        sourceIds: sources.map((s) => s.id),
        fallbackOf: fallbackOf.map((p) => p.id),
      },
      'pool_in_use',
    );
  }
  await deps.config.deletePool(
    id,
    pool.version,
    changeEntry({ actor, at: deps.clock.now(), kind: 'pool', before: pool }),
  );
}

/**
 * `POST /admin/pools/{id}/reset-rotation`: the pool's rotation starts over, as if no rep had
 * had a lead from it yet (round-robin turns and weighted totals forgotten); recorded in the
 * audit log. Caps, counts and leads are untouched.
 */
export async function resetPoolRotation(
  deps: PoolAdminDeps,
  id: string,
  actor: Actor,
): Promise<{ poolId: string; resetAt: string }> {
  const pool = await getPool(deps, id);
  const now = deps.clock.now();
  const audit = actionEntry({
    actor,
    at: now,
    action: 'rotation_reset',
    entity: { kind: 'pool', id, name: pool.name },
  });
  if (!(await deps.config.resetRotation(id, audit))) throw new NotFoundError('pool', id);
  return { poolId: id, resetAt: now.toISOString() };
}
