import { createDocumentClient } from '../adapters/dynamodb/document-client';
import { DynamoApiKeyDirectory } from '../adapters/dynamodb/dynamo-api-key-directory';
import { TABLES } from '../adapters/dynamodb/table-definitions';
import { createAdminAuthenticator } from '../core/admin/admin-keys';
import { systemClock } from '../core/shared/ports';
import { createAdminAuthorizer } from '../http/admin-authorizer';
import { requireEnv } from './env';

const keys = new DynamoApiKeyDirectory(createDocumentClient(), requireEnv(TABLES.config.envVar));

/**
 * API Gateway's Lambda authorizer for the admin routes. API Gateway caches its answer per
 * Authorization header briefly; this function also remembers valid keys for 30 seconds.
 */
export const handler = createAdminAuthorizer(createAdminAuthenticator({ config: keys, clock: systemClock }, 30_000));
