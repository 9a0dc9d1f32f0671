// The OpenAPI 3.1 description of the API, generated from the route table and the zod schemas
// the handlers validate with, so it cannot drift from what the API accepts. Built on first
// request in the admin function (zod's JSON Schema generator stays out of the ingest bundle).
import * as z from 'zod/mini';
import { ApiKeyCreateSchema } from '../core/admin/api-key-admin';
import { CloseLeadSchema, ManualAssignSchema } from '../core/admin/lead-admin';
import { LeadListQuerySchema } from '../core/admin/lead-queries';
import { AUDIT_ENTITY_KINDS } from '../core/audit/audit-entry';
import { AuditQuerySchema } from '../core/audit/audit-queries';
import { CLOSE_REASONS, LEAD_STATUSES, LeadFieldsSchema } from '../core/leads/lead';
import { AvailabilityChangeSchema } from '../core/links/availability';
import { PassSchema } from '../core/links/rep-links';
import { ExplainSchema } from '../core/routing/explain-routing';
import { RuleSetInputSchema } from '../core/routing/rules';
import { SECRET_SETTINGS, SOURCE_KINDS } from '../core/sources/source';
import { SourceCreateSchema, SourcePatchSchemas } from '../core/sources/source-schemas';
import { PoolCreateSchema, PoolPatchSchema } from '../core/team/pool';
import { RepCreateSchema, RepPatchSchema } from '../core/team/rep';
import { type HandlerName, type HandlersOf, ROUTES } from './routes';

type JsonSchema = Record<string, unknown>;
type DocumentedHandler = Exclude<HandlerName, HandlersOf<'local'>>;

