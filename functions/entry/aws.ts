// The AWS side of a function's platform: clients created once per module, configuration
// read once at load from the environment the stack set (a missing variable fails the cold start).
import { createDocumentClient } from '../adapters/dynamodb/document-client';
import { systemClock } from '../core/shared/ports';
import { DEPLOYED_CACHE_MS } from '../wiring/platform';
import { requireEnv } from './env';

/** What every function's platform shares in AWS. */
export const awsBase = {
  documents: createDocumentClient(),
  clock: systemClock,
  random: Math.random,
  cacheMs: DEPLOYED_CACHE_MS,
};

/** Links point at the API's public address (or the custom domain), as the stack set it. */
export const publicBaseUrl = () => requireEnv('PUBLIC_BASE_URL');
