import { ApiKeyCreateSchema, createApiKey, listApiKeys, revokeApiKey } from '../../core/admin/api-key-admin';
import {
  assignLeadManually,
  CloseLeadSchema,
  closeLead,
  type LeadAdminDeps,
  ManualAssignSchema,
  releaseLead,
} from '../../core/admin/lead-admin';
import { getLead, LeadListQuerySchema, listLeads } from '../../core/admin/lead-queries';
import type { ApiKeyStore } from '../../core/admin/ports';
import { reassignOpenLeads } from '../../core/admin/rep-departure';
import type { AssignmentStore, LeadRequests } from '../../core/assignment/ports';
import { AuditQuerySchema, listAuditEntries } from '../../core/audit/audit-queries';
import type { AuditLog, AuditRecorder } from '../../core/audit/ports';
import type { StickyOwners } from '../../core/leads/ports';
import type { LinkSigner } from '../../core/links/link-tokens';
import { issueQueueLink, QueueLinkRequestSchema } from '../../core/pull-queues/queue-links';
import { ExplainSchema, explainRouting } from '../../core/routing/explain-routing';
import type { RuleSetReader, RuleSetStore } from '../../core/routing/ports';
import { getRuleSet, replaceRuleSet } from '../../core/routing/rule-admin';
import { RuleSetInputSchema } from '../../core/routing/rules';
import { SimulateSchema, simulateRules } from '../../core/routing/simulate-rules';
import type { Actor } from '../../core/shared/actor';
import { UnauthorizedError, ValidationError } from '../../core/shared/errors';
import type { Random } from '../../core/shared/ports';
import { parseInput } from '../../core/shared/validation';
import type { SourceStore } from '../../core/sources/ports';
import type { Source } from '../../core/sources/source';
import { createSource, deleteSource, getSource, updateSource } from '../../core/sources/source-admin';
import { parseSourcePatch, SourceCreateSchema } from '../../core/sources/source-schemas';
import { sourceView } from '../../core/sources/source-view';
import type { StatsStore } from '../../core/stats/ports';
import { queryStats, StatsQuerySchema } from '../../core/stats/stats-query';
import type { TableStore } from '../../core/tables/ports';
import { createPool, deletePool, getPool, resetPoolRotation, updatePool } from '../../core/team/pool-admin';
import { PoolCreateSchema, PoolPatchSchema } from '../../core/team/pool-schemas';
import type { PoolStore, RepStore } from '../../core/team/ports';
import { createRep, deleteRep, getRep, updateRep } from '../../core/team/rep-admin';
import { RepCreateSchema, RepPatchSchema } from '../../core/team/rep-schemas';
import type { HttpRequest, HttpResponse, RouteHandler } from '../http-types';
import { queueLinkUrl } from '../link-urls';
import { readJsonBody } from '../request-body';
import type { ApiKeyList, PoolList, QueueLink, RepList, SourceList, SourceResponse } from '../response-schemas';
import type { HandlersOf } from '../routes';
import type { SimulationBody } from '../simulation-answers';
import { type StatsAnswerBody, statsCsv, wantsCsv } from '../stats-answers';
import { type LeadEventHandlerDeps, leadEventHandlers } from './lead-event-handlers';
import { tableHandlers } from './table-handlers';

/** Every configuration store the admin API edits. */
export type AdminConfig = RepStore & PoolStore & SourceStore & RuleSetStore & ApiKeyStore;

export interface AdminHandlerDeps extends LeadAdminDeps, Omit<LeadEventHandlerDeps, 'leads'> {
  config: AdminConfig;
  sources: SourceStore;
  store: Pick<AssignmentStore, 'loadPool' | 'loadReps'>;
  /** Lookup tables (territories, named accounts), read fresh. */
  tables: TableStore;
  /** The random method's dice, for explain. */
  random?: Random;
  /** The routing rules, read fresh, for explain. */
  rules?: RuleSetReader;
  /** Recent leads' owners, for explain in sticky pools. */
  sticky?: StickyOwners;
  /** Signs the queue links an admin issues to reps of pull pools. */
  signer: LinkSigner;
  /** The audit log: read by `GET /admin/audit`, written beside a leaving rep's reassignment. */
  audit: AuditLog & AuditRecorder;
  /** Hands a leaving rep's leads to the assigner. */
  requests: LeadRequests;
  /** The stats aggregates, kept by the lead-change consumer. */
  stats: Pick<StatsStore, 'rowsOf'>;
}