interface OperationDoc {
  summary: string;
  tag:
    | 'webhooks'
    | 'reps'
    | 'pools'
    | 'sources'
    | 'leads'
    | 'rules'
    | 'keys'
    | 'audit'
    | 'rep links'
    | 'queues'
    | 'meta';
  description?: string;
  /** A component name, or inline JSON Schema. */
  body?: string | JsonSchema;
  /** Media types the body may come as (JSON when absent). */
  bodyTypes?: string[];
  query?: z.ZodMiniObject;
  headers?: { name: string; description: string }[];
  responses: Record<number, { description: string; schema?: string | JsonSchema; headers?: string[]; text?: boolean }>;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ok = (schema: string) => ({ description: 'OK', schema });
const created = (schema: string) => ({ description: 'Created', schema, headers: ['ETag'] });
const withEtag = (schema: string) => ({ description: 'OK', schema, headers: ['ETag'] });
const noContent = { description: 'Done' };
const invalid = { description: 'Invalid', schema: 'Error' };
const unknownId = { description: 'Unknown id', schema: 'Error' };
const staleIfMatch = { description: 'If-Match is stale', schema: 'Error' };
const IF_MATCH = {
  name: 'If-Match',
  description: 'The ETag you read ("3"): the change lands only on that version, else 412.',
};

/** Every route of the table, described. Missing one is a type error. */
const OPERATIONS: Record<DocumentedHandler, OperationDoc> = {
  health: {
    summary: 'Health check',
    tag: 'meta',
    responses: { 200: { description: 'Up', schema: { type: 'object', properties: { status: { const: 'ok' } } } } },
  },
  openApiDocument: {
    summary: 'This OpenAPI document',
    tag: 'meta',
    responses: { 200: { description: 'OpenAPI 3.1', schema: { type: 'object' } } },
  },

  receiveLead: {
    summary: "Receive a lead (or, for Meta, a batch of leadgen ids) on a source's webhook",
    tag: 'webhooks',
    description: [
      'The body depends on the source kind (see docs/api.md): a form (JSON or form-encoded), generic JSON (optionally',
      'signed with X-Leadrouter-Signature), a Google Ads lead form webhook body, or a Meta Lead Ads webhook body',
      '(signed with X-Hub-Signature-256). A repeat (same platform lead id, or same Idempotency-Key, within 24 h) answers',
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
    ],
    responses: {
      200: { description: 'google_ads: { leadId }; meta_lead_ads: { leadIds }', schema: ref('LeadAccepted') },
      202: { description: 'form and json sources', schema: 'LeadAccepted' },
      303: { description: 'A form-encoded post to a form source with a redirectUrl' },
      401: { description: 'Bad or missing signature, replayed signature, wrong google_key', schema: 'Error' },
      404: { description: 'No source has this key', schema: 'Error' },
    },
  },
  webhookPreflight: {
    summary: 'CORS preflight for form sources with allowedOrigins',
    tag: 'webhooks',
    responses: { 204: { description: 'Allowed' }, 403: { description: 'Origin not allowed', schema: 'Error' } },
  },
  verifyWebhook: {
    summary: "Meta's subscription handshake: echoes hub.challenge when hub.verify_token matches",
    tag: 'webhooks',
    query: z.object({
      'hub.mode': z.literal('subscribe'),
      'hub.verify_token': z.string(),
      'hub.challenge': z.string(),
    }),
    responses: {
      200: { description: 'The challenge', text: true },
      403: { description: 'Wrong verify token', schema: 'Error' },
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
    body: { type: 'object', properties: { poolId: { type: 'string' } }, required: ['poolId'] },
    responses: {
      200: {
        description: 'The link and when it expires',
        schema: {
          type: 'object',
          properties: { url: { type: 'string', format: 'uri' }, expiresAt: { type: 'string', format: 'date-time' } },
        },
      },
      400: { description: 'Not a pull pool, or the rep is not a member', schema: 'Error' },
      404: { description: 'Unknown rep', schema: 'Error' },
    },
  },
  reassignOpenLeads: {
    summary: "A rep leaves: send each of the rep's open leads back through its pool",
    tag: 'reps',
    description:
      'Each assigned or accepted lead of the rep goes to the next eligible rep by its pool’s method (never back to this rep), back to a pull pool’s queue, or on to the fallback; the new owner is notified and the lead’s decisions record the move (`reason: rep_leaving`). Done by the assigner right after this answer; then pause or delete the rep. At most 200 leads per call (`more`).',
    responses: {
      202: { description: 'The leads sent on', schema: 'ReassignOpenResult' },
      404: unknownId,
    },
  },
  deleteRep: {
    summary: 'Delete a rep (409 rep_in_use while in a pool)',
    tag: 'reps',
    responses: { 204: noContent, 409: { description: 'In use', schema: 'Error' } },
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
    responses: {
      200: {
        description: 'Reset',
        schema: {
          type: 'object',
          properties: { poolId: { type: 'string' }, resetAt: { type: 'string', format: 'date-time' } },
          required: ['poolId', 'resetAt'],
        },
      },
      404: unknownId,
    },
  },
  deletePool: {
    summary: 'Delete a pool (409 pool_in_use while a source or a rule routes to it)',
    tag: 'pools',
    responses: { 204: noContent, 409: { description: 'In use', schema: 'Error' } },
  },

  createSource: {
    summary: 'Create a source (form, json, google_ads, meta_lead_ads)',
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
      409: { description: 'lead_changed, rep_at_capacity or lead_not_assignable', schema: 'Error' },
    },
  },
  releaseLead: {
    summary: 'Take a lead back from its owner (unassigned; routed again unless its pool is manual)',
    tag: 'leads',
    responses: {
      200: ok('Lead'),
      404: { description: 'Unknown lead', schema: 'Error' },
      409: { description: 'Nobody owns it, or it changed', schema: 'Error' },
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
      409: { description: 'It changed meanwhile', schema: 'Error' },
    },
  },
  explainLead: {
    summary: 'Where would this lead go now, and why? Writes nothing',
    tag: 'leads',
    body: 'ExplainRequest',
    responses: {
      200: { description: 'The route (with the rule trace), every step and the outcome', schema: { type: 'object' } },
      400: invalid,
      404: { description: 'Unknown source', schema: 'Error' },
    },
  },

  listAudit: {
    summary:
      'The audit log, newest first: every change to reps, pools, sources, rules and keys, and admin actions on leads',
    tag: 'audit',
    description:
      'Each entry says when, who (the admin key’s id and name, or the rep through their availability link), what (the entity, its version before and after, the changed fields; secrets named, never shown).',
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
      'A form post (`reason` optional) or JSON. The pass is a decision on the lead and counts as one of the SLA’s reassignments; the rep never gets the lead back from the assigner. See docs/rep-links.md.',
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
      '`awayUntil` is an ISO 8601 instant or a wall-clock time (`2026-12-01T09:00`) read in the rep’s time zone; it must be in the future and at most a year ahead. Recorded in the audit log with the rep as the actor.',
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

  createKey: {
    summary: 'Create an admin API key (the key is shown only in this answer)',
    tag: 'keys',
    body: 'ApiKeyCreate',
    responses: { 201: { description: 'Created', schema: 'ApiKeyCreated' } },
  },
  listKeys: { summary: 'List admin API keys (never the keys)', tag: 'keys', responses: { 200: ok('ApiKeyList') } },
  revokeKey: { summary: 'Revoke an admin API key', tag: 'keys', responses: { 204: noContent, 404: unknownId } },
};

function jsonSchema(schema: z.ZodMiniType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** An entity as returned: its create fields plus id, timestamps and version. */
function entity(create: JsonSchema, extra: Record<string, JsonSchema> = {}): JsonSchema {
  const properties = {
    id: { type: 'string' },
    ...(create.properties as object),
    ...extra,
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    version: { type: 'integer' },
  };
  return {
    ...create,
    properties,
    required: [...new Set(['id', ...((create.required as string[]) ?? []), 'createdAt', 'updatedAt', 'version'])],
  };
}

const ALL_SECRETS: readonly string[] = Object.values(SECRET_SETTINGS).flat();

/** A source kind as returned: secrets replaced by `has…` flags, plus its key and webhook URL. */
function sourceResponse(kindSchema: JsonSchema): JsonSchema {
  const properties = { ...(kindSchema.properties as Record<string, JsonSchema>) };
  for (const name of ALL_SECRETS) {
    if (!(name in properties)) continue;
    delete properties[name];
    properties[`has${name[0]!.toUpperCase()}${name.slice(1)}`] = { type: 'boolean' };
  }
  const required = ((kindSchema.required as string[]) ?? []).filter((r) => !ALL_SECRETS.includes(r));
  return entity(
    { ...kindSchema, properties, required: [...required, 'key', 'webhookUrl'] },
    {
      key: { type: 'string', description: 'The secret part of the webhook URL' },
      webhookUrl: { type: 'string', format: 'uri' },
    },
  );
}

function components(): Record<string, JsonSchema> {
  const sourceCreate = jsonSchema(SourceCreateSchema);
  const decision = {
    type: 'object',
    properties: {
      at: { type: 'string', format: 'date-time' },
      outcome: {
        enum: [
          'assigned',
          'unassigned',
          'held',
          'fallback',
          'offered',
          'accepted',
          'expired',
          'passed',
          'released',
          'closed',
          'queued',
        ],
      },
      via: { enum: ['source', 'rule', 'default'] },
      rule: { type: 'string' },
      note: { type: 'string' },
      actor: { enum: ['assigner', 'admin', 'rep'] },
      fallbackTo: { type: 'string' },
      round: { type: 'integer' },
      previousRepId: { type: 'string' },
      poolId: { type: 'string' },
      method: { type: 'string' },
      candidates: { type: 'array', items: { type: 'string' } },
      skipped: {
        type: 'array',
        items: { type: 'object', properties: { repId: { type: 'string' }, reason: { type: 'string' } } },
      },
      repId: { type: 'string' },
      seq: { type: 'integer' },
      reason: { type: 'string' },
    },
  };
  const lead = {
    type: 'object',
    properties: {
      id: { type: 'string' },
      status: { enum: [...LEAD_STATUSES] },
      sourceId: { type: 'string' },
      poolId: { type: 'string' },
      repId: { type: 'string' },
      createdAt: { type: 'string' },
      updatedAt: { type: 'string' },
      assignedAt: { type: 'string' },
      acceptedAt: { type: 'string' },
      closedAt: { type: 'string' },
      responseSeconds: { type: 'number' },
      speedToLeadSeconds: { type: 'number' },
      slaReassignments: { type: 'integer' },
      offer: {
        type: 'object',
        properties: {
          round: { type: 'integer' },
          tier: { type: 'integer' },
          repIds: { type: 'array', items: { type: 'string' } },
          expiresAt: { type: 'string' },
        },
      },
      fields: jsonSchema(LeadFieldsSchema),
      custom: { type: 'object', additionalProperties: { type: 'string' } },
      raw: { type: 'string' },
      rawContentType: { type: 'string' },
      test: { type: 'boolean' },
      enrichment: { enum: ['pending', 'done'] },
      decisions: { type: 'array', items: decision },
    },
  };
  const apiKey = {
    type: 'object',
    properties: { id: { type: 'string' }, name: { type: 'string' }, createdAt: { type: 'string' } },
    required: ['id', 'name', 'createdAt'],
  };
  const ruleSetInput = jsonSchema(RuleSetInputSchema);
  return {
    Error: {
      type: 'object',
      properties: {
        error: {
          type: 'object',
          properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
          required: ['code', 'message', 'details'],
        },
      },
      required: ['error'],
    },
    LeadAccepted: {
      type: 'object',
      properties: { leadId: { type: 'string' }, leadIds: { type: 'array', items: { type: 'string' } } },
    },
    ManualAssign: jsonSchema(ManualAssignSchema),
    CloseLead: { ...jsonSchema(CloseLeadSchema), description: `reason: one of ${CLOSE_REASONS.join(', ')}` },
    Pass: jsonSchema(PassSchema),
    AvailabilityChange: jsonSchema(AvailabilityChangeSchema),
    ReassignOpenResult: {
      type: 'object',
      properties: {
        repId: { type: 'string' },
        queued: { type: 'array', items: { type: 'string' } },
        notInAPool: { type: 'array', items: { type: 'string' } },
        more: { type: 'boolean' },
      },
      required: ['repId', 'queued', 'notInAPool', 'more'],
    },
    AuditEntry: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        at: { type: 'string', format: 'date-time' },
        actor: {
          oneOf: [
            {
              type: 'object',
              properties: { type: { const: 'admin' }, keyId: { type: 'string' }, keyName: { type: 'string' } },
            },
            {
              type: 'object',
              properties: { type: { const: 'rep' }, repId: { type: 'string' }, via: { const: 'availability_link' } },
            },
            { type: 'object', properties: { type: { const: 'system' }, name: { type: 'string' } } },
          ],
        },
        action: { type: 'string' },
        entity: {
          type: 'object',
          properties: { kind: { enum: [...AUDIT_ENTITY_KINDS] }, id: { type: 'string' }, name: { type: 'string' } },
        },
        versionBefore: { type: 'integer' },
        versionAfter: { type: 'integer' },
        changes: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              field: { type: 'string' },
              before: {},
              after: {},
              secret: { const: true },
              large: { const: true },
            },
          },
        },
        details: { type: 'object' },
      },
      required: ['id', 'at', 'actor', 'action', 'entity'],
    },
    AuditList: {
      type: 'object',
      properties: { entries: { type: 'array', items: ref('AuditEntry') }, nextCursor: { type: 'string' } },
    },
    ExplainRequest: jsonSchema(ExplainSchema),
    RepCreate: jsonSchema(RepCreateSchema),
    RepPatch: jsonSchema(RepPatchSchema),
    Rep: entity(jsonSchema(RepCreateSchema)),
    RepList: { type: 'object', properties: { reps: { type: 'array', items: ref('Rep') } } },
    PoolCreate: jsonSchema(PoolCreateSchema),
    PoolPatch: jsonSchema(PoolPatchSchema),
    Pool: entity(jsonSchema(PoolCreateSchema)),
    PoolList: { type: 'object', properties: { pools: { type: 'array', items: ref('Pool') } } },
    SourceCreate: sourceCreate,
    SourcePatch: {
      anyOf: SOURCE_KINDS.map((kind) => ({ ...jsonSchema(SourcePatchSchemas[kind]), title: `${kind} source` })),
    },
    Source: { oneOf: ((sourceCreate.oneOf as JsonSchema[]) ?? []).map(sourceResponse) },
    SourceList: { type: 'object', properties: { sources: { type: 'array', items: ref('Source') } } },
    Lead: lead,
    LeadList: {
      type: 'object',
      properties: { leads: { type: 'array', items: ref('Lead') }, nextCursor: { type: 'string' } },
    },
    RuleSetInput: ruleSetInput,
    RuleSet: {
      ...ruleSetInput,
      properties: {
        ...(ruleSetInput.properties as object),
        version: { type: 'integer' },
        updatedAt: { type: 'string' },
      },
      required: [...((ruleSetInput.required as string[]) ?? []), 'version'],
    },
    ApiKeyCreate: jsonSchema(ApiKeyCreateSchema),
    ApiKey: apiKey,
    ApiKeyCreated: {
      ...apiKey,
      properties: { ...apiKey.properties, key: { type: 'string', description: 'Shown only once' } },
      required: [...apiKey.required, 'key'],
    },
    ApiKeyList: { type: 'object', properties: { keys: { type: 'array', items: ref('ApiKey') } } },
  };
}

