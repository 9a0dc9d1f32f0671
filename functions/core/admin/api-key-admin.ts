import * as z from 'zod/mini';
import { NotFoundError } from '../shared/errors';
import type { ApiKeyRecord } from '../shared/ports';
import { parseInput, requiredText } from '../shared/validation';
import type { AdminDeps } from './admin-deps';
import { issueApiKey } from './admin-keys';

/** `POST /admin/keys` body. */
export const ApiKeyCreateSchema = z.strictObject({ name: requiredText(100) });

/** Creates an admin API key; the answer is the only time the key itself is shown. */
export async function createApiKey(deps: AdminDeps, body: unknown): Promise<ApiKeyRecord & { key: string }> {
  const { name } = parseInput(ApiKeyCreateSchema, body);
  const { id, key, createdAt } = await issueApiKey(deps, name);
  return { id, name, key, createdAt };
}

/** Every key, oldest first, without secrets. */
export async function listApiKeys(deps: AdminDeps): Promise<ApiKeyRecord[]> {
  return (await deps.config.listApiKeys()).sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );
}

/**
 * Revokes a key. The authorizer remembers valid keys briefly (see docs/operations.md), so a
 * revoked key may keep working for up to a minute.
 */
export async function revokeApiKey(deps: AdminDeps, id: string): Promise<void> {
  if (!(await deps.config.deleteApiKey(id))) throw new NotFoundError('API key', id);
}
