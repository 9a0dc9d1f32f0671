import type { AuditEntry } from '../audit/audit-entry';
import type { ApiKeyRecord } from './api-key-admin';

/** Admin API keys, stored by the SHA-256 hash of the key (never the key). */
export interface ApiKeyStore {
  /** The stored record of an admin API key, looked up by the key's SHA-256 hash. */
  findApiKey(hash: string): Promise<{ id: string; name: string } | undefined>;
  saveApiKey(key: { id: string; name: string; hash: string; createdAt: string }, audit: AuditEntry): Promise<void>;
  deleteApiKeysNamed(name: string): Promise<number>;
  /** Every admin API key, without hashes. */
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** Revokes the key with this id; false when there is none. */
  deleteApiKey(id: string, audit: AuditEntry): Promise<boolean>;
}
