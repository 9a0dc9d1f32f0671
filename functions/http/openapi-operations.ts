// The operations of the OpenAPI document: one entry per route of the route table (a type
// error when a route is missing), saying what it reads and answers by component name. A
// table, so longer than most files.
import * as z from 'zod/mini';
import { LeadListQuerySchema } from '../core/admin/lead-queries';
import { AuditQuerySchema } from '../core/audit/audit-queries';
import { StatsQuerySchema } from '../core/stats/stats-query';
import type { JsonSchema, RequestComponent, ResponseComponent } from './openapi-components';
import type { ErrorExample } from './openapi-examples';
import type { HandlerName, HandlersOf } from './routes';
import { TableRowsQuerySchema, TableUploadQuerySchema } from './table-queries';

export type DocumentedHandler = Exclude<HandlerName, HandlersOf<'local'>>;

export interface ResponseDoc {
  description: string;
  /** A response component, or inline JSON Schema. */
  schema?: ResponseComponent | JsonSchema;
  /** `Error` answers: the examples to show (the status's usual one when absent). */
  errors?: ErrorExample[];
  headers?: string[];
  text?: boolean;
}

export interface OperationDoc {
  summary: string;
  tag:
    | 'webhooks'
    | 'reps'
    | 'pools'
    | 'sources'
    | 'leads'
    | 'rules'
    | 'tables'
    | 'keys'
    | 'audit'
    | 'events'
    | 'rep links'
    | 'queues'
    | 'meta';
  description?: string;
  /** A request component, or inline JSON Schema. */
  body?: RequestComponent | JsonSchema;
  /** Media types the body may come as (JSON when absent). */
  bodyTypes?: string[];
  /** A different schema per media type, instead of `body` and `bodyTypes`. */
  bodies?: Record<string, RequestComponent | JsonSchema>;
  query?: z.ZodMiniObject;
  headers?: { name: string; description: string }[];
  responses: Record<number, ResponseDoc>;
}

const ok = (schema: ResponseComponent): ResponseDoc => ({ description: 'OK', schema });
const created = (schema: ResponseComponent): ResponseDoc => ({ description: 'Created', schema, headers: ['ETag'] });
const withEtag = (schema: ResponseComponent): ResponseDoc => ({ description: 'OK', schema, headers: ['ETag'] });
const noContent: ResponseDoc = { description: 'Done' };
const invalid: ResponseDoc = { description: 'Invalid', schema: 'Error' };
const unknownId: ResponseDoc = { description: 'Unknown id', schema: 'Error' };
const staleIfMatch: ResponseDoc = { description: 'If-Match is stale', schema: 'Error' };
const IF_MATCH = {
  name: 'If-Match',
  description: 'The ETag you read ("3"): the change lands only on that version, else 412.',
};

