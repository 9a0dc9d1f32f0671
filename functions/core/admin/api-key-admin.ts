import * as z from 'zod/mini';
import { changeEntry } from '../audit/audit-entry';
import type { Actor } from '../shared/actor';
import { NotFoundError } from '../shared/errors';
import { timestamp } from '../shared/timestamp';
import { requiredText } from '../shared/validation';
import type { AdminDeps } from './admin-deps';
import { issueApiKey } from './admin-keys';
import type { ApiKeyStore } from './ports';

type KeyAdminDeps = AdminDeps<Pick<ApiKeyStore, 'saveApiKey' | 'listApiKeys' | 'deleteApiKey'>>;

/** `POST /admin/keys` body. */
export const ApiKeyCreateSchema = z.strictObject({ name: requiredText(100) });
export type ApiKeyCreate = z.output<typeof ApiKeyCreateSchema>;

/** An admin API key as listed: never its hash, never the key. */
export const ApiKeyRecordSchema = z.strictObject({ id: z.string(), name: z.string(), createdAt: timestamp });
export type ApiKeyRecord = z.output<typeof ApiKeyRecordSchema>;

/** A key just created: its record and, this once, the key itself (`lr_…`). */
export const ApiKeyCreatedSchema = z.extend(ApiKeyRecordSchema, { key: z.string().check(z.regex(/^lr_/)) });
export type ApiKeyCreated = z.output<typeof ApiKeyCreatedSchema>;

/** Creates an admin API key; the answer is the only time the key itself is shown. */
export async function createApiKey(deps: KeyAdminDeps, { name }: ApiKeyCreate, actor: Actor): Promise<ApiKeyCreated> {
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
 * Revokes a key. From the answer on, no change is made with it (the admin function looks
 * the key up again for every change); reads may pass for up to a minute while the gateway's
 * and the authorizer's caches remember it (see docs/security.md).
 */
export async function revokeApiKey(deps: KeyAdminDeps, id: string, actor: Actor): Promise<void> {
  const key = (await deps.config.listApiKeys()).find((k) => k.id === id);
  if (!key) throw new NotFoundError('API key', id);
  const audit = changeEntry({ actor, at: deps.clock.now(), kind: 'key', before: key, action: 'revoked' });
  if (!(await deps.config.deleteApiKey(id, audit))) throw new NotFoundError('API key', id);
}
