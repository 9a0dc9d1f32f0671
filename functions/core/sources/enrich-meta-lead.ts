import * as z from 'zod/mini';
import type { RoutingQueue } from '../assignment/ports';
import type { Clock } from '../shared/ports';
import { DEFAULT_LINKEDIN_VERSION, linkedinDetailsPayload } from './kinds/linkedin-lead-gen';
import { DEFAULT_GRAPH_API_VERSION, metaDetailsPayload } from './kinds/meta-lead-ads';
import { normalisePlatformLead } from './kinds/platform-lead';
import type { EnrichmentJob, LeadEnrichmentStore, LinkedInLeads, MetaGraph, SourceDirectory } from './ports';

export interface EnrichLeadDeps {
  sources: SourceDirectory;
  graph: MetaGraph;
  linkedin: LinkedInLeads;
  leads: LeadEnrichmentStore;
  queue: RoutingQueue;
  clock: Clock;
}

/** What the enrichment queue carries. */
export const EnrichmentJobSchema = z.object({
  leadId: z.string().check(z.minLength(1), z.maxLength(64)),
  sourceId: z.string().check(z.minLength(1), z.maxLength(64)),
  createdAt: z.string(),
  leadgenId: z.string().check(z.regex(/^[\w-]{1,100}$/)),
  custom: z.record(z.string(), z.string()),
});

export type EnrichOutcome =
  /** Details filled in; the lead is on its way to the assigner. */
  | 'queued'
  /** The lead is gone or already routed (a repeated job): nothing to do. */
  | 'not_waiting';

/**
 * Fetches a platform lead's answers (Meta's Graph API, LinkedIn's lead form responses), writes them onto the waiting lead and
 * hands it to the assigner. Any failure (Graph down, token expired) throws: the job comes
 * back from the queue and, after its retries, waits in the dead-letter queue; the lead
 * itself stays stored as `received`, so it is never lost. Repeating a job is harmless.
 * A lead whose source is gone is routed without details (and settles `source_not_found`).
 */
export async function enrichMetaLead(deps: EnrichLeadDeps, job: EnrichmentJob): Promise<EnrichOutcome> {
  const source = await deps.sources.get(job.sourceId);
  let fields = {};
  let custom = job.custom;
  if (source?.kind === 'meta_lead_ads') {
    const details = await deps.graph.fetchLead(job.leadgenId, {
      accessToken: source.accessToken,
      appSecret: source.appSecret,
      apiVersion: source.graphApiVersion ?? DEFAULT_GRAPH_API_VERSION,
    });
    const read = normalisePlatformLead(
      metaDetailsPayload(details),
      source.defaultCountry ? { defaultCountry: source.defaultCountry } : {},
    );
    fields = read.fields;
    custom = { ...read.custom, ...job.custom, ...(details.adId ? { ad_id: details.adId } : {}) };
  } else if (source?.kind === 'linkedin_lead_gen') {
    const details = await deps.linkedin.fetchLead(job.leadgenId, {
      accessToken: source.accessToken,
      version: source.linkedinVersion ?? DEFAULT_LINKEDIN_VERSION,
    });
    const read = normalisePlatformLead(
      linkedinDetailsPayload(details),
      source.defaultCountry ? { defaultCountry: source.defaultCountry } : {},
    );
    fields = read.fields;
    custom = { ...read.custom, ...job.custom };
  }
  const at = deps.clock.now().toISOString();
  if ((await deps.leads.completeEnrichment(job.leadId, { fields, custom, at })) === 'not_waiting') return 'not_waiting';
  await deps.queue.enqueue({ leadId: job.leadId, sourceId: job.sourceId, createdAt: job.createdAt, fields, custom });
  return 'queued';
}