const id = (request: HttpRequest) => request.pathParameters.id ?? '';

/** A rule set of up to 1,000 rules needs more room than other admin bodies (64 KB); DynamoDB keeps it in one item of at most 400 KB. */
export const MAX_RULES_BODY_BYTES = 256 * 1024;

/** The admin key that made the request, as the audit log records it (from the authorizer's identity). */
export function actorOf(request: HttpRequest): Actor {
  if (!request.admin) throw new UnauthorizedError();
  return { type: 'admin', keyId: request.admin.keyId, keyName: request.admin.keyName };
}

/** The request's JSON body, read with the route's schema (a 400 lists every field's problem). */
const body = <S extends Parameters<typeof parseInput>[0]>(schema: S, request: HttpRequest) =>
  parseInput(schema, readJsonBody(request));

/** A source as the API shows it: secrets hidden, with the webhook URL to paste into the form or platform. */
function presentSource(source: Source, request: HttpRequest): SourceResponse {
  return { ...sourceView(source), webhookUrl: `${request.baseUrl}/hooks/${source.key}` };
}

/** A versioned thing with its version as the `ETag`, for a later `If-Match`. */
function versioned<T extends { version: number }>(status: number, item: T, body: unknown = item): HttpResponse {
  return { status, body, headers: { etag: `"${item.version}"` } };
}

/**
 * The version an `If-Match` header asks for: `"3"` (as our ETags are), `W/"3"` or `3`.
 * No header, or `*`, asks for none.
 */
