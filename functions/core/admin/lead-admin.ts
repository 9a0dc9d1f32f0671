import * as z from 'zod/mini';
import type { AssignmentStore, HeldLeadRequeuer, RoutingQueue, Timers } from '../assignment/ports';
import { type Decision, type Lead, type LeadStatus, toLeadMessage } from '../leads/lead';
import type { LeadStore, LeadTransitions } from '../leads/ports';
import type { LinkIssuer } from '../links/ports';
import { notifyNewOwner } from '../notices/owner-notice';
import type { Notifier } from '../notices/ports';
import type { QueueReminders } from '../pull-queues/queue-reminders';
import { backToQueue, remindEligibleReps } from '../pull-queues/release-to-queue';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { entityId } from '../shared/validation';
import { isPullMethod } from '../team/pool';
import type { PoolStore, RepLoadReader, RepStore } from '../team/ports';
import { assignedToday, NO_LOAD, oneMoreLead, type Rep, repToday } from '../team/rep';
import type { AdminDeps } from './admin-deps';

export interface LeadAdminDeps extends AdminDeps<Pick<RepStore, 'getRep'> & Pick<PoolStore, 'getPool' | 'listPools'>> {
  leads: LeadStore;
  transitions: LeadTransitions;
  loads: RepLoadReader;
  notifier: Notifier;
  queue: RoutingQueue;
  requeueHeld: HeldLeadRequeuer;
  /** Signs the accept link in the new owner's notice. */
  links?: LinkIssuer;
  /** Sets the accept deadline when the lead's pool has an SLA. */
  timers?: Timers;
  /** Reads a pool's reps and loads to remind them of a lead released back to its queue. */
  store?: Pick<AssignmentStore, 'loadPool'>;
  /** Reminds a pull pool's reps that a released lead waits in its queue again. */
  reminders?: QueueReminders;
}

/** States an admin may assign a lead from (an assigned lead is reassigned; a queued one leaves its queue). */
const MANUALLY_ASSIGNABLE: readonly LeadStatus[] = ['received', 'unassigned', 'assigned', 'queued'];
/** States in which a lead has an owner who can lose it or finish it. */
const OWNED: readonly LeadStatus[] = ['assigned', 'accepted'];

export const ManualAssignSchema = z.strictObject({
  repId: entityId,
  /** Assign even past the rep's caps. */
  force: z.optional(z.boolean()),
});
export type ManualAssign = z.output<typeof ManualAssignSchema>;

async function leadOf(deps: LeadAdminDeps, id: string): Promise<Lead> {
  const lead = await deps.leads.get(id);
  if (!lead) throw new NotFoundError('lead', id);
  return lead;
}

function changed(lead: Lead): ConflictError {
  return new ConflictError(
    'The lead changed while this request was handled; read it again',
    { leadId: lead.id },
    'lead_changed',
  );
}

/**
 * `POST /admin/leads/{id}/assign`: an admin gives the lead to a named rep (or moves it
 * from its owner). One conditional write: the lead must still be as read, and the rep's
 * caps hold unless `force`. Status, away and working hours do not stop an admin.
 */
export async function assignLeadManually(deps: LeadAdminDeps, id: string, input: ManualAssign): Promise<Lead> {
  const lead = await leadOf(deps, id);
  const rep = await deps.config.getRep(input.repId);
  if (!rep) {
    throw new ValidationError('No such rep', [
      { path: 'repId', code: 'unknown_rep', message: `No rep has the id ${input.repId}` },
    ]);
  }
  if (!MANUALLY_ASSIGNABLE.includes(lead.status)) {
    throw new ConflictError(`A ${lead.status} lead cannot be assigned`, { status: lead.status }, 'lead_not_assignable');
  }
  if (lead.repId === rep.id && lead.status === 'assigned') return lead;

  const now = deps.clock.now();
  const decision: Decision = {
    at: now.toISOString(),
    outcome: 'assigned',
    actor: 'admin',
    method: 'manual',
    ...(lead.poolId ? { poolId: lead.poolId } : {}),
    candidates: [rep.id],
    skipped: [],
    repId: rep.id,
    ...(lead.repId ? { previousRepId: lead.repId } : {}),
  };
  // Two tries: the counters read may be a day behind (the rep's day rolled over meanwhile).
  for (let attempt = 1; ; attempt++) {
    const load = (await deps.loads.loadRepLoads([rep.id])).get(rep.id) ?? NO_LOAD;
    if (!input.force) {
      if (rep.maxOpen !== undefined && load.open >= rep.maxOpen) throw atCap(rep, 'maxOpen');
      if (rep.maxPerDay !== undefined && assignedToday(load, repToday(rep, now)) >= rep.maxPerDay)
        throw atCap(rep, 'maxPerDay');
    }
    const result = await deps.transitions.apply({
      leadId: lead.id,
      createdAt: lead.createdAt,
      from: [lead.status],
      owner: lead.repId ?? null,
      to: { status: 'assigned', repId: rep.id },
      decision,
      load: oneMoreLead(rep, load, now, input.force ?? false),
      releases: lead.repId && lead.status === 'assigned' ? [lead.repId] : [],
      at: decision.at,
    });
    if (result === 'applied') break;
    if (result === 'lead_changed' || result === 'contended') throw changed(lead);
    if (attempt >= 2) throw atCap(rep, 'caps');
  }
  const pool = lead.poolId ? await deps.config.getPool(lead.poolId) : undefined;
  const reassignments = pool?.sla && deps.timers ? ((await leadOf(deps, id)).slaReassignments ?? 0) : 0;
  await notifyNewOwner(deps, {
    leadId: lead.id,
    fields: lead.fields,
    repId: rep.id,
    rep,
    sla: pool?.sla,
    reassignments,
    now,
    assignedAt: decision.at,
  });
  if (lead.repId && lead.repId !== rep.id) await requeueForOwner(deps, lead.repId);
  return leadOf(deps, id);
}

