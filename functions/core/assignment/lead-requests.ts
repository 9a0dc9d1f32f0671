import { type Decision, OPEN_STATUSES, toLeadMessage } from '../leads/lead';
import type { Clock } from '../shared/ports';
import { DEFAULT_SLA_REASSIGNMENTS } from '../team/pool';
import type { LeadTimerDeps, TimerOutcome } from './lead-timers';
import type { LeadRequest } from './ports';

/**
 * Acts on a lead request, like a timer: it checks the lead is still as the request saw it,
 * and the write that follows is conditioned on that same state, so a request delivered twice,
 * or one the lead has moved past (accepted meanwhile, say), does nothing.
 *
 * - `pass`: the owner passed the lead from their notice. It goes at once to the next eligible
 *   rep by the pool's method, never back to them; the pass is a decision of its own and counts
 *   as one of the SLA's reassignments: past `sla.maxReassignments` the lead goes to the pool's
 *   fallback pool or is held for an admin, as a missed deadline would.
 * - `reassign`: an admin sends a leaving rep's lead back through its pool (`rep_leaving`); the
 *   SLA count stays.
 */
export async function handleLeadRequest(
  deps: LeadTimerDeps & { clock: Clock },
  request: LeadRequest,
): Promise<TimerOutcome> {
  const lead = await deps.leads.get(request.leadId);
  if (!lead?.poolId || lead.repId !== request.repId) return 'no_longer_due';
  const message = toLeadMessage(lead);
  const reassignments = lead.slaReassignments ?? 0;

  if (request.type === 'pass') {
    // The assignment the rep saw: a lead moved away and back is a new one, to pass anew.
    if (lead.status !== 'assigned' || lead.assignedAt !== request.assignedAt) return 'no_longer_due';
    const pool = await deps.pools.getPool(lead.poolId);
    const limit = pool?.sla ? (pool.sla.maxReassignments ?? DEFAULT_SLA_REASSIGNMENTS) : Number.POSITIVE_INFINITY;
    const passed: Decision = {
      at: deps.clock.now().toISOString(),
      outcome: 'passed',
      actor: 'rep',
      poolId: lead.poolId,
      candidates: [],
      skipped: [],
      repId: request.repId,
      ...(request.note ? { note: request.note } : {}),
    };
    const common = {
      from: { status: 'assigned' as const, repId: request.repId, reassignments },
      poolId: lead.poolId,
      constraints: { exclude: [{ repId: request.repId, reason: 'passed' }] },
      preface: [passed],
    };
    deps.metrics.count('LeadsPassed');
    if (reassignments >= limit) {
      deps.metrics.count('SlaExhausted');
      await deps.assigner.assign(message, { ...common, exhausted: 'sla_exhausted' });
    } else {
      await deps.assigner.assign(message, { ...common, reason: 'passed' });
    }
    return 'handled';
  }

  if (!OPEN_STATUSES.includes(lead.status)) return 'no_longer_due';
  deps.metrics.count('LeadsReassignedAway');
  await deps.assigner.assign(message, {
    from: { status: lead.status as 'assigned' | 'accepted', repId: request.repId, reassignments },
    poolId: lead.poolId,
    constraints: { exclude: [{ repId: request.repId, reason: request.reason }] },
    reason: request.reason,
    actor: 'admin',
    keepSlaCount: true,
  });
  return 'handled';
}