export function ifMatchVersion(request: HttpRequest): number | undefined {
  const header = request.headers['if-match']?.trim();
  if (header === undefined || header === '' || header === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(header);
  if (!match) {
    throw new ValidationError('If-Match must be an ETag this API sent, e.g. "3"', [
      { path: 'If-Match', code: 'invalid_if_match', message: `cannot read ${header.slice(0, 40)}` },
    ]);
  }
  return Number(match[1]);
}

const ifMatch = (request: HttpRequest) => {
  const version = ifMatchVersion(request);
  return version === undefined ? {} : { ifVersion: version };
};

/** The admin function's routes: reps, pools, sources, leads, routing rules, API keys and the OpenAPI document. */
export function adminHandlers(deps: AdminHandlerDeps): Record<HandlersOf<'admin'>, RouteHandler> {
  return {
    createRep: async (request) =>
      versioned(201, await createRep(deps, body(RepCreateSchema, request), actorOf(request))),
    listReps: async () => ({ status: 200, body: { reps: await deps.config.listReps() } satisfies RepList }),
    getRep: async (request) => versioned(200, await getRep(deps, id(request))),
    updateRep: async (request) =>
      versioned(
        200,
        await updateRep(deps, id(request), body(RepPatchSchema, request), actorOf(request), ifMatch(request)),
      ),
    deleteRep: async (request) => {
      await deleteRep(deps, id(request), actorOf(request));
      return { status: 204 };
    },
    reassignOpenLeads: async (request) => ({
      status: 202,
      body: await reassignOpenLeads(deps, id(request), actorOf(request)),
    }),
    issueQueueLink: async (request) => {
      const { token, expiresAt } = await issueQueueLink(deps, id(request), body(QueueLinkRequestSchema, request));
      return { status: 200, body: { url: queueLinkUrl(request.baseUrl, token), expiresAt } satisfies QueueLink };
    },

    createPool: async (request) =>
      versioned(201, await createPool(deps, body(PoolCreateSchema, request), actorOf(request))),
    listPools: async () => ({ status: 200, body: { pools: await deps.config.listPools() } satisfies PoolList }),
    getPool: async (request) => versioned(200, await getPool(deps, id(request))),
    updatePool: async (request) =>
      versioned(
        200,
        await updatePool(deps, id(request), body(PoolPatchSchema, request), actorOf(request), ifMatch(request)),
      ),
    deletePool: async (request) => {
      await deletePool(deps, id(request), actorOf(request));
      return { status: 204 };
    },
    resetRotation: async (request) => ({
      status: 200,
      body: await resetPoolRotation(deps, id(request), actorOf(request)),
    }),

    createSource: async (request) => {
      const source = await createSource(deps, body(SourceCreateSchema, request), actorOf(request));
      return versioned(201, source, presentSource(source, request));
    },
    listSources: async (request) => ({
      status: 200,
      body: { sources: (await deps.config.listSources()).map((s) => presentSource(s, request)) } satisfies SourceList,
    }),
    getSource: async (request) => {
      const source = await getSource(deps, id(request));
      return versioned(200, source, presentSource(source, request));
    },
    updateSource: async (request) => {
      const { kind } = await getSource(deps, id(request));
      const patch = parseSourcePatch(kind, readJsonBody(request));
      const source = await updateSource(deps, id(request), patch, actorOf(request), ifMatch(request));
      return versioned(200, source, presentSource(source, request));
    },
    deleteSource: async (request) => {
      await deleteSource(deps, id(request), actorOf(request));
      return { status: 204 };
    },

    listLeads: async (request) => ({
      status: 200,
      body: await listLeads(deps.leads, parseInput(LeadListQuerySchema, request.query, 'query string')),
    }),
    getLead: async (request) => ({ status: 200, body: await getLead(deps.leads, id(request)) }),
    assignLead: async (request) => ({
      status: 200,
      body: await assignLeadManually(deps, id(request), body(ManualAssignSchema, request), actorOf(request)),
    }),
    releaseLead: async (request) => ({ status: 200, body: await releaseLead(deps, id(request), actorOf(request)) }),
    closeLead: async (request) => ({
      status: 200,
      body: await closeLead(deps, id(request), body(CloseLeadSchema, request), actorOf(request)),
    }),
    explainLead: async (request) => ({ status: 200, body: await explainRouting(deps, body(ExplainSchema, request)) }),
    listAudit: async (request) => ({
      status: 200,
      body: await listAuditEntries(deps, parseInput(AuditQuerySchema, request.query, 'query string')),
    }),
    getStats: async (request) => {
      const query = parseInput(StatsQuerySchema, request.query, 'query string');
      const answer = await queryStats(deps, query);
      if (wantsCsv(query.format, request.headers.accept)) {
        return { status: 200, body: statsCsv(answer), headers: { 'content-type': 'text/csv; charset=utf-8' } };
      }
      return { status: 200, body: answer satisfies StatsAnswerBody };
    },

    getRules: async () => versioned(200, await getRuleSet(deps)),
    replaceRules: async (request) =>
      versioned(
        200,
        await replaceRuleSet(
          deps,
          parseInput(RuleSetInputSchema, readJsonBody(request, MAX_RULES_BODY_BYTES)),
          actorOf(request),
          ifMatch(request),
        ),
      ),
    simulateRules: async (request) => ({
      status: 200,
      body: (await simulateRules(
        deps,
        parseInput(SimulateSchema, readJsonBody(request, MAX_RULES_BODY_BYTES)),
      )) satisfies SimulationBody,
    }),
    ...tableHandlers(deps, ifMatch, actorOf),
    ...leadEventHandlers(deps, ifMatch),

    createKey: async (request) => ({
      status: 201,
      body: await createApiKey(deps, body(ApiKeyCreateSchema, request), actorOf(request)),
    }),
    listKeys: async () => ({ status: 200, body: { keys: await listApiKeys(deps) } satisfies ApiKeyList }),
    revokeKey: async (request) => {
      await revokeApiKey(deps, id(request), actorOf(request));
      return { status: 204 };
    },
  };
}
