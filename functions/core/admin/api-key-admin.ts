import * as z from 'zod/mini';
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
): Promise<ApiKeyRecord & { key: string }> {
  const { id, key, createdAt } = await issueApiKey(deps, name);
  return { id, name, key, createdAt };
}

/** Every key, oldest first, without secrets. */
export async function listApiKeys(deps: KeyAdminDeps): Promise<ApiKeyRecord[]> {
  return (await deps.config.listApiKeys()).sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );
}

/**
 * Revokes a key. From the answer on, no change is made with it (the admin function looks
 * the key up again for every change); reads may pass for up to a minute while the gateway's
 * and the authorizer's caches remember it (see docs/security.md).
 */
export async function revokeApiKey(deps: KeyAdminDeps, id: string): Promise<void> {
  if (!(await deps.config.deleteApiKey(id))) throw new NotFoundError('API key', id);
}