const schemaOf = (schema: string | JsonSchema) => (typeof schema === 'string' ? ref(schema) : schema);

function operation(route: (typeof ROUTES)[number], doc: OperationDoc): JsonSchema {
  const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const queryShape = doc.query ? (jsonSchema(doc.query).properties as Record<string, JsonSchema>) : {};
  const queryRequired = doc.query ? ((jsonSchema(doc.query).required as string[] | undefined) ?? []) : [];
  const queryParameters = Object.entries(queryShape).map(([name, schema]) => ({
    name,
    in: 'query',
    required: queryRequired.includes(name) && !('default' in schema),
    schema,
  }));
  const headerParameters = (doc.headers ?? []).map(({ name, description }) => ({
    name,
    in: 'header',
    required: false,
    description,
    schema: { type: 'string' },
  }));
  const responses = Object.fromEntries(
    Object.entries(doc.responses).map(([status, response]) => [
      status,
      {
        description: response.description,
        ...(response.headers
          ? { headers: Object.fromEntries(response.headers.map((h) => [h, { schema: { type: 'string' } }])) }
          : {}),
        ...(response.schema ? { content: { 'application/json': { schema: schemaOf(response.schema) } } } : {}),
        ...(response.text ? { content: { 'text/plain': { schema: { type: 'string' } } } } : {}),
      },
    ]),
  );
  if (route.auth === 'admin')
    responses['401'] ??= {
      description: 'No valid admin API key',
      content: { 'application/json': { schema: ref('Error') } },
    };
  return {
    operationId: route.handler,
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    tags: [doc.tag],
    ...(route.auth === 'admin' ? { security: [{ adminKey: [] }] } : { security: [] }),
    parameters: [...pathParameters, ...queryParameters, ...headerParameters],
    ...(doc.body
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              (doc.bodyTypes ?? ['application/json']).map((type) => [type, { schema: schemaOf(doc.body!) }]),
            ),
          },
        }
      : {}),
    responses,
  };
}

/** Builds the OpenAPI 3.1 document of every deployed route. */
export function buildOpenApiDocument(serverUrl?: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of ROUTES) {
    if (route.fn === 'local') continue;
    const doc = OPERATIONS[route.handler as DocumentedHandler];
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route, doc);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'leadrouter',
      version: '1',
      description: 'Webhooks for lead sources and the admin API. A readable reference is docs/api.md.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      schemas: components(),
      securitySchemes: {
        adminKey: { type: 'http', scheme: 'bearer', description: 'An admin API key: Authorization: Bearer lr_…' },
      },
    },
  };
}

let cached: { serverUrl: string; document: JsonSchema } | undefined;

/** The document, built once per server URL (a warm function answers from memory). */
export function openApiDocument(serverUrl: string): JsonSchema {
  if (cached?.serverUrl !== serverUrl) cached = { serverUrl, document: buildOpenApiDocument(serverUrl) };
  return cached.document;
}