/** Every route of the table, described. Missing one is a type error. */
export const OPERATIONS: Record<DocumentedHandler, OperationDoc> = {
  health: {
    summary: 'Health check',
    tag: 'meta',
    responses: { 200: { description: 'Up', schema: 'Health' } },
  },
  openApiDocument: {
    summary: 'This OpenAPI document',
    tag: 'meta',
    responses: { 200: { description: 'OpenAPI 3.1', schema: { type: 'object' } } },
  },

  consolePage: {
    summary: 'The admin console (an HTML page; it signs in with an admin API key)',
    tag: 'meta',
    responses: { 200: { description: 'The page' }, 304: { description: 'Not modified (If-None-Match)' } },
  },
  consoleAsset: {
    summary: "One of the admin console's scripts, style sheets or icons, named by its content hash",
    tag: 'meta',
    responses: {
      200: { description: 'The file, cacheable for good' },
      304: { description: 'Not modified (If-None-Match)' },
      404: { description: 'No such file', schema: 'Error' },
    },
  },

  receiveLead: {
    summary: "Receive a lead (or, for Meta, a batch of leadgen ids) on a source's webhook",
    tag: 'webhooks',
    description: [
      'The body depends on the source kind (see docs/api.md): a form (JSON or form-encoded), generic JSON (optionally',
      'signed with X-Leadrouter-Signature), a Google Ads lead form webhook body, a Meta Lead Ads webhook body',
      '(signed with X-Hub-Signature-256) or a LinkedIn Lead Sync notification (signed with X-LI-Signature). A repeat (same platform lead id, or same Idempotency-Key, within 24 h) answers',
      'with the original lead id and stores nothing.',
    ].join(' '),
    body: { type: 'object', additionalProperties: true },
    bodyTypes: ['application/json', 'application/x-www-form-urlencoded', 'text/plain'],
    headers: [
      {
        name: 'Idempotency-Key',
        description: 'Up to 255 visible ASCII characters; a repeat within 24 h is the same lead.',
      },
      {
        name: 'X-Leadrouter-Signature',
        description: 'json sources with a signing secret: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>',
      },
      { name: 'X-Hub-Signature-256', description: 'meta_lead_ads sources: sha256=<hex HMAC-SHA256(app secret, body)>' },
      { name: 'X-LI-Signature', description: 'linkedin_lead_gen sources: hex HMAC-SHA256(client secret, body)' },
    ],
    responses: {
      200: {
        description: 'google_ads: { leadId }; meta_lead_ads, linkedin_lead_gen: { leadIds }',
        schema: 'LeadAccepted',
      },
      202: { description: 'form and json sources', schema: 'LeadAccepted' },
      303: { description: 'A form-encoded post to a form source with a redirectUrl' },
      401: {
        description: 'Bad or missing signature, replayed signature, wrong google_key',
        schema: 'Error',
        errors: ['invalid_signature'],
      },
      404: { description: 'No source has this key', schema: 'Error' },
    },
  },
  webhookPreflight: {
    summary: 'CORS preflight for form sources with allowedOrigins',
    tag: 'webhooks',
    responses: {
      204: { description: 'Allowed' },
      403: { description: 'Origin not allowed', schema: 'Error', errors: ['origin_not_allowed'] },
    },
  },
  verifyWebhook: {
    summary:
      "A platform's webhook check: Meta's subscription handshake (echoes hub.challenge when hub.verify_token matches) or LinkedIn's validation (challengeCode answered with its HMAC)",
    tag: 'webhooks',
    query: z.object({
      'hub.mode': z.optional(z.literal('subscribe')),
      'hub.verify_token': z.optional(z.string()),
      'hub.challenge': z.optional(z.string()),
      /** linkedin_lead_gen sources: LinkedIn's challenge, a UUID. */
      challengeCode: z.optional(z.string()),
    }),
    responses: {
      200: {
        description:
          'meta_lead_ads: the challenge as text; linkedin_lead_gen: { challengeCode, challengeResponse: hex HMAC-SHA256(client secret, challengeCode) }',
        text: true,
        schema: {
          type: 'object',
          required: ['challengeCode', 'challengeResponse'],
          properties: { challengeCode: { type: 'string' }, challengeResponse: { type: 'string' } },
        },
      },
      400: { description: 'Not a handshake this source expects', schema: 'Error' },
      403: { description: 'Wrong verify token', schema: 'Error', errors: ['verify_token_mismatch'] },
      404: { description: 'No source has this key, or its kind has no webhook check', schema: 'Error' },
    },
  },

  createRep: {
    summary: 'Create a rep',
    tag: 'reps',
    body: 'RepCreate',
    responses: { 201: created('Rep'), 400: invalid },
  },
  listReps: { summary: 'List reps', tag: 'reps', responses: { 200: ok('RepList') } },
  getRep: { summary: 'Read a rep', tag: 'reps', responses: { 200: withEtag('Rep'), 404: unknownId } },
  updateRep: {
    summary: 'Change a rep',
    tag: 'reps',
    body: 'RepPatch',
    headers: [IF_MATCH],
    responses: { 200: withEtag('Rep'), 404: unknownId, 412: staleIfMatch },
  },
  issueQueueLink: {
    summary: 'Issue a signed queue link for a rep of a pull pool',
    tag: 'reps',
    body: 'QueueLinkRequest',
    responses: {
      200: { description: 'The link and when it expires', schema: 'QueueLink' },
      400: { description: 'Not a pull pool, or the rep is not a member', schema: 'Error' },
      404: { description: 'Unknown rep', schema: 'Error' },
    },
  },
  reassignOpenLeads: {
    summary: "A rep leaves: send each of the rep's open leads back through its pool",
    tag: 'reps',
    description:
      "Each assigned or accepted lead of the rep goes to the next eligible rep by its pool's method (never back to this rep), back to a pull pool's queue, or on to the fallback; the new owner is notified and the lead's decisions record the move (`reason: rep_leaving`). Done by the assigner right after this answer; then pause or delete the rep. At most 200 leads per call (`more`).",
    responses: {
      202: { description: 'The leads sent on', schema: 'ReassignOpenResult' },
      404: unknownId,
    },
  },
  deleteRep: {
    summary: 'Delete a rep (409 rep_in_use while in a pool)',
    tag: 'reps',
    responses: { 204: noContent, 409: { description: 'In use', schema: 'Error', errors: ['rep_in_use'] } },
  },

  createPool: {
    summary: 'Create a pool',
    tag: 'pools',
    body: 'PoolCreate',
    responses: { 201: created('Pool'), 400: invalid },
  },
  listPools: { summary: 'List pools', tag: 'pools', responses: { 200: ok('PoolList') } },
  getPool: { summary: 'Read a pool', tag: 'pools', responses: { 200: withEtag('Pool'), 404: unknownId } },
  updatePool: {
    summary: 'Change a pool',
    tag: 'pools',
    body: 'PoolPatch',
    headers: [IF_MATCH],
    responses: { 200: withEtag('Pool'), 404: unknownId, 412: staleIfMatch },
  },
  resetRotation: {
    summary: "Start the pool's rotation over (round-robin turns and weighted totals forgotten)",
    tag: 'pools',
    description: 'Caps, counts and leads are untouched; recorded in the audit log.',
    responses: { 200: ok('RotationReset'), 404: unknownId },
  },
  deletePool: {
    summary: 'Delete a pool (409 pool_in_use while a source or a rule routes to it)',
    tag: 'pools',
    responses: { 204: noContent, 409: { description: 'In use', schema: 'Error', errors: ['pool_in_use'] } },
  },

  createSource: {
    summary: 'Create a source (form, json, google_ads, meta_lead_ads, linkedin_lead_gen)',
    tag: 'sources',
    body: 'SourceCreate',
    responses: { 201: created('Source'), 400: invalid },
  },
  listSources: { summary: 'List sources (secrets never shown)', tag: 'sources', responses: { 200: ok('SourceList') } },
  getSource: { summary: 'Read a source', tag: 'sources', responses: { 200: withEtag('Source'), 404: unknownId } },
  updateSource: {
    summary: 'Change a source (its kind is fixed; null clears an optional setting)',
    tag: 'sources',
    body: 'SourcePatch',
    headers: [IF_MATCH],
    responses: { 200: withEtag('Source'), 404: unknownId, 412: staleIfMatch },
  },
  deleteSource: { summary: 'Delete a source', tag: 'sources', responses: { 204: noContent } },

  listLeads: {
    summary: 'List leads, newest first',
    tag: 'leads',
    query: LeadListQuerySchema,
    responses: { 200: ok('LeadList') },
  },
  getLead: { summary: 'Read a lead with its decisions', tag: 'leads', responses: { 200: ok('Lead'), 404: unknownId } },
  assignLead: {
    summary: 'Assign a lead to a rep, or move it from its owner (caps hold unless force)',
    tag: 'leads',
    body: 'ManualAssign',
    responses: {
      200: ok('Lead'),
      400: { description: 'Unknown rep', schema: 'Error' },
      404: { description: 'Unknown lead', schema: 'Error' },
      409: {
        description: 'lead_changed, rep_at_capacity or lead_not_assignable',
        schema: 'Error',
        errors: ['lead_changed'],
      },
    },
  },
  releaseLead: {
    summary: 'Take a lead back from its owner (unassigned; routed again unless its pool is manual)',
    tag: 'leads',
    responses: {
      200: ok('Lead'),
      404: { description: 'Unknown lead', schema: 'Error' },
      409: { description: 'Nobody owns it, or it changed', schema: 'Error', errors: ['lead_changed'] },
    },
  },
  closeLead: {
    summary: "Close a lead in any state, freeing its owner's capacity (a lead nobody owns needs a reason)",
    tag: 'leads',
    body: 'CloseLead',
    responses: {
      200: ok('Lead'),
      400: { description: 'A lead nobody owns and no reason', schema: 'Error' },
      404: { description: 'Unknown lead', schema: 'Error' },
      409: { description: 'It changed meanwhile', schema: 'Error', errors: ['lead_changed'] },
    },
  },
  getStats: {
    summary: 'Counts, speed to lead and fairness over whole UTC days, grouped by rep, pool, source, rule or day',
    tag: 'leads',
    description:
      'From the aggregates the lead-change consumer keeps (no lead is read). `format=csv` or `Accept: text/csv` gives the same rows as CSV with a header line. See docs/metrics.md.',
    query: StatsQuerySchema,
    responses: {
      200: { description: 'The rows (JSON, or CSV when asked for)', schema: 'Stats' },
      400: invalid,
    },
  },
  explainLead: {
    summary: 'Where would this lead go now, and why? Writes nothing',
    tag: 'leads',
    body: 'ExplainRequest',
    responses: {
      200: { description: 'The route (with the rule trace), every step and the outcome', schema: 'Explanation' },
      400: invalid,
      404: { description: 'Unknown source', schema: 'Error' },
    },
  },

  listAudit: {
    summary:
      'The audit log, newest first: every change to reps, pools, sources, rules, lookup tables and keys, and admin actions on leads',
    tag: 'audit',
    description:
      "Each entry says when, who (the admin key's id and name, or the rep through their availability link), what (the entity, its version before and after, the changed fields; secrets named, never shown).",
    query: AuditQuerySchema,
    responses: { 200: ok('AuditList'), 400: invalid },
  },

  peekRepLink: {
    summary: 'HEAD of a rep link page: the same status and headers as GET, no body (link scanners)',
    tag: 'rep links',
    responses: { 200: { description: 'Open' }, 403: { description: 'Forged' }, 410: { description: 'Expired' } },
  },
  passRepLink: {
    summary: 'The owner passes an assigned lead on: it goes to the next eligible rep at once',
    tag: 'rep links',
    description:
      "A form post (`reason` optional) or JSON. The pass is a decision on the lead and counts as one of the SLA's reassignments; the rep never gets the lead back from the assigner. See docs/rep-links.md.",
    body: 'Pass',
    bodyTypes: ['application/x-www-form-urlencoded', 'application/json'],
    responses: {
      200: { description: 'Passed (state `passed`)' },
      403: { description: 'Forged, or not an accept link' },
      409: { description: 'Used already' },
      410: { description: 'Expired, or passed on already' },
    },
  },
  viewAvailability: {
    summary: "A rep's availability page: available, away until a time, or paused (opening it changes nothing)",
    tag: 'rep links',
    description:
      'HTML by default; JSON `{ state, repName, timezone, availability, awayUntil? }` with `Accept: application/json`.',
    responses: {
      200: { description: 'The form' },
      403: { description: 'Forged' },
      404: { description: 'Rep gone' },
      410: { description: 'Expired' },
    },
  },
  peekAvailability: {
    summary: 'HEAD of the availability page: same status and headers as GET, no body',
    tag: 'rep links',
    responses: { 200: { description: 'Open' }, 403: { description: 'Forged' }, 410: { description: 'Expired' } },
  },
  setAvailability: {
    summary: 'The rep sets themselves available, away until a time, or paused (effective for the next lead)',
    tag: 'rep links',
    description:
      "`awayUntil` is an ISO 8601 instant or a wall-clock time (`2026-12-01T09:00`) read in the rep's time zone; it must be in the future and at most a year ahead. Recorded in the audit log with the rep as the actor.",
    body: 'AvailabilityChange',
    bodyTypes: ['application/x-www-form-urlencoded', 'application/json'],
    responses: {
      200: { description: 'Saved (state `done`)' },
      400: { description: 'The away time is missing, past or too far ahead (state `invalid`)' },
      403: { description: 'Forged' },
      410: { description: 'Expired' },
    },
  },
  peekQueue: {
    summary: 'HEAD of a queue page: same status and headers as GET, no body',
    tag: 'queues',
    responses: { 200: { description: 'The queue' }, 403: { description: 'Forged' }, 410: { description: 'Expired' } },
  },

  viewRepLink: {
    summary: "A rep's claim or accept page (opening it changes nothing)",
    tag: 'rep links',
    description:
      'HTML by default; JSON `{ state, purpose, repName, lead }` with `Accept: application/json`. See docs/rep-links.md.',
    responses: {
      200: { description: 'Open, or already yours' },
      403: { description: 'Forged link' },
      404: { description: 'Lead gone' },
      409: { description: 'Taken by another rep, or at capacity' },
      410: { description: 'Expired, or passed on' },
    },
  },
  viewQueue: {
    summary: "A rep's queue page: the count (blind) or the first cards (preview), and their own leads",
    tag: 'queues',
    description:
      'HTML by default; JSON with `Accept: application/json`. Preview cards carry first name, city, region, source, product, score and age only. See docs/rep-links.md.',
    responses: {
      200: { description: 'The queue' },
      403: { description: 'Forged link' },
      410: { description: 'Expired link' },
    },
  },
  listQueue: {
    summary: 'The queue as JSON',
    tag: 'queues',
    responses: {
      200: { description: 'The queue', schema: { type: 'object' } },
      403: { description: 'Forged link' },
      410: { description: 'Expired link' },
    },
  },
  takeNextLead: {
    summary: "Take the first waiting lead in the pool's order (one conditional write)",
    tag: 'queues',
    responses: {
      200: { description: 'Taken: the full lead and its accept link' },
      409: { description: 'Empty, not eligible or at capacity' },
    },
  },
  takeQueuedLead: {
    summary: 'Preview pools: take this lead',
    tag: 'queues',
    responses: {
      200: { description: 'Taken' },
      409: { description: 'Taken by another rep (the next lead is offered), or at capacity' },
    },
  },
  releaseQueuedLead: {
    summary: "Put one of the rep's own leads back in the queue",
    tag: 'queues',
    responses: { 200: { description: 'Released' }, 409: { description: 'Not yours' } },
  },
  actOnRepLink: {
    summary: 'Claim (shotgun offer) or accept (assignment) the lead of a signed link',
    tag: 'rep links',
    responses: {
      200: { description: 'Done' },
      403: { description: 'Forged link' },
      404: { description: 'Lead gone' },
      409: { description: 'Taken, at capacity, or used already' },
      410: { description: 'Expired, or passed on' },
    },
  },

  getRules: {
    summary: 'Read the routing rule set with its version',
    tag: 'rules',
    responses: { 200: withEtag('RuleSet') },
  },
  replaceRules: {
    summary: 'Replace the whole ordered rule set atomically',
    tag: 'rules',
    body: 'RuleSetInput',
    headers: [IF_MATCH],
    responses: {
      200: withEtag('RuleSet'),
      400: { description: 'Invalid rule, unsafe regex or unknown pool', schema: 'Error' },
      412: staleIfMatch,
    },
  },
  simulateRules: {
    summary: 'Replay a draft rule set on stored leads: per pool now vs. draft, the leads that move. Writes nothing',
    tag: 'rules',
    description:
      'The leads of a window (`from`, `to`) or the newest `lastN`, at most 10,000 (newest first; `truncated` says when the window held more), each routed by the draft as explain routes one, at its arrival time. See docs/routing-rules.md.',
    body: 'SimulateRequest',
    responses: { 200: ok('Simulation'), 400: invalid },
  },

  listTables: {
    summary: 'List lookup tables (territories, named accounts) with their current versions',
    tag: 'tables',
    responses: { 200: ok('TableList') },
  },
  putTable: {
    summary: 'Upload a lookup table as CSV or JSON rows: a new version, switched to atomically',
    tag: 'tables',
    description: [
      'CSV: the header names the key column after the kind (postal_code, region, country, email_domain, company), then',
      'poolId or repId, then optionally fallbackPoolId (with repId). Up to 200,000 rows; the body up to 4 MB as sent',
      '(Content-Encoding: gzip accepted, up to 64 MB unzipped). With ?dryRun=true nothing is written: the answer says',
      'what would change and lists every problem with its line. See docs/lookup-tables.md.',
    ].join(' '),
    bodies: { 'text/csv': { type: 'string' }, 'application/json': 'TableRows' },
    query: TableUploadQuerySchema,
    headers: [IF_MATCH, { name: 'Content-Encoding', description: 'gzip, for large tables' }],
    responses: {
      200: { description: 'Replaced (or, dry run, what would change)', schema: 'TableUploadReport', headers: ['ETag'] },
      201: { description: 'Created', schema: 'TableUploadReport', headers: ['ETag'] },
      400: {
        description: 'Problems in the rows (each with its line), a bad header, or a changed kind',
        schema: 'Error',
      },
      409: { description: 'Another upload replaced the table meanwhile', schema: 'Error' },
      412: staleIfMatch,
      413: { description: 'Over 4 MB as sent, or 64 MB unzipped', schema: 'Error' },
      415: { description: 'Not text/csv or application/json', schema: 'Error' },
    },
  },
  getTable: {
    summary: 'Read a lookup table: kind, columns, current and previous version, rules that use it',
    tag: 'tables',
    description:
      '`GET /admin/tables/{name}.csv` (or `Accept: text/csv`) downloads a version as CSV (`?version=` for the previous one); send `Accept-Encoding: gzip` for large tables.',
    responses: {
      200: { description: 'The table (JSON), or its rows (text/csv)', schema: 'Table', headers: ['ETag'] },
      404: unknownId,
    },
  },
  findTableRows: {
    summary: "Which row a lead's value matches (exact, prefix or range), at the current or previous version",
    tag: 'tables',
    query: TableRowsQuerySchema,
    responses: { 200: ok('TableRowMatch'), 404: { description: 'No such table or version', schema: 'Error' } },
  },
  deleteTable: {
    summary: 'Delete a lookup table (409 table_in_use while a rule looks it up)',
    tag: 'tables',
    headers: [IF_MATCH],
    responses: { 204: noContent, 404: unknownId, 409: { description: 'In use', schema: 'Error' }, 412: staleIfMatch },
  },

  createKey: {
    summary: 'Create an admin API key (the key is shown only in this answer)',
    tag: 'keys',
    body: 'ApiKeyCreate',
    responses: { 201: { description: 'Created', schema: 'ApiKeyCreated' } },
  },
  listKeys: { summary: 'List admin API keys (never the keys)', tag: 'keys', responses: { 200: ok('ApiKeyList') } },
  revokeKey: { summary: 'Revoke an admin API key', tag: 'keys', responses: { 204: noContent, 404: unknownId } },

  getLeadTimeline: {
    summary: "A lead's events in order: the same records webhooks deliver (without contact)",
    tag: 'events',
    responses: { 200: ok('LeadTimeline'), 404: unknownId },
  },
  recordLeadOutcome: {
    summary: 'Record what came of a lead (a CRM stage); once per stage, a repeat changes nothing',
    tag: 'events',
    description: 'Recorded as an `outcome` decision, so it becomes a `lead.outcome` event. See docs/events.md.',
    body: 'Outcome',
    responses: { 200: ok('Lead'), 400: invalid, 404: unknownId },
  },
  createWebhook: {
    summary: 'Subscribe a URL to lead events (the signing secret is shown only in this answer)',
    tag: 'events',
    body: 'WebhookCreate',
    responses: {
      201: { description: 'Created', schema: 'WebhookWithSecret', headers: ['ETag'] },
      400: { description: 'Invalid, or a URL webhooks may not reach (url_not_allowed)', schema: 'Error' },
    },
  },
  listWebhooks: { summary: 'List webhook subscriptions', tag: 'events', responses: { 200: ok('WebhookList') } },
  getWebhook: {
    summary: 'Read a webhook subscription',
    tag: 'events',
    responses: { 200: withEtag('Webhook'), 404: unknownId },
  },
  updateWebhook: {
    summary: 'Change a webhook subscription; `enabled: true` turns a disabled one back on',
    tag: 'events',
    body: 'WebhookPatch',
    headers: [IF_MATCH],
    responses: { 200: withEtag('Webhook'), 400: invalid, 404: unknownId, 412: staleIfMatch },
  },
  deleteWebhook: {
    summary: 'Delete a webhook subscription',
    tag: 'events',
    responses: { 204: noContent, 404: unknownId },
  },
  rotateWebhookSecret: {
    summary: 'Replace the signing secret (the new one is shown only in this answer)',
    tag: 'events',
    responses: { 200: { description: 'OK', schema: 'WebhookWithSecret', headers: ['ETag'] }, 404: unknownId },
  },
  listWebhookDeliveries: {
    summary: "A subscription's recent deliveries, newest first, with every attempt",
    tag: 'events',
    responses: { 200: ok('WebhookDeliveryList'), 404: unknownId },
  },
  retryWebhookDelivery: {
    summary: 'Send a delivery again now (same webhook-id)',
    tag: 'events',
    responses: {
      202: { description: 'Queued', schema: 'WebhookDelivery' },
      404: unknownId,
      409: { description: 'The subscription is disabled', schema: 'Error' },
    },
  },
};
