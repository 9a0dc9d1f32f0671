import { NotFoundError } from './errors';
import { newUlid } from './ids';
import { LEAD_LIMITS, normaliseLead, toLeadMessage, type Lead } from './lead';
import type { Clock, LeadQueue, LeadStore, SourceDirectory } from './ports';

export interface ReceiveLeadDeps {
  sources: SourceDirectory;
  leads: LeadStore;
  queue: LeadQueue;
  clock: Clock;
}

export interface LeadSubmission {
  sourceKey: string;
  payload: Record<string, unknown>;
  /** The body as received, kept (bounded) for audit. */
  raw: string;
  rawContentType?: string;
}

/**
 * Accepts a lead from a source's webhook: normalises it, stores it as `received`, then
 * queues it for routing. The lead is stored before it is queued, so a queue failure
 * leaves a visible `received` lead rather than none.
 */
export async function receiveLead(deps: ReceiveLeadDeps, submission: LeadSubmission): Promise<{ leadId: string }> {
  const source = await deps.sources.findByKey(submission.sourceKey);
  if (!source) throw new NotFoundError('source');
  const { fields, custom } = normaliseLead(submission.payload, {
    ...(source.defaultCountry ? { defaultCountry: source.defaultCountry } : {}),
  });
  const now = deps.clock.now();
  const at = now.toISOString();
  const lead: Lead = {
    id: newUlid(now.getTime()),
    sourceId: source.id,
    status: 'received',
    createdAt: at,
    updatedAt: at,
    fields,
    custom,
    raw: submission.raw.slice(0, LEAD_LIMITS.rawLength),
    ...(submission.rawContentType ? { rawContentType: submission.rawContentType } : {}),
    decisions: [],
  };
  await deps.leads.create(lead);
  await deps.queue.enqueue(toLeadMessage(lead));
  return { leadId: lead.id };
}
