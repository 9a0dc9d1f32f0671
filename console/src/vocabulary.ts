// The API's words and how the console says them. The lists mirror the API's own (a test
// keeps them equal); they are copied rather than imported so the API's schemas stay out of
// the browser bundle.

export const LEAD_STATUSES = [
  'received',
  'queued',
  'offered',
  'assigned',
  'accepted',
  'unassigned',
  'held',
  'closed',
  'failed',
] as const;

/** The statuses in which a lead has an owner (a rep who must release it before others can). */
export const OPEN_STATUSES: readonly string[] = ['assigned', 'accepted'];

/** Why an admin closes a lead nobody owns. */
export const CLOSE_REASONS = ['spam', 'duplicate', 'invalid', 'other'] as const;

export const DISTRIBUTION_METHODS = [
  'round_robin',
  'weighted',
  'performance',
  'priority_tiers',
  'least_loaded',
  'random',
  'shotgun',
  'manual',
  'pull_blind',
  'pull_preview',
] as const;

/** What an audit entry can be about. */
export const AUDIT_ENTITY_KINDS = ['rep', 'pool', 'source', 'rules', 'table', 'key', 'lead'] as const;

/** What a lookup table's key column holds. */
export const TABLE_KINDS = ['postal_code', 'region', 'country', 'email_domain', 'company'] as const;

/** What `GET /admin/stats` groups its rows by. */
export const STATS_GROUPS = ['rep', 'pool', 'source', 'rule', 'day'] as const;
export type StatsGroup = (typeof STATS_GROUPS)[number];

/** The lead events a webhook can subscribe to (or `*` for all). */
export const LEAD_EVENT_TYPES = [
  'lead.received',
  'lead.routed',
  'lead.offered',
  'lead.assigned',
  'lead.accepted',
  'lead.passed',
  'lead.sla_missed',
  'lead.reassigned',
  'lead.released',
  'lead.held',
  'lead.closed',
  'lead.outcome',
  'lead.failed',
] as const;
export const WEBHOOK_FORMATS = ['json', 'slack'] as const;

/** What came of a lead, as a CRM or an admin reports it. */
export const OUTCOME_STAGES = ['contacted', 'unreachable', 'qualified', 'won', 'lost', 'unqualified'] as const;

export const PULL_METHODS: readonly string[] = ['pull_blind', 'pull_preview'];
export const QUEUE_ORDERS = ['fifo', 'lifo', 'score'] as const;
export const SHOTGUN_NEXT_STEPS = ['round_robin', 'next_tier', 'hold'] as const;
export const SOURCE_KINDS = ['form', 'json', 'google_ads', 'meta_lead_ads', 'linkedin_lead_gen'] as const;
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const NOTIFY_CHANNELS = ['email', 'sms'] as const;

export const RULE_FIELDS = [
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'company',
  'companySize',
  'employees',
  'country',
  'region',
  'city',
  'postalCode',
  'product',
  'score',
  'message',
  'utm.source',
  'utm.medium',
  'utm.campaign',
  'utm.term',
  'utm.content',
  'sourceId',
  'sourceKind',
] as const;

export const CONDITION_OPERATORS = [
  'eq',
  'neq',
  'in',
  'prefix',
  'contains',
  'gte',
  'lte',
  'exists',
  'regex',
  'businessHours',
] as const;

const LABELS: Record<string, string> = {
  // statuses
  received: 'received',
  queued: 'in a queue',
  offered: 'offered',
  assigned: 'assigned',
  accepted: 'accepted',
  closed: 'closed',
  unassigned: 'waiting',
  held: 'held for an admin',
  failed: 'failed',
  // methods
  round_robin: 'round robin',
  weighted: 'weighted',
  performance: 'performance',
  priority_tiers: 'priority tiers',
  least_loaded: 'least loaded',
  random: 'random',
  shotgun: 'shotgun',
  manual: 'manual',
  pull_blind: 'pull, blind',
  pull_preview: 'pull, preview',
  // source kinds
  form: 'web form',
  json: 'JSON sender',
  google_ads: 'Google Ads lead form',
  meta_lead_ads: 'Meta Lead Ads',
  linkedin_lead_gen: 'LinkedIn Lead Gen Forms',
  // operators
  eq: 'equals',
  neq: 'is not',
  in: 'is one of',
  prefix: 'starts with',
  contains: 'contains',
  gte: 'at least',
  lte: 'at most',
  exists: 'is present',
  regex: 'matches pattern',
  businessHours: 'arrives in hours',
  // queue orders and shotgun steps
  fifo: 'oldest first',
  lifo: 'newest first',
  score: 'best score first',
  next_tier: 'offer to the next tier',
  hold: 'hold it',
  // lookup table kinds
  postal_code: 'postal code',
  email_domain: 'email domain',
};

/** How the console names an API value (`unassigned` → `held`); unknown values as they are. */
export function label(value: string | undefined): string {
  if (value === undefined) return '';
  return LABELS[value] ?? value.replaceAll('_', ' ');
}
