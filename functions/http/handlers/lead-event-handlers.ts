import { getLead } from '../../core/admin/lead-queries';
import { leadTimeline } from '../../core/events/lead-events';
import { type OutcomeDeps, OutcomeSchema, recordOutcome } from '../../core/leads/lead-outcome';
import type { LeadStore } from '../../core/leads/ports';
import { parseInput } from '../../core/shared/validation';
import { WebhookCreateSchema, WebhookPatchSchema, webhookView } from '../../core/webhooks/webhook';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  retryWebhookDelivery,
  rotateWebhookSecret,
  updateWebhook,
  type WebhookAdminDeps,
} from '../../core/webhooks/webhook-admin';
import type { HttpRequest, RouteHandler } from '../http-types';
import { readJsonBody } from '../request-body';

export interface LeadEventHandlerDeps {
  leads: LeadStore;
  webhookAdmin: WebhookAdminDeps;
  outcomes: OutcomeDeps;
}

const id = (request: HttpRequest) => request.pathParameters.id ?? '';
const versioned = (status: number, item: { version: number }, body: unknown = item) => ({
  status,
  body,
  headers: { etag: `"${item.version}"` },
});

/** A lead's timeline and outcomes, and webhook subscriptions with their deliveries. */
export function leadEventHandlers(
  deps: LeadEventHandlerDeps,
  ifMatch: (request: HttpRequest) => { ifVersion?: number },
) {
  const admin = deps.webhookAdmin;
  return {
    getLeadTimeline: async (request) => ({
      status: 200,
      body: { events: leadTimeline(await getLead(deps.leads, id(request))) },
    }),
    recordLeadOutcome: async (request) => ({
      status: 200,
      body: await recordOutcome(deps.outcomes, id(request), parseInput(OutcomeSchema, readJsonBody(request)), 'admin'),
    }),

    createWebhook: async (request) => {
      const created = await createWebhook(admin, parseInput(WebhookCreateSchema, readJsonBody(request)));
      return versioned(201, created, { ...webhookView(created), secret: created.secret });
    },
    listWebhooks: async () => ({ status: 200, body: { webhooks: await listWebhooks(admin) } }),
    getWebhook: async (request) => versioned(200, await getWebhook(admin, id(request))),
    updateWebhook: async (request) =>
      versioned(
        200,
        await updateWebhook(
          admin,
          id(request),
          parseInput(WebhookPatchSchema, readJsonBody(request)),
          ifMatch(request),
        ),
      ),
    deleteWebhook: async (request) => {
      await deleteWebhook(admin, id(request));
      return { status: 204 };
    },
    rotateWebhookSecret: async (request) => {
      const rotated = await rotateWebhookSecret(admin, id(request));
      return versioned(200, rotated, { ...webhookView(rotated), secret: rotated.secret });
    },
    listWebhookDeliveries: async (request) => ({
      status: 200,
      body: { deliveries: await listWebhookDeliveries(admin, id(request)) },
    }),
    retryWebhookDelivery: async (request) => ({
      status: 202,
      body: await retryWebhookDelivery(admin, id(request), request.pathParameters.deliveryId ?? ''),
    }),
  } satisfies Record<string, RouteHandler>;
}
