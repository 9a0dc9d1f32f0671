import { DomainError, ForbiddenError, ValidationError } from '../../core/shared/errors';
import {
  answerSubscriptionHandshake,
  findWebhookSource,
  type ReceiveLeadDeps,
  receiveWebhook,
  type WebhookDelivery,
  type WebhookOutcome,
} from '../../core/sources/receive-webhook';
import type { Source } from '../../core/sources/source';
import { corsHeaders, preflightHeaders } from '../cors';
import { errorResponse } from '../http-errors';
import type { HttpRequest, HttpResponse, RouteHandler } from '../http-types';
import { assertBodySize, leadBodyFormat } from '../request-body';
import type { LeadAccepted } from '../response-schemas';
import type { HandlersOf } from '../routes';
import { type BodyEncoding, decodeBody } from '../webhook-body';

/** Largest webhook body accepted; ad platforms and forms send far less. */
export const MAX_LEAD_BODY_BYTES = 64 * 1024;

/** The header each signing source kind signs its posts in. */
const SIGNATURE_HEADERS: Partial<Record<Source['kind'], string>> = {
  json: 'x-leadrouter-signature',
  meta_lead_ads: 'x-hub-signature-256',
  linkedin_lead_gen: 'x-li-signature',
};

/** The `Idempotency-Key` header, when sent: up to 255 visible ASCII characters. */
function idempotencyKeyOf(request: HttpRequest): string | undefined {
  const key = request.headers['idempotency-key']?.trim();
  if (key === undefined || key === '') return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new ValidationError(
      'The Idempotency-Key header must be 1 to 255 visible ASCII characters',
      [{ path: 'Idempotency-Key', message: 'invalid' }],
      'invalid_idempotency_key',
    );
  }
  return key;
}

const sourceOf = (deps: ReceiveLeadDeps, request: HttpRequest) =>
  findWebhookSource(deps.sources, request.pathParameters.sourceKey ?? '');

/**
 * A webhook POST as the ingest use case reads it: the raw body (signatures are over it), the
 * body's fields (read lazily, after the sender is verified), the kind's signature header and
 * the sender's `Idempotency-Key`. Refuses a body of another media type (415).
 */
export function webhookDelivery(request: HttpRequest, source: Source): WebhookDelivery {
  const { encoding, charset } = leadBodyFormat(request);
  const header = SIGNATURE_HEADERS[source.kind];
  const signature = header ? request.headers[header] : undefined;
  const idempotencyKey = idempotencyKeyOf(request);
  const contentType = request.headers['content-type'];
  return {
    raw: request.bodyBytes,
    // Large integers stay exact (Meta's leadgen ids do not fit a JavaScript number).
    payload: () => decodeBody(request.bodyBytes, encoding, { exactIntegers: true, charset }),
    rawText: () => new TextDecoder(charset).decode(request.bodyBytes),
    ...(signature ? { signature } : {}),
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(contentType ? { contentType } : {}),
  };
}

/** The ingest function's routes: the webhook (POST, CORS preflight, Meta's and LinkedIn's checks) and the health check. */
export function ingestHandlers(deps: ReceiveLeadDeps): Record<HandlersOf<'ingest'>, RouteHandler> {
  return {
    health: async () => ({ status: 200, body: { status: 'ok' } }),

    receiveLead: async (request) => {
      const source = await sourceOf(deps, request);
      const cors = corsHeaders(source, request.headers.origin);
      try {
        assertBodySize(request, MAX_LEAD_BODY_BYTES);
        const outcome = await receiveWebhook(deps, source, webhookDelivery(request, source));
        return withHeaders(webhookAnswer(source, leadBodyFormat(request).encoding, outcome), cors);
      } catch (error) {
        // A browser script must be able to read why its lead was refused.
        if (cors && error instanceof DomainError) return withHeaders(errorResponse(error, request.requestId), cors);
        throw error;
      }
    },

    webhookPreflight: async (request) => {
      const cors = corsHeaders(await sourceOf(deps, request), request.headers.origin);
      if (!cors) throw new ForbiddenError('This source does not accept posts from that origin', 'origin_not_allowed');
      return { status: 204, headers: preflightHeaders(cors) };
    },

    verifyWebhook: async (request) => ({
      status: 200,
      body: answerSubscriptionHandshake(await sourceOf(deps, request), request.query),
      headers: { 'x-content-type-options': 'nosniff' },
    }),
  };
}

/**
 * The answer a sender expects: a plain HTML form a 303 to the source's thank-you page; Google,
 * Meta and LinkedIn a 200; everyone else 202 with the lead id. A repeat gets the same answer as the
 * original (with `Idempotent-Replayed: true`).
 */
function webhookAnswer(source: Source, encoding: BodyEncoding, outcome: WebhookOutcome): HttpResponse {
  const replayed =
    outcome.leads.length > 0 && outcome.leads.every((l) => l.duplicate) ? { 'idempotent-replayed': 'true' } : undefined;
  const first = outcome.leads[0]?.leadId;
  if (source.kind === 'form' && source.redirectUrl && encoding === 'form') {
    return { status: 303, headers: { location: source.redirectUrl, ...replayed } };
  }
  if (source.kind === 'meta_lead_ads' || source.kind === 'linkedin_lead_gen') {
    return {
      status: 200,
      body: { leadIds: outcome.leads.map((l) => l.leadId) } satisfies LeadAccepted,
      ...(replayed ? { headers: replayed } : {}),
    };
  }
  return {
    status: source.kind === 'google_ads' ? 200 : 202,
    body: { leadId: first } satisfies LeadAccepted,
    ...(replayed ? { headers: replayed } : {}),
  };
}

function withHeaders(response: HttpResponse, headers: Record<string, string> | undefined): HttpResponse {
  return headers ? { ...response, headers: { ...response.headers, ...headers } } : response;
}
