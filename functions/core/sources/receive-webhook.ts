import type { RoutingQueue } from '../assignment/ports';
import { type CustomFields, LEAD_LIMITS, type Lead, type LeadFields, toLeadMessage } from '../leads/lead';
import { normaliseLead } from '../leads/normalise-lead';
import type { LeadStore } from '../leads/ports';
import { NotFoundError, UnauthorizedError } from '../shared/errors';
import { newUlid } from '../shared/ids';
import { ownValue } from '../shared/own-keys';
import type { Clock } from '../shared/ports';
import { readGoogleAdsLead } from './kinds/google-ads';
import { applyFieldMapping, verifyJsonSignature } from './kinds/json';
import {
  type LinkedInChallengeAnswer,
  linkedinChallenge,
  readLinkedInNotification,
  verifyLinkedInSignature,
} from './kinds/linkedin-lead-gen';
import { metaSubscriptionChallenge, readMetaLeadgens, verifyMetaSignature } from './kinds/meta-lead-ads';
import { normalisePlatformLead } from './kinds/platform-lead';
import type { EnrichmentQueue, IdempotencyClaim, LeadIntake, SourceDirectory } from './ports';
import type { Source } from './source';

export interface ReceiveLeadDeps {
  sources: SourceDirectory;
  /** Stores new leads, once per idempotency claim. */
  intake: LeadIntake;
  /** Reads the original of a repeated delivery. */
  leads: Pick<LeadStore, 'get'>;
  /** The ingest queue, to the assigner. */
  queue: RoutingQueue;
  /** Meta and LinkedIn leads wait here for their details. */
  enrichment: EnrichmentQueue;
  clock: Clock;
}

/** One webhook POST as the use case needs it. */
export interface WebhookDelivery {
  /** The body byte for byte: signatures are computed over it. */
  raw: Buffer;
  /**
   * The body read as fields (a JSON object or form fields). Called only once the sender is
   * verified, so an unsigned body is never parsed; throws a ValidationError on a bad body.
   */
  payload: () => Record<string, unknown>;
  /** The body as text in the charset it was sent in, for the audit copy (`raw`); UTF-8 when absent. */
  rawText?: () => string;
  /** The sender's signature, for the kinds that sign their posts. */
  signature?: string;
  /** The sender's own key for this delivery: a repeat with the same key is the same lead. */
  idempotencyKey?: string;
  /** Kept with the raw body for audit. */
  contentType?: string;
}

export interface ReceivedLead {
  leadId: string;
  /** True when an earlier delivery already brought this lead: nothing new was stored. */
  duplicate: boolean;
}

/** A delivery's leads: one for forms, JSON senders and Google; one per `leadgen` change for Meta, per new lead for LinkedIn. */
export interface WebhookOutcome {
  leads: ReceivedLead[];
}

/** How long a platform lead id or an `Idempotency-Key` makes a repeat count as the same lead. */
export const IDEMPOTENCY_WINDOW_SECONDS = 24 * 60 * 60;

/** One lead a delivery carries, as its format adapter read it. */
interface IncomingLead {
  payload: Record<string, unknown>;
  /** Ad-platform leads are kept even when incomplete (see `normalisePlatformLead`). */
  platform?: boolean;
  externalId?: string;
  test?: boolean;
  /** Meta and LinkedIn: only ids so far; the details are fetched later. */
  leadgen?: { leadgenId: string; ids: Record<string, string> };
}

/** The source a webhook key belongs to, or NotFoundError. */
export async function findWebhookSource(sources: SourceDirectory, key: string): Promise<Source> {
  const source = key ? await sources.findByKey(key) : undefined;
  if (!source) throw new NotFoundError('source');
  return source;
}

/**
 * Accepts a webhook delivery for a source: checks its credential (signature, Google key),
 * reads it with the source's format adapter, then stores each lead as `received` and queues
 * it (to the assigner, or to enrichment for Meta). Stored before queued, so a queue failure
 * leaves a visible `received` lead; the sender's retry is recognised (same platform lead id,
 * or same `Idempotency-Key`, within 24 h), answered with the original lead id, and queues
 * the original again if it is still waiting. A filled honeypot gets a normal-looking answer
 * and nothing is stored.
 */
