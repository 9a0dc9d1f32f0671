import { explainRouting } from '../../core/explain-routing';
import { assignLeadManually, closeLead, releaseLead, type LeadAdminDeps } from '../../core/lead-admin';
import { getLead, listLeads } from '../../core/lead-queries';
import { createPool, deletePool, getPool, updatePool } from '../../core/pool-admin';
import type { AssignmentStore, SourceDirectory } from '../../core/ports';
import { createRep, deleteRep, getRep, updateRep } from '../../core/rep-admin';
import { issueQueueLink } from '../../core/rep-queue';
import { queueLinkUrl, type LinkSigner } from '../../core/link-tokens';
import type { Source } from '../../core/source';
import { createSource, deleteSource, getSource, updateSource } from '../../core/source-admin';
import type { HttpRequest, RouteHandler } from '../http-types';
import { readJsonBody } from '../request-body';
import type { HandlersOf } from '../routes';

export interface AdminHandlerDeps extends LeadAdminDeps {
  sources: SourceDirectory;
  store: Pick<AssignmentStore, 'loadPool'>;
  /** The random method's dice, for explain. */
  random?: () => number;
  /** Signs the queue links an admin issues to reps of pull pools. */
  signer: LinkSigner;
}

const id = (request: HttpRequest) => request.pathParameters.id ?? '';

/** A source as the API shows it: with the webhook URL to paste into the form or platform. */
function presentSource(source: Source, request: HttpRequest) {
  return { ...source, webhookUrl: `${request.baseUrl}/hooks/${source.key}` };
}

/** The admin function's routes: reps, pools, sources and leads. */
export function adminHandlers(deps: AdminHandlerDeps): Record<HandlersOf<'admin'>, RouteHandler> {
  return {
    createRep: async (request) => ({ status: 201, body: await createRep(deps, readJsonBody(request)) }),
    listReps: async () => ({ status: 200, body: { reps: await deps.config.listReps() } }),
    getRep: async (request) => ({ status: 200, body: await getRep(deps, id(request)) }),
    updateRep: async (request) => ({ status: 200, body: await updateRep(deps, id(request), readJsonBody(request)) }),
    deleteRep: async (request) => {
      await deleteRep(deps, id(request));
      return { status: 204 };
    },
    issueQueueLink: async (request) => {
      const { token, expiresAt } = await issueQueueLink(deps, id(request), readJsonBody(request));
      return { status: 200, body: { url: queueLinkUrl(request.baseUrl, token), expiresAt } };
    },

    createPool: async (request) => ({ status: 201, body: await createPool(deps, readJsonBody(request)) }),
    listPools: async () => ({ status: 200, body: { pools: await deps.config.listPools() } }),
    getPool: async (request) => ({ status: 200, body: await getPool(deps, id(request)) }),
    updatePool: async (request) => ({ status: 200, body: await updatePool(deps, id(request), readJsonBody(request)) }),
    deletePool: async (request) => {
      await deletePool(deps, id(request));
      return { status: 204 };
    },

    createSource: async (request) => ({
      status: 201,
      body: presentSource(await createSource(deps, readJsonBody(request)), request),
    }),
    listSources: async (request) => ({
      status: 200,
      body: { sources: (await deps.config.listSources()).map((s) => presentSource(s, request)) },
    }),
    getSource: async (request) => ({ status: 200, body: presentSource(await getSource(deps, id(request)), request) }),
    updateSource: async (request) => ({
      status: 200,
      body: presentSource(await updateSource(deps, id(request), readJsonBody(request)), request),
    }),
    deleteSource: async (request) => {
      await deleteSource(deps, id(request));
      return { status: 204 };
    },

    listLeads: async (request) => ({ status: 200, body: await listLeads(deps.leads, request.query) }),
    getLead: async (request) => ({ status: 200, body: await getLead(deps.leads, id(request)) }),
    assignLead: async (request) => ({ status: 200, body: await assignLeadManually(deps, id(request), readJsonBody(request)) }),
    releaseLead: async (request) => ({ status: 200, body: await releaseLead(deps, id(request)) }),
    closeLead: async (request) => ({ status: 200, body: await closeLead(deps, id(request)) }),
    explainLead: async (request) => ({ status: 200, body: await explainRouting(deps, readJsonBody(request)) }),
  };
}
