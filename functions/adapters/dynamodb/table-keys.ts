/** The kinds of items in the config table; each kind is one partition. */
export type ConfigKind =
  | 'rep'
  | 'pool'
  | 'source'
  | 'sourceKey'
  | 'apiKey'
  | 'ruleSet'
  | 'audit'
  | 'webhook'
  | 'webhookDelivery';

/** The key of a config item. */
export function configKey(kind: ConfigKind, id: string): { pk: string; sk: string } {
  return { pk: kind, sk: id };
}

/** The routing rule set is one item: replacing it is one atomic, versioned write. */
export const RULE_SET_KEY = configKey('ruleSet', 'current');

/** The audit log's one partition in the config table. */
export const AUDIT_PARTITION: ConfigKind = 'audit';

/** The key of an audit entry: sorted by time, then id. */
export function auditKey(at: string, id: string): { pk: string; sk: string } {
  return { pk: AUDIT_PARTITION, sk: `${at}#${id}` };
}

/** The key of a pool's rotation item in the state table. */
export function poolStateKey(poolId: string): { pk: string } {
  return { pk: `pool#${poolId}` };
}

/** The key of a rep's load counters (open leads, leads per day) in the state table. */
export function repLoadKey(repId: string): { pk: string } {
  return { pk: `rep#${repId}` };
}

/** An item without its table keys. */
export function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest;
}