export async function receiveWebhook(
  deps: ReceiveLeadDeps,
  source: Source,
  delivery: WebhookDelivery,
): Promise<WebhookOutcome> {
  const now = deps.clock.now();
  const { idempotencyKey } = delivery;
  let incoming: IncomingLead[];
  let signature: IdempotencyClaim | undefined;

  switch (source.kind) {
    case 'form': {
      const payload = delivery.payload();
      const honeypot = source.honeypotField;
      if (honeypot && isFilled(ownValue(payload, honeypot)))
        return { leads: [{ leadId: newUlid(now.getTime()), duplicate: false }] };
      if (honeypot) delete payload[honeypot];
      incoming = [{ payload }];
      break;
    }
    case 'json': {
      signature = verifyJsonSignature(source, delivery.raw, delivery.signature, now);
      const mapped = applyFieldMapping(delivery.payload(), source.fieldMapping);
      incoming = [{ payload: mapped.payload, ...(mapped.externalId ? { externalId: mapped.externalId } : {}) }];
      break;
    }
    case 'google_ads': {
      const lead = readGoogleAdsLead(source, delivery.payload());
      incoming = [{ payload: lead.payload, platform: true, externalId: lead.externalId, test: lead.test }];
      break;
    }
    case 'meta_lead_ads': {
      verifyMetaSignature(source, delivery.raw, delivery.signature, now);
      const leadgens = readMetaLeadgens(delivery.payload());
      incoming = leadgens.map((leadgen) => ({ payload: {}, platform: true, externalId: leadgen.leadgenId, leadgen }));
      break;
    }
    case 'linkedin_lead_gen': {
      verifyLinkedInSignature(source, delivery.raw, delivery.signature, now);
      incoming = readLinkedInNotification(delivery.payload()).map((ref) => ({
        payload: {},
        platform: true,
        externalId: ref.leadId,
        leadgen: { leadgenId: ref.leadId, ids: ref.ids },
      }));
      break;
    }
  }

  // Read every lead before storing any, so a bad one refuses the delivery with nothing stored.
  const prepared = incoming.map((lead) => ({ lead, ...normalised(source, lead) }));
  const leads: ReceivedLead[] = [];
  for (const [i, { lead, fields, custom }] of prepared.entries()) {
    const claims: IdempotencyClaim[] = [];
    const expiresAt = Math.floor(now.getTime() / 1000) + IDEMPOTENCY_WINDOW_SECONDS;
    if (signature) claims.push(signature);
    if (lead.externalId) claims.push({ kind: 'externalId', value: lead.externalId, expiresAt });
    if (idempotencyKey)
      claims.push({
        kind: 'idempotencyKey',
        value: prepared.length > 1 ? `${idempotencyKey}#${i}` : idempotencyKey,
        expiresAt,
      });
    leads.push(await accept(deps, source, delivery, { lead, fields, custom }, claims, now));
  }
  return { leads };
}

/** A platform's webhook check for a source: Meta's challenge to echo, or LinkedIn's validation answer. */
export function answerSubscriptionHandshake(
  source: Source,
  query: Record<string, string>,
): string | LinkedInChallengeAnswer {
  if (source.kind === 'meta_lead_ads') return metaSubscriptionChallenge(source, query);
  if (source.kind === 'linkedin_lead_gen') return linkedinChallenge(source, query);
  throw new NotFoundError('subscription handshake for this source');
}

function normalised(source: Source, lead: IncomingLead): { fields: LeadFields; custom: CustomFields } {
  const options = source.defaultCountry ? { defaultCountry: source.defaultCountry } : {};
  if (lead.leadgen) return { fields: {}, custom: lead.leadgen.ids };
  if (lead.platform) return normalisePlatformLead(lead.payload as Record<string, string>, options);
  return normaliseLead(lead.payload, options);
}

async function accept(
  deps: ReceiveLeadDeps,
  source: Source,
  delivery: WebhookDelivery,
  incoming: { lead: IncomingLead; fields: LeadFields; custom: CustomFields },
  claims: IdempotencyClaim[],
  now: Date,
): Promise<ReceivedLead> {
  const at = now.toISOString();
  const lead: Lead = {
    id: newUlid(now.getTime()),
    sourceId: source.id,
    status: 'received',
    createdAt: at,
    updatedAt: at,
    fields: incoming.fields,
    custom: incoming.custom,
    raw: (delivery.rawText?.() ?? delivery.raw.toString('utf8')).slice(0, LEAD_LIMITS.rawLength),
    ...(delivery.contentType ? { rawContentType: delivery.contentType } : {}),
    decisions: [],
    ...(incoming.lead.test ? { test: true } : {}),
    ...(incoming.lead.leadgen ? { enrichment: 'pending' as const } : {}),
  };
  const result = await deps.intake.store(lead, claims);
  if (!result.stored) {
    if (result.claim.kind === 'signature') {
      throw new UnauthorizedError(
        'This signature was used before; sign each delivery anew (and send an Idempotency-Key to retry safely)',
        'signature_replayed',
      );
    }
    await queueAgainIfWaiting(deps, result.leadId);
    return { leadId: result.leadId, duplicate: true };
  }
  await queue(deps, lead);
  return { leadId: lead.id, duplicate: false };
}

async function queue(deps: ReceiveLeadDeps, lead: Lead): Promise<void> {
  if (lead.enrichment === 'pending') {
    const leadgenId = lead.custom.leadgen_id ?? lead.custom.linkedin_lead_id ?? '';
    await deps.enrichment.enqueue({
      leadId: lead.id,
      sourceId: lead.sourceId,
      createdAt: lead.createdAt,
      leadgenId,
      custom: lead.custom,
    });
  } else {
    await deps.queue.enqueue(toLeadMessage(lead));
  }
}

/**
 * A repeat of a delivery whose lead is still `received` may be the sender's retry after we
 * stored the lead but failed to queue it: queue it again (the assigner and the enrichment
 * step both ignore a lead that has moved on).
 */
async function queueAgainIfWaiting(deps: ReceiveLeadDeps, leadId: string): Promise<void> {
  const original = await deps.leads.get(leadId);
  if (original?.status === 'received') await queue(deps, original);
}

function isFilled(value: unknown): boolean {
  return value !== undefined && value !== null && String(value).trim() !== '';
}
