import { applyPatch, retryOnVersionConflict, type AdminDeps } from './admin-deps';
import { NotFoundError, ValidationError } from './errors';
import { newId, newSecret } from './ids';
import { SourceCreateSchema, SourcePatchSchema, type Source } from './source';
import { parseInput } from './validation';

async function assertPoolExists(deps: AdminDeps, poolId: string) {
  if (!(await deps.config.getPool(poolId))) {
    throw new ValidationError('The source names a pool that does not exist', [
      { path: 'poolId', code: 'unknown_pool', message: `No pool has the id ${poolId}` },
    ]);
  }
}

/** Creates a source with a new unguessable webhook key. */
export async function createSource(deps: AdminDeps, body: unknown): Promise<Source> {
  const input = parseInput(SourceCreateSchema, body);
  await assertPoolExists(deps, input.poolId);
  const now = deps.clock.now();
  const source: Source = {
    id: newId('src', now.getTime()),
    name: input.name,
    kind: input.kind,
    key: newSecret(24),
    poolId: input.poolId,
    ...(input.defaultCountry ? { defaultCountry: input.defaultCountry } : {}),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
  };
  await deps.config.saveSource(source, {});
  return source;
}

export async function getSource(deps: AdminDeps, id: string): Promise<Source> {
  const source = await deps.config.get(id);
  if (!source) throw new NotFoundError('source', id);
  return source;
}

/** Applies a `PATCH /admin/sources/{id}` body. */
export async function updateSource(deps: AdminDeps, id: string, body: unknown): Promise<Source> {
  const patch = parseInput(SourcePatchSchema, body);
  if (patch.poolId) await assertPoolExists(deps, patch.poolId);
  return retryOnVersionConflict(async () => {
    const current = await getSource(deps, id);
    if (patch.kind && patch.kind !== current.kind) {
      throw new ValidationError('A source keeps its kind; create a new source instead', [
        { path: 'kind', code: 'immutable', message: `This source is a ${current.kind} source` },
      ]);
    }
    const updated: Source = {
      ...applyPatch(current, patch),
      updatedAt: deps.clock.now().toISOString(),
      version: current.version + 1,
    };
    await deps.config.saveSource(updated, { expectedVersion: current.version });
    return updated;
  });
}

/** Deletes a source; its webhook URL stops accepting leads once ingest's source cache expires (a minute). */
export async function deleteSource(deps: AdminDeps, id: string): Promise<void> {
  await deps.config.deleteSource(await getSource(deps, id));
}
