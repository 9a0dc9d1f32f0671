import { DynamoApiKeyDirectory } from '../adapters/dynamodb/dynamo-api-key-directory';
import { createAdminAuthenticator } from '../core/admin/admin-keys';
import { type AdminAuthorizer, createAdminAuthorizer } from '../http/admin-authorizer';
import type { PlatformPart } from './platform';

export type AuthorizerPlatform = PlatformPart<'documents' | 'clock' | 'cacheMs', 'config'>;

/** The admin routes' authorizer: one key lookup by hash, remembered for a short while. */
export function wireAuthorizer(p: AuthorizerPlatform): AdminAuthorizer {
  const keys = new DynamoApiKeyDirectory(p.documents, p.tables.config);
  return createAdminAuthorizer(createAdminAuthenticator({ config: keys, clock: p.clock }, p.cacheMs.adminKeys));
}
