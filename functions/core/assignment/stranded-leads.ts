import { type Decision, type Lead, type LeadFailure, toLeadMessage } from '../leads/lead';
import type { LeadRecovery, LeadStore } from '../leads/ports';
import type { EnrichmentJob, EnrichmentQueue } from '../sources/ports';
import type { RoutingQueue } from './ports';

// Leads routing could not settle. A lead is stored before its message is queued, so none is
// lost; but a message can be lost (a crash between the two writes, a function timeout) or
// fail every delivery (a poison lead). Such leads must neither wait unseen nor come back
// forever: the sweeper requeues a `received` lead a bounded number of times, one message
// at a time, then marks it `failed`; a message that exhausted its deliveries marks its lead
// `failed` at once. Failed leads wait, visible, until an admin redrives them.

/** How the sweeper treats leads stored but not routed. */
export interface StrandedPolicy {
  /** A `received` lead older than this is stranded. */
  strandedAfterMs: number;
  /**
   * The life of one queue message, deliveries and retries included: a lead is requeued
   * again only when its last message must be gone, so it never has two at once.
   */
  routeMessageLifetimeMs: number;
  /** The same for the enrichment job of a Meta lead still waiting for its details. */
  enrichmentJobLifetimeMs: number;
  /** Requeues by the sweeper before the lead is marked `failed` instead. */
  maxRequeues: number;
  /** Most stranded candidates one sweep reads, oldest first (those still waiting included). */
  maxScanned: number;
  /** Most leads one sweep requeues or marks failed; the next sweep goes on from the oldest. */
  maxActedOn: number;
}

export interface StrandedLeadDeps {
  leads: Pick<LeadStore, 'list'>;
  recovery: LeadRecovery;
  queue: RoutingQueue;
  enrichment: EnrichmentQueue;
}

/** What one sweep did with the stranded leads it read. */
export interface StrandedSweep {
  requeued: number;
  failed: number;
  /** Still within the life of their last message. */
  waiting: number;
}

const SWEEP_PAGE = 200;

/**
 * Requeues `received` leads older than the policy's threshold, oldest first and page after
 * page (a lead waiting for its last message never hides newer ones), each at most once per
 * message lifetime; a lead requeued `maxRequeues` times is marked `failed` instead.
 */
export async function sweepStrandedLeads(
  deps: StrandedLeadDeps,
  policy: StrandedPolicy,
  now: Date,
): Promise<StrandedSweep> {
  const result: StrandedSweep = { requeued: 0, failed: 0, waiting: 0 };
  const createdBefore = new Date(now.getTime() - policy.strandedAfterMs).toISOString();
  let cursor: string | undefined;
  let scanned = 0;
  do {
    const page = await deps.leads.list({
      status: 'received',
      createdBefore,
      oldestFirst: true,
      limit: Math.min(SWEEP_PAGE, policy.maxScanned - scanned),
      ...(cursor ? { cursor } : {}),
    });
    for (const lead of page.leads) {
      scanned++;
      result[await sweepOne(deps, policy, lead, now)]++;
      if (result.requeued + result.failed >= policy.maxActedOn) return result;
    }
    cursor = page.nextCursor;
  } while (cursor && scanned < policy.maxScanned);
  return result;
}