/**
 * `POST /admin/leads/{id}/release`: takes the lead from its owner. In a pull pool it goes
 * back to the pool's queue (`queued`, at its original place) and the pool's reps are
 * reminded; otherwise it becomes `unassigned` and, unless its pool is manual, is routed
 * again at once.
 */
export async function releaseLead(deps: LeadAdminDeps, id: string): Promise<Lead> {
  const lead = await leadOf(deps, id);
  if (!OWNED.includes(lead.status) || !lead.repId) {
    throw new ConflictError(
      `A ${lead.status} lead has no owner to release it from`,
      { status: lead.status },
      'lead_not_owned',
    );
  }
  const now = deps.clock.now();
  const pool = lead.poolId ? await deps.config.getPool(lead.poolId) : undefined;
  if (pool && isPullMethod(pool.method)) {
    const result = await deps.transitions.apply(backToQueue(lead, pool, lead.repId, 'admin', now.toISOString()));
    if (result !== 'applied') throw changed(lead);
    await remindEligibleReps(deps, pool.id, lead.id, [lead.repId], now).catch(() => undefined);
    await requeueForOwner(deps, lead.repId);
    return leadOf(deps, id);
  }
  const result = await deps.transitions.apply({
    leadId: lead.id,
    createdAt: lead.createdAt,
    from: [lead.status],
    owner: lead.repId,
    to: { status: 'unassigned', repId: null },
    decision: {
      at: now.toISOString(),
      outcome: 'released',
      actor: 'admin',
      ...(lead.poolId ? { poolId: lead.poolId } : {}),
      candidates: [],
      skipped: [],
      previousRepId: lead.repId,
    },
    releases: [lead.repId],
    at: now.toISOString(),
  });
  if (result !== 'applied') throw changed(lead);
  if (pool && pool.method !== 'manual') await deps.queue.enqueue(toLeadMessage(lead));
  await requeueForOwner(deps, lead.repId);
  return leadOf(deps, id);
}

/** `POST /admin/leads/{id}/close`: the lead is done; its owner's capacity is freed. */
export async function closeLead(deps: LeadAdminDeps, id: string): Promise<Lead> {
  const lead = await leadOf(deps, id);
  if (lead.status === 'closed') return lead;
  if (!OWNED.includes(lead.status) || !lead.repId) {
    throw new ConflictError(`A ${lead.status} lead cannot be closed`, { status: lead.status }, 'lead_not_owned');
  }
  const now = deps.clock.now();
  const result = await deps.transitions.apply({
    leadId: lead.id,
    createdAt: lead.createdAt,
    from: [lead.status],
    owner: lead.repId,
    to: { status: 'closed', repId: lead.repId },
    decision: {
      at: now.toISOString(),
      outcome: 'closed',
      actor: 'admin',
      ...(lead.poolId ? { poolId: lead.poolId } : {}),
      candidates: [],
      skipped: [],
      repId: lead.repId,
    },
    releases: [lead.repId],
    at: now.toISOString(),
  });
  if (result !== 'applied') throw changed(lead);
  await requeueForOwner(deps, lead.repId);
  return leadOf(deps, id);
}

/** A rep's capacity was freed: leads held in their pools may now find a home. */
async function requeueForOwner(deps: LeadAdminDeps, repId: string) {
  const pools = (await deps.config.listPools()).filter((p) => p.members.some((m) => m.repId === repId));
  if (pools.length > 0) await deps.requeueHeld(pools.map((p) => p.id));
}

function atCap(rep: Rep, which: string): ConflictError {
  return new ConflictError(
    `${rep.name} is at their ${which === 'caps' ? 'caps' : which}; send "force": true to assign anyway`,
    { repId: rep.id, maxOpen: rep.maxOpen ?? null, maxPerDay: rep.maxPerDay ?? null },
    'rep_at_capacity',
  );
}
