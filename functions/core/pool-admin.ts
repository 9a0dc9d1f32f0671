import { retryOnVersionConflict, withoutUndefined, type AdminDeps } from './admin-deps';
import { ConflictError, NotFoundError, ValidationError } from './errors';
import { newId } from './ids';
import { assertVersion } from './preconditions';
import { assertNoRuleRoutesTo } from './rule-admin';
import { PoolCreateSchema, PoolPatchSchema, type Pool, type PoolMember } from './pool';
import { parseInput } from './validation';

async function assertRepsExist(deps: AdminDeps, members: readonly PoolMember[]) {
  const known = new Set((await deps.config.listReps()).map((r) => r.id));
  const problems = members.flatMap((m, i) =>
    known.has(m.repId) ? [] : [{ path: `members.${i}.repId`, code: 'unknown_rep', message: `No rep has the id ${m.repId}` }],
  );
  if (problems.length > 0) throw new ValidationError('The pool names reps that do not exist', problems);
}

/** Creates a pool, with fresh rotation state, from a `POST /admin/pools` body. */
export async function createPool(deps: AdminDeps, body: unknown): Promise<Pool> {
  const input = parseInput(PoolCreateSchema, body);
  await assertRepsExist(deps, input.members);
  const now = deps.clock.now();
  const pool: Pool = {
    id: newId('pool', now.getTime()),
    name: input.name,
    method: input.method,
    members: input.members.map((m) => ({ repId: m.repId })),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
  };
  await deps.config.savePool(pool, {});
  return pool;
}

export async function getPool(deps: AdminDeps, id: string): Promise<Pool> {
  const pool = await deps.config.getPool(id);
  if (!pool) throw new NotFoundError('pool', id);
  return pool;
}

/**
 * Applies a `PATCH /admin/pools/{id}` body. Rotation memory is kept per rep, so changing
 * members never restarts the cycle: remaining reps keep their places, a new member is next.
 */
export async function updatePool(deps: AdminDeps, id: string, body: unknown, options: { ifVersion?: number } = {}): Promise<Pool> {
  const patch = parseInput(PoolPatchSchema, body);
  if (patch.members) await assertRepsExist(deps, patch.members);
  return retryOnVersionConflict(async () => {
    const current = await getPool(deps, id);
    assertVersion(current.version, options.ifVersion); // If-Match (sources issue)
    const updated: Pool = {
      ...current,
      ...withoutUndefined(patch),
      updatedAt: deps.clock.now().toISOString(),
      version: current.version + 1,
    };
    await deps.config.savePool(updated, { expectedVersion: current.version });
    return updated;
  });
}

/** Deletes a pool that no source and no routing rule sends leads to. */
export async function deletePool(deps: AdminDeps, id: string): Promise<void> {
  const pool = await getPool(deps, id);
  await assertNoRuleRoutesTo(deps, id); // routing rules (sources issue)
  const sources = (await deps.config.listSources()).filter((s) => s.poolId === id);
  if (sources.length > 0) {
    throw new ConflictError('Sources still route to this pool; point them elsewhere first', {
      sourceIds: sources.map((s) => s.id),
    }, 'pool_in_use');
  }
  await deps.config.deletePool(id, pool.version);
}
