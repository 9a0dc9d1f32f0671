import { type AdminDeps, applyPatch, retryOnVersionConflict } from '../admin/admin-deps';
import { changeEntry } from '../audit/audit-entry';
import type { Actor } from '../shared/actor';
import { ConflictError, NotFoundError } from '../shared/errors';
import { newId } from '../shared/ids';
import { assertVersion } from '../shared/preconditions';
import { assertNoTableNames } from '../tables/table-admin';
import type { PoolStore, RepStore } from './ports';
import { notificationEndpoints, type Rep } from './rep';
import type { RepCreate, RepPatch } from './rep-schemas';

export type RepAdminDeps = AdminDeps<RepStore & Pick<PoolStore, 'listPools'>>;

/** Creates a rep from a `POST /admin/reps` body. */
export async function createRep(deps: RepAdminDeps, input: RepCreate, actor: Actor): Promise<Rep> {
  const now = deps.clock.now();
  const rep = applyPatch<Rep>(
    {
      id: newId('rep', now.getTime()),
      name: input.name,
      timezone: 'UTC',
      status: 'active',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      version: 1,
    },
    input,
  );
  await deps.config.saveRep(rep, { touchPools: [], audit: changeEntry({ actor, at: now, kind: 'rep', after: rep }) });
  await deps.syncChannels?.(rep.id);
  return rep;
}

export async function getRep(deps: RepAdminDeps, id: string): Promise<Rep> {
  const rep = await deps.config.getRep(id);
  if (!rep) throw new NotFoundError('rep', id);
  return rep;
}

/**
 * Applies a `PATCH /admin/reps/{id}` body (or a rep's own availability change, with the rep
 * as the actor). The pools the rep belongs to are touched in the same write, so assigners
 * see the change (a pause, say) on their very next lead, and their waiting leads are queued
 * again (the rep may be back).
 */
export async function updateRep(
  deps: RepAdminDeps,
  id: string,
  patch: RepPatch,
  actor: Actor,
  options: { ifVersion?: number } = {},
): Promise<Rep> {
  return retryOnVersionConflict(async () => {
    const current = await getRep(deps, id);
    assertVersion(current.version, options.ifVersion);
    const now = deps.clock.now();
    const updated: Rep = {
      ...applyPatch(current, patch),
      updatedAt: now.toISOString(),
      version: current.version + 1,
    };
    const pools = await deps.config.listPools();
    const touchPools = pools.filter((p) => p.members.some((m) => m.repId === id)).map((p) => p.id);
    const audit = changeEntry({ actor, at: now, kind: 'rep', before: current, after: updated });
    await deps.config.saveRep(updated, { expectedVersion: current.version, touchPools, audit });
    if (touchPools.length > 0) await deps.requeueHeld?.(touchPools);
    if (JSON.stringify(notificationEndpoints(current)) !== JSON.stringify(notificationEndpoints(updated))) {
      await deps.syncChannels?.(id);
    }
    return updated;
  });
}

/** Deletes a rep who is in no pool; a member must be taken out of its pools first. */
export async function deleteRep(deps: RepAdminDeps, id: string, actor: Actor): Promise<void> {
  const rep = await getRep(deps, id);
  const pools = (await deps.config.listPools()).filter((p) => p.members.some((m) => m.repId === id));
  if (pools.length > 0) {
    throw new ConflictError(
      'The rep is still a member of pools; remove it from them first (or pause it)',
      { poolIds: pools.map((p) => p.id) },
      'rep_in_use',
    );
  }
  await assertNoTableNames(deps, { repId: id });
  await deps.config.deleteRep(id, rep.version, changeEntry({ actor, at: deps.clock.now(), kind: 'rep', before: rep }));
  await deps.syncChannels?.(id);
}
