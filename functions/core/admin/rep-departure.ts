import type { LeadRequests } from '../assignment/ports';
import { actionEntry } from '../audit/audit-entry';
import type { AuditRecorder } from '../audit/ports';
import { OPEN_STATUSES } from '../leads/lead';
import type { LeadStore } from '../leads/ports';
import type { Actor } from '../shared/actor';
import { NotFoundError } from '../shared/errors';
import type { Clock } from '../shared/ports';
import type { RepStore } from '../team/ports';

export interface RepDepartureDeps {
  config: Pick<RepStore, 'getRep'>;
  leads: Pick<LeadStore, 'list'>;
  requests: LeadRequests;
  audit: AuditRecorder;
  clock: Clock;
}

/** Most leads one call sends on; `more` says when the rep has others (call again). */
export const REASSIGN_PAGE = 200;

export interface ReassignOpenResult {
  repId: string;
  /** Leads sent back through their pools; each lead's decisions show where it went. */
  queued: string[];
  /** Open leads in no pool (routed nowhere, then assigned by hand): assign these yourself. */
  notInAPool: string[];
  /** The rep has more open leads than one call sends on. */
  more: boolean;
}

/**
 * `POST /admin/reps/{id}/reassign-open`: a rep is leaving. Each of their open leads
 * (assigned or accepted) is sent back through its pool by the assigner: to the next
 * eligible rep by the pool's method (never back to this one), back to the queue of a pull
 * pool, or on to the pool's fallback; the new owner is notified and the lead's decisions
 * record the move (`reason: rep_leaving`, `actor: admin`). The admin may then pause or
 * delete the rep. Recorded in the audit log (a put right after the requests: this call
 * itself writes nothing to put it beside).
 */
export async function reassignOpenLeads(
  deps: RepDepartureDeps,
  repId: string,
  actor: Actor,
): Promise<ReassignOpenResult> {
  const rep = await deps.config.getRep(repId);
  if (!rep) throw new NotFoundError('rep', repId);
  const result: ReassignOpenResult = { repId, queued: [], notInAPool: [], more: false };
  for (const status of OPEN_STATUSES) {
    const room = REASSIGN_PAGE - result.queued.length - result.notInAPool.length;
    if (room <= 0) {
      result.more = true;
      break;
    }
    const { leads, nextCursor } = await deps.leads.list({ repId, status, limit: room });
    if (nextCursor) result.more = true;
    for (const lead of leads) {
      if (lead.repId !== repId) continue;
      if (!lead.poolId) {
        result.notInAPool.push(lead.id);
        continue;
      }
      await deps.requests.request({ type: 'reassign', leadId: lead.id, repId, reason: 'rep_leaving' });
      result.queued.push(lead.id);
    }
  }
  await deps.audit.record(
    actionEntry({
      actor,
      at: deps.clock.now(),
      action: 'open_leads_reassigned',
      entity: { kind: 'rep', id: repId, name: rep.name },
      details: { leadIds: result.queued, notInAPool: result.notInAPool, more: result.more },
    }),
  );
  return result;
}
