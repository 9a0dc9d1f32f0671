import * as z from 'zod/mini';
import { changeEntry } from '../audit/audit-entry';
import type { Actor } from '../shared/actor';
import { NotFoundError } from '../shared/errors';
import { requiredText } from '../shared/validation';
import type { AdminDeps } from './admin-deps';
import type { ApiKeyRecord, ApiKeyStore } from './ports';

type KeyAdminDeps = AdminDeps<Pick<ApiKeyStore, 'saveApiKey' | 'listApiKeys' | 'deleteApiKey'>>;

import { issueApiKey } from './admin-keys';

/** `POST /admin/keys` body. */
export const ApiKeyCreateSchema = z.strictObject({ name: requiredText(100) });
export type ApiKeyCreate = z.output<typeof ApiKeyCreateSchema>;

/** Creates an admin API key; the answer is the only time the key itself is shown. */
export async function createApiKey(
  deps: KeyAdminDeps,
  { name }: ApiKeyCreate,
  actor: Actor,
): Promise<ApiKeyRecord & { key: string }> {
  const { id, key, createdAt } = await issueApiKey(deps, name, actor);
  return { id, name, key, createdAt };
}

/** Every key, oldest first, without secrets. */
export async function listApiKeys(deps: KeyAdminDeps): Promise<ApiKeyRecord[]> {
  return (await deps.config.listApiKeys()).sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );
}

/**
 * Revokes a key. The authorizer remembers valid keys briefly (see docs/operations.md), so a
 * revoked key may keep working for up to a minute.
 */
export async function revokeApiKey(deps: KeyAdminDeps, id: string, actor: Actor): Promise<void> {
  const key = (await deps.config.listApiKeys()).find((k) => k.id === id);
  if (!key) throw new NotFoundError('API key', id);
  const audit = changeEntry({ actor, at: deps.clock.now(), kind: 'key', before: key, action: 'revoked' });
  if (!(await deps.config.deleteApiKey(id, audit))) throw new NotFoundError('API key', id);
}
