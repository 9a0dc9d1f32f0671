import { wireAuthorizer } from '../wiring/authorizer';
import { awsBase } from './aws';
import { tablesFromEnv } from './env';

/**
 * API Gateway's Lambda authorizer for the admin routes. API Gateway caches its answer per
 * Authorization header briefly; this function also remembers valid keys for 30 seconds.
 */
export const handler = wireAuthorizer({ ...awsBase, tables: tablesFromEnv('config') });
