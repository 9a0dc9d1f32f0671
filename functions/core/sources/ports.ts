import type { AuditEntry } from '../audit/audit-entry';
import type { Lead } from '../leads/lead';
import type { Source } from './source';
/** Reads sources for ingest and routing. */
export interface SourceDirectory {
  findByKey(key: string): Promise<Source | undefined>;
  get(id: string): Promise<Source | undefined>;
}

/**
 * A claim that makes a delivery count once: the platform's lead id, the sender's
 * `Idempotency-Key`, or a signature (replay protection). Claims expire.
 */
export interface IdempotencyClaim {
  kind: 'externalId' | 'idempotencyKey' | 'signature';
  /** Unique within the source. */
  value: string;
  /** Unix seconds after which the claim no longer counts. */
  expiresAt: number;
}

export type IntakeResult =
  | { stored: true }
  /** An earlier lead holds one of the claims: nothing was stored. */
  | { stored: false; claim: IdempotencyClaim; leadId: string };

/** Stores leads arriving on webhooks, each at most once per claim. */
export interface LeadIntake {
  /** Stores the lead with its claims in one write, unless an earlier lead holds one of them. */
  store(lead: Lead, claims: readonly IdempotencyClaim[]): Promise<IntakeResult>;
}

/** A lead whose details must be fetched from its platform (Meta, LinkedIn) before it can be routed. */
export interface EnrichmentJob {
  leadId: string;
  sourceId: string;
  createdAt: string;
  /** The platform's lead id: Meta's leadgen id (an exact decimal string), LinkedIn's form response id. */
  leadgenId: string;
  /** What the webhook told us (Meta: `leadgen_id`, `form_id`, `page_id`, `ad_id`; LinkedIn: `linkedin_…`). */
  custom: Record<string, string>;
}

/** The queue between the webhook and the enrichment step; failures come back from it. */
export interface EnrichmentQueue {
  enqueue(job: EnrichmentJob): Promise<void>;
}

/** What the Graph API tells about a Meta lead. */
export interface MetaLeadDetails {
  id: string;
  createdTime?: string;
  adId?: string;
  formId?: string;
  campaignId?: string;
  fieldData: { name: string; values: string[] }[];
}

/** Reads Meta leads from the Graph API. */
export interface MetaGraph {
  fetchLead(
    leadgenId: string,
    credentials: { accessToken: string; appSecret: string; apiVersion: string },
  ): Promise<MetaLeadDetails>;
}

/** What LinkedIn's API tells about a lead form response. */
export interface LinkedInLeadDetails {
  id: string;
  submittedAt?: string;
  campaignId?: string;
  /** Each answer named by its question's predefined field (`FIRST_NAME`, ...) or, for a custom question, its name. */
  answers: { name: string; value: string }[];
}

/** Reads lead form responses from LinkedIn's API. */
export interface LinkedInLeads {
  fetchLead(leadId: string, credentials: { accessToken: string; version: string }): Promise<LinkedInLeadDetails>;
}

/** Writes the fetched details onto a waiting lead. */
export interface LeadEnrichmentStore {
  /** Fills in the lead's fields; `not_waiting` when the lead is gone or already past `received`. */
  completeEnrichment(
    leadId: string,
    update: { fields: Lead['fields']; custom: Lead['custom']; at: string },
  ): Promise<'updated' | 'not_waiting'>;
}

/** Sources as admins keep them. */
export interface SourceStore extends SourceDirectory {
  listSources(): Promise<Source[]>;
  saveSource(
    source: Source,
    options: { expectedVersion?: number; previousKey?: string; audit: AuditEntry },
  ): Promise<void>;
  deleteSource(source: Source, audit: AuditEntry): Promise<void>;
}
