import { type AdminDeps, retryOnVersionConflict } from '../admin/admin-deps';
import { changeEntry } from '../audit/audit-entry';
import type { Actor } from '../shared/actor';
import { NotFoundError, ValidationError } from '../shared/errors';
import { newId, newSecret } from '../shared/ids';
import { assertVersion } from '../shared/preconditions';
import type { PoolStore } from '../team/ports';
import type { SourceStore } from './ports';
import { SECRET_ROTATION_GRACE_MS, SECRET_SETTINGS, SIGNATURE_SECRET, type Source } from './source';
import type { SourceCreate, SourcePatch } from './source-schemas';

export type SourceAdminDeps = AdminDeps<SourceStore & Pick<PoolStore, 'getPool'>>;

async function assertPoolExists(deps: SourceAdminDeps, poolId: string) {
  if (!(await deps.config.getPool(poolId))) {
    throw new ValidationError('The source names a pool that does not exist', [
      { path: 'poolId', code: 'unknown_pool', message: `No pool has the id ${poolId}` },
    ]);
  }
}

/** What an audit entry may never show of a source: its secrets, a rotated one, and the webhook key. */
function sourceSecrets(source: Source): string[] {
  return [...SECRET_SETTINGS[source.kind], 'previousSecret', 'key'];
}

function sourceEntry(actor: Actor, at: Date, before: Source | undefined, after: Source | undefined) {
  return changeEntry({ actor, at, kind: 'source', before, after, secrets: sourceSecrets((after ?? before)!) });
}

/** Creates a source with a new unguessable webhook key. */
export async function createSource(deps: SourceAdminDeps, created: SourceCreate, actor: Actor): Promise<Source> {
  const input = created as Record<string, unknown>;
  if (typeof input.poolId === 'string') await assertPoolExists(deps, input.poolId);
  const now = deps.clock.now();
  const settings = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  const source = {
    id: newId('src', now.getTime()),
    ...settings,
    key: newSecret(24),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
  } as unknown as Source;
  await deps.config.saveSource(source, { audit: sourceEntry(actor, now, undefined, source) });
  return source;
}

export async function getSource(deps: SourceAdminDeps, id: string): Promise<Source> {
  const source = await deps.config.get(id);
  if (!source) throw new NotFoundError('source', id);
  return source;
}

/**
 * Applies a `PATCH /admin/sources/{id}` body (read by `parseSourcePatch` for the source's kind): its settings, `null`
 * clearing an optional one. A new signature secret replaces the old one, which stays valid
 * for a day so senders can switch over. With `ifVersion` (from `If-Match`), the change lands
 * only on that version; without, a concurrent edit is merged by reading again.
 */
export async function updateSource(
  deps: SourceAdminDeps,
  id: string,
  patch: SourcePatch,
  actor: Actor,
  options: { ifVersion?: number } = {},
): Promise<Source> {
  if (typeof patch.poolId === 'string') await assertPoolExists(deps, patch.poolId);
  return retryOnVersionConflict(async () => {
    const current = await getSource(deps, id);
    assertVersion(current.version, options.ifVersion);
    const now = deps.clock.now();
    const updated: Record<string, unknown> = { ...current };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete updated[key];
      else if (value !== undefined && key !== 'kind') updated[key] = value;
    }
    rotateSignatureSecret(current, updated, now);
    updated.updatedAt = now.toISOString();
    updated.version = current.version + 1;
    await deps.config.saveSource(updated as unknown as Source, {
      expectedVersion: current.version,
      audit: sourceEntry(actor, now, current, updated as unknown as Source),
    });
    return updated as unknown as Source;
  });
}

/** Keeps a replaced signature secret valid for a grace period; a removed one goes at once. */
function rotateSignatureSecret(current: Source, updated: Record<string, unknown>, now: Date) {
  const setting = SIGNATURE_SECRET[current.kind];
  if (!setting) return;
  const before = (current as unknown as Record<string, unknown>)[setting];
  const after = updated[setting];
  if (after === undefined) {
    delete updated.previousSecret;
  } else if (typeof before === 'string' && before !== after) {
    updated.previousSecret = {
      secret: before,
      validUntil: new Date(now.getTime() + SECRET_ROTATION_GRACE_MS).toISOString(),
    };
  }
}

/** Deletes a source; its webhook URL stops accepting leads once ingest's source cache expires (a minute). */
export async function deleteSource(deps: SourceAdminDeps, id: string, actor: Actor): Promise<void> {
  const source = await getSource(deps, id);
  await deps.config.deleteSource(source, sourceEntry(actor, deps.clock.now(), source, undefined));
}
