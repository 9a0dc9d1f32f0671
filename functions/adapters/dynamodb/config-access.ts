// Which config items each function may touch. The config table's partition key is the item's
// kind (table-keys.ts), so the stack turns each list into a `dynamodb:LeadingKeys` condition on
// the function's role, and the local stack holds every function to the same list: a function
// that starts reading another kind fails locally and in tests, not first in AWS.
import type { ConfigKind } from './table-keys';

/** Every kind of config item. */
export const CONFIG_KINDS = [
  'rep',
  'pool',
  'source',
  'sourceKey',
  'apiKey',
  'ruleSet',
  'audit',
  'webhook',
  'webhookDelivery',
] as const satisfies readonly ConfigKind[];

// Fails to compile when a kind is added to ConfigKind but not to the list above.
const _everyKind: readonly (typeof CONFIG_KINDS)[number][] = [] as ConfigKind[];

/** The config item kinds each function reads or writes; functions missing here touch no config item. */
export const CONFIG_ITEM_ACCESS = {
  /** A webhook's source, through its key's pointer. */
  ingest: ['sourceKey', 'source'],
  /** A Meta lead's source, for its access token. */
  enricher: ['source'],
  /** An admin key, by its hash; nothing else, least of all sources' secrets. */
  authorizer: ['apiKey'],
  /** Routing: the source, the rules, the pool and its reps. */
  assigner: ['rep', 'pool', 'source', 'ruleSet'],
  /** Held leads: pools and whether any of their reps could take a lead. */
  sweeper: ['rep', 'pool'],
  /** Link and queue pages: the rep, the pool, source names; a rep's own availability change and its audit entry. */
  repLinks: ['rep', 'pool', 'source', 'audit'],
  /** Webhook deliveries: subscriptions, their delivery records, and reps' and sources' names for Slack messages. */
  webhooks: ['webhook', 'webhookDelivery', 'rep', 'source'],
  /** The admin API manages every kind. */
  admin: CONFIG_KINDS,
} as const satisfies Record<string, readonly ConfigKind[]>;

/** A function that touches config items. */
export type ConfigReader = keyof typeof CONFIG_ITEM_ACCESS;