async function sweepOne(
  deps: StrandedLeadDeps,
  policy: StrandedPolicy,
  lead: Lead,
  now: Date,
): Promise<keyof StrandedSweep> {
  const enriching = lead.enrichment === 'pending';
  const lifetime = enriching ? policy.enrichmentJobLifetimeMs : policy.routeMessageLifetimeMs;
  // A Meta lead's first job lives as long as any: it is not stranded before that job is gone.
  if (enriching && Date.parse(lead.createdAt) > now.getTime() - lifetime) return 'waiting';
  const lastMessageGoneBy = new Date(now.getTime() - lifetime).toISOString();
  if (lead.requeuedAt && lead.requeuedAt > lastMessageGoneBy) return 'waiting';
  const at = now.toISOString();
  if ((lead.requeues ?? 0) >= policy.maxRequeues) {
    const error = `Not routed after ${lead.requeues} requeues by the sweeper: its messages failed or were lost`;
    const attempts = lead.requeues ?? 0;
    const marked = await markFailed(deps.recovery, lead, {
      reason: 'never_routed',
      error,
      at,
      from: 'received',
      attempts,
    });
    return marked ? 'failed' : 'waiting';
  }
  if (!(await deps.recovery.noteRequeued(lead.id, at, lastMessageGoneBy))) return 'waiting';
  if (enriching) await deps.enrichment.enqueue(enrichmentJobOf(lead));
  else await deps.queue.enqueue(toLeadMessage(lead));
  return 'requeued';
}

/**
 * The last delivery of a lead's message failed: the lead becomes `failed`, with the error,
 * unless it moved on meanwhile (then nothing happens). The message itself goes to the
 * dead-letter queue as usual.
 */
export async function recordDeliveryFailure(
  recovery: LeadRecovery,
  lead: Pick<Lead, 'id' | 'createdAt'>,
  error: unknown,
  deliveries: number,
  now: Date,
): Promise<boolean> {
  const text = errorText(error);
  const at = now.toISOString();
  // A lead never routed is `received`; one held and sent round again is `unassigned`.
  for (const from of ['received', 'unassigned'] as const) {
    if (
      await markFailed(recovery, lead, { reason: 'deliveries_exhausted', error: text, at, from, attempts: deliveries })
    )
      return true;
  }
  return false;
}

function markFailed(recovery: LeadRecovery, lead: Pick<Lead, 'id' | 'createdAt'>, failure: LeadFailure) {
  const decision: Decision = { at: failure.at, outcome: 'failed', candidates: [], skipped: [], reason: failure.reason };
  return recovery.markFailed(lead, failure, decision);
}

/** What a redrive did; `skipped` leads had left `failed` meanwhile. */
export interface RedriveProgress {
  redriven: number;
  skipped: number;
}

/**
 * Sends every `failed` lead round again, oldest first: each goes back to the status it
 * failed from (its failure cleared, a `redriven` decision recorded) and onto its queue.
 * `onPage` hears the running totals after each page.
 */
export async function redriveFailedLeads(
  deps: StrandedLeadDeps & { clock: { now(): Date } },
  onPage: (progress: RedriveProgress) => void = () => undefined,
): Promise<RedriveProgress> {
  const progress: RedriveProgress = { redriven: 0, skipped: 0 };
  const seen = new Set<string>();
  for (;;) {
    // Each redriven lead leaves `failed`, so the first page is always the next one.
    const { leads } = await deps.leads.list({ status: 'failed', oldestFirst: true, limit: 100 });
    const fresh = leads.filter((lead) => !seen.has(lead.id));
    if (fresh.length === 0) return progress;
    for (const lead of fresh) {
      seen.add(lead.id);
      const at = deps.clock.now().toISOString();
      const decision: Decision = { at, outcome: 'redriven', actor: 'admin', candidates: [], skipped: [] };
      if (!(await deps.recovery.reopenFailed(lead, decision, at))) {
        progress.skipped++;
        continue;
      }
      if (lead.enrichment === 'pending') await deps.enrichment.enqueue(enrichmentJobOf(lead));
      else await deps.queue.enqueue(toLeadMessage(lead));
      progress.redriven++;
    }
    onPage({ ...progress });
  }
}

/** The enrichment job for a stored lead that still waits for its ad-platform details. */
function enrichmentJobOf(lead: Lead): EnrichmentJob {
  return {
    leadId: lead.id,
    sourceId: lead.sourceId,
    createdAt: lead.createdAt,
    leadgenId: lead.custom.leadgen_id ?? '',
    custom: lead.custom,
  };
}

/** An error as an admin reads it on the lead: its message, bounded. */
function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
