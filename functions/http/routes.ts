// The route table: the one list of HTTP routes. The CDK stack builds the API Gateway
// routes and integrations from it; the local server dispatches with it.

/** Which deployed function serves a route. */
export type FunctionGroup = 'ingest' | 'admin' | 'rep' | 'docs';

/** Who may call a route: anyone, a holder of an admin API key, or a holder of a signed rep link. */
export type RouteAuth = 'none' | 'admin' | 'token';

export interface RouteDefinition {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  path: string;
  handler: string;
  auth: RouteAuth;
  /** The function that serves it in AWS; local-only routes have none. */
  fn: FunctionGroup | 'local';
}

export const ROUTES = [
  { method: 'GET', path: '/health', handler: 'health', auth: 'none', fn: 'ingest' },
  { method: 'POST', path: '/hooks/{sourceKey}', handler: 'receiveLead', auth: 'none', fn: 'ingest' },
  // CORS preflight for form sources with allowed origins; Meta's subscription handshake.
  { method: 'OPTIONS', path: '/hooks/{sourceKey}', handler: 'webhookPreflight', auth: 'none', fn: 'ingest' },
  { method: 'GET', path: '/hooks/{sourceKey}', handler: 'verifyWebhook', auth: 'none', fn: 'ingest' },
  { method: 'GET', path: '/openapi.json', handler: 'openApiDocument', auth: 'none', fn: 'docs' },
  // The admin console: its page, and its content-hashed scripts and styles. It signs in with an admin key.
  { method: 'GET', path: '/console', handler: 'consolePage', auth: 'none', fn: 'docs' },
  { method: 'GET', path: '/console/{asset}', handler: 'consoleAsset', auth: 'none', fn: 'docs' },

  { method: 'POST', path: '/admin/reps', handler: 'createRep', auth: 'admin', fn: 'admin' },
  { method: 'GET', path: '/admin/reps', handler: 'listReps', auth: 'admin', fn: 'admin' },
  { method: 'GET', path: '/admin/reps/{id}', handler: 'getRep', auth: 'admin', fn: 'admin' },
  { method: 'PATCH', path: '/admin/reps/{id}', handler: 'updateRep', auth: 'admin', fn: 'admin' },
  { method: 'DELETE', path: '/admin/reps/{id}', handler: 'deleteRep', auth: 'admin', fn: 'admin' },
  { method: 'POST', path: '/admin/reps/{id}/queue-link', handler: 'issueQueueLink', auth: 'admin', fn: 'admin' },
  { method: 'POST', path: '/admin/reps/{id}/reassign-open', handler: 'reassignOpenLeads', auth: 'admin', fn: 'admin' },

  { method: 'POST', path: '/admin/pools', handler: 'createPool', auth: 'admin', fn: 'admin' },
  { method: 'GET', path: '/admin/pools', handler: 'listPools', auth: 'admin', fn: 'admin' },
  { method: 'GET', path: '/admin/pools/{id}', handler: 'getPool', auth: 'admin', fn: 'admin' },
  { method: 'PATCH', path: '/admin/pools/{id}', handler: 'updatePool', auth: 'admin', fn: 'admin' },
  { method: 'DELETE', path: '/admin/pools/{id}', handler: 'deletePool', auth: 'admin', fn: 'admin' },
  { method: 'POST', path: '/admin/pools/{id}/reset-rotation', handler: 'resetRotation', auth: 'admin', fn: 'admin' },

  { method: 'POST', path: '/admin/sources', handler: 'createSource', auth: 'admin', fn: 'admin' },
  { method: 'GET', path: '/admin/sources', handler: 'listSources', auth: 'admin', fn: 'admin' },
  { method: 'GET', path: '/admin/sources/{id}', handler: 'getSource', auth: 'admin', fn: 'admin' },
  { method: 'PATCH', path: '/admin/sources/{id}', handler: 'updateSource', auth: 'admin', fn: 'admin' },
  { method: 'DELETE', path: '/admin/sources/{id}', handler: 'deleteSource', auth: 'admin', fn: 'admin' },

  { method: 'GET', path: '/admin/leads', handler: 'listLeads', auth: 'admin', fn: 'admin' },
  { method: 'GET', path: '/admin/leads/{id}', handler: 'getLead', auth: 'admin', fn: 'admin' },
  { method: 'POST', path: '/admin/leads/{id}/assign', handler: 'assignLead', auth: 'admin', fn: 'admin' },
  { method: 'POST', path: '/admin/leads/{id}/release', handler: 'releaseLead', auth: 'admin', fn: 'admin' },
  { method: 'POST', path: '/admin/leads/{id}/close', handler: 'closeLead', auth: 'admin', fn: 'admin' },
  { method: 'POST', path: '/admin/explain', handler: 'explainLead', auth: 'admin', fn: 'admin' },
  { method: 'GET', path: '/admin/audit', handler: 'listAudit', auth: 'admin', fn: 'admin' },
  { method: 'GET', path: '/admin/stats', handler: 'getStats', auth: 'admin', fn: 'admin' },
  // A lead's events (the records webhooks deliver), and what came of it, from a CRM.
  { method: 'GET', path: '/admin/leads/{id}/timeline', handler: 'getLeadTimeline', auth: 'admin', fn: 'admin' },
  { method: 'POST', path: '/admin/leads/{id}/outcome', handler: 'recordLeadOutcome', auth: 'admin', fn: 'admin' },

  { method: 'POST', path: '/admin/webhooks', handler: 'createWebhook', auth: 'admin', fn: 'admin' },
  { method: 'GET', path: '/admin/webhooks', handler: 'listWebhooks', auth: 'admin', fn: 'admin' },
  { method: 'GET', path: '/admin/webhooks/{id}', handler: 'getWebhook', auth: 'admin', fn: 'admin' },
  { method: 'PATCH', path: '/admin/webhooks/{id}', handler: 'updateWebhook', auth: 'admin', fn: 'admin' },
  { method: 'DELETE', path: '/admin/webhooks/{id}', handler: 'deleteWebhook', auth: 'admin', fn: 'admin' },
  {
    method: 'POST',
    path: '/admin/webhooks/{id}/rotate-secret',
    handler: 'rotateWebhookSecret',
    auth: 'admin',
    fn: 'admin',
  },
  {
    method: 'GET',
    path: '/admin/webhooks/{id}/deliveries',
    handler: 'listWebhookDeliveries',
    auth: 'admin',
    fn: 'admin',
  },
  {
    method: 'POST',
    path: '/admin/webhooks/{id}/deliveries/{deliveryId}/retry',
    handler: 'retryWebhookDelivery',
    auth: 'admin',
    fn: 'admin',
  },

  // Link scanners and previews send HEAD: it answers as GET would, changing nothing.
  { method: 'GET', path: '/l/{token}', handler: 'viewRepLink', auth: 'token', fn: 'rep' },
  { method: 'HEAD', path: '/l/{token}', handler: 'peekRepLink', auth: 'token', fn: 'rep' },
  { method: 'POST', path: '/l/{token}', handler: 'actOnRepLink', auth: 'token', fn: 'rep' },
  { method: 'POST', path: '/l/{token}/pass', handler: 'passRepLink', auth: 'token', fn: 'rep' },
  // A rep's own availability: available, away until a time, or paused.
  { method: 'GET', path: '/a/{token}', handler: 'viewAvailability', auth: 'token', fn: 'rep' },
  { method: 'HEAD', path: '/a/{token}', handler: 'peekAvailability', auth: 'token', fn: 'rep' },
  { method: 'POST', path: '/a/{token}', handler: 'setAvailability', auth: 'token', fn: 'rep' },
  // A rep's queue of a pull pool: the page, its JSON, and the buttons' form posts.
  { method: 'GET', path: '/q/{token}', handler: 'viewQueue', auth: 'token', fn: 'rep' },
  { method: 'HEAD', path: '/q/{token}', handler: 'peekQueue', auth: 'token', fn: 'rep' },
  { method: 'GET', path: '/q/{token}/leads', handler: 'listQueue', auth: 'token', fn: 'rep' },
  { method: 'POST', path: '/q/{token}/next', handler: 'takeNextLead', auth: 'token', fn: 'rep' },
  { method: 'POST', path: '/q/{token}/take/{leadId}', handler: 'takeQueuedLead', auth: 'token', fn: 'rep' },
  { method: 'POST', path: '/q/{token}/release/{leadId}', handler: 'releaseQueuedLead', auth: 'token', fn: 'rep' },

  { method: 'GET', path: '/admin/rules', handler: 'getRules', auth: 'admin', fn: 'admin' },
  { method: 'PUT', path: '/admin/rules', handler: 'replaceRules', auth: 'admin', fn: 'admin' },
  { method: 'POST', path: '/admin/rules/simulate', handler: 'simulateRules', auth: 'admin', fn: 'admin' },

  // Lookup tables; `GET /admin/tables/{name}.csv` (a download) arrives at getTable.
  { method: 'GET', path: '/admin/tables', handler: 'listTables', auth: 'admin', fn: 'admin' },
  { method: 'PUT', path: '/admin/tables/{name}', handler: 'putTable', auth: 'admin', fn: 'admin' },
  { method: 'GET', path: '/admin/tables/{name}', handler: 'getTable', auth: 'admin', fn: 'admin' },
  { method: 'GET', path: '/admin/tables/{name}/rows', handler: 'findTableRows', auth: 'admin', fn: 'admin' },
  { method: 'DELETE', path: '/admin/tables/{name}', handler: 'deleteTable', auth: 'admin', fn: 'admin' },

  { method: 'POST', path: '/admin/keys', handler: 'createKey', auth: 'admin', fn: 'admin' },
  { method: 'GET', path: '/admin/keys', handler: 'listKeys', auth: 'admin', fn: 'admin' },
  { method: 'DELETE', path: '/admin/keys/{id}', handler: 'revokeKey', auth: 'admin', fn: 'admin' },

  { method: 'GET', path: '/dev/outbox', handler: 'devOutbox', auth: 'none', fn: 'local' },
  { method: 'GET', path: '/dev/outbox.html', handler: 'devOutboxPage', auth: 'none', fn: 'local' },
  { method: 'GET', path: '/dev/events', handler: 'devEvents', auth: 'none', fn: 'local' },
  { method: 'GET', path: '/dev/dead-letters', handler: 'devDeadLetters', auth: 'none', fn: 'local' },
  { method: 'GET', path: '/dev/subscriptions', handler: 'devSubscriptions', auth: 'none', fn: 'local' },
  // `npm run admin -- redrive --local`: dead letters and failed leads back on their queues.
  { method: 'POST', path: '/dev/redrive', handler: 'devRedrive', auth: 'admin', fn: 'local' },
] as const satisfies readonly RouteDefinition[];

export type Route = (typeof ROUTES)[number];
export type HandlerName = Route['handler'];
/** The handler names a function group must provide. */
export type HandlersOf<G extends Route['fn']> = Extract<Route, { fn: G }>['handler'];

/** The API Gateway route key of a route, e.g. `POST /hooks/{sourceKey}`. */
export function routeKey(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
