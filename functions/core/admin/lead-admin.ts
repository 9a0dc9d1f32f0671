import * as z from 'zod/mini';
import type { AssignmentStore, HeldLeadRequeuer, RoutingQueue, Timers } from '../assignment/ports';
import { actionEntry } from '../audit/audit-entry';
import { CLOSE_REASONS, type Decision, type Lead, type LeadStatus, OPEN_STATUSES, toLeadMessage } from '../leads/lead';
import type { LeadStore, LeadTransition, LeadTransitions } from '../leads/ports';
import type { AvailabilityLinkIssuer, LinkIssuer } from '../links/ports';
import { notifyNewOwner } from '../notices/owner-notice';
import type { Notifier } from '../notices/ports';
import type { QueueReminders } from '../pull-queues/queue-reminders';
import { backToQueue, remindEligibleReps } from '../pull-queues/release-to-queue';
import type { Actor } from '../shared/actor';
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
  /** Signs the availability link in a rep's first notice. */
  availabilityLinks?: AvailabilityLinkIssuer;
  /** Sets the accept deadline when the lead's pool has an SLA. */
  timers?: Timers;
  /** Reads a pool's reps and loads to remind them of a lead released back to its queue. */
  store?: Pick<AssignmentStore, 'loadPool'>;
  /** Reminds a pull pool's reps that a released lead waits in its queue again. */
  reminders?: QueueReminders;
}

/** Every state but `closed`: an admin may give any open lead to a rep, whoever holds or is offered it. */
const MANUALLY_ASSIGNABLE: readonly LeadStatus[] = [
  'received',
  'unassigned',
  'held',
  'offered',
  'queued',
  'assigned',
  'accepted',
];

export const ManualAssignSchema = z.strictObject({
  repId: entityId,
  /** Assign even past the rep's caps. */
  force: z.optional(z.boolean()),
});
export type ManualAssign = z.output<typeof ManualAssignSchema>;

/** `POST /admin/leads/{id}/close` body: a reason (required when nobody owns the lead) and a note. */
export const CloseLeadSchema = z.strictObject({
  reason: z.optional(z.enum(CLOSE_REASONS)),
  note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))),
});
export type CloseLead = z.output<typeof CloseLeadSchema>;

/** "a closed lead", "an unassigned lead": for messages. */
export function aLead(status: LeadStatus): string {
  return `${/^[aeiou]/.test(status) ? 'An' : 'A'} ${status} lead`;
}

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

/** The owner a lead has now, if a rep owns it. */
function ownerOf(lead: Lead): string | undefined {
  return lead.repId && OPEN_STATUSES.includes(lead.status) ? lead.repId : undefined;
}

/** The audit entry of an admin's action on a lead, written with the lead's move. */
function leadEntry(actor: Actor, at: Date, lead: Lead, action: 'assigned' | 'released' | 'closed', details: object) {
  return actionEntry({
    actor,
    at,
    action,
    entity: { kind: 'lead', id: lead.id },
    details: { statusBefore: lead.status, ...(lead.repId ? { repIdBefore: lead.repId } : {}), ...details },
  });
}

/**
 * `POST /admin/leads/{id}/assign`: an admin gives the lead to a named rep, whatever state
 * it is in short of closed (an open offer is withdrawn, a held or queued lead leaves its
 * wait, an owner loses it). One conditional write: the lead must still be as read, and the
 * rep's caps hold unless `force`. Status, away and working hours do not stop an admin.
 */
export async function assignLeadManually(
  deps: LeadAdminDeps,
  id: string,
  input: ManualAssign,
  actor: Actor,
): Promise<Lead> {
  const lead = await leadOf(deps, id);
  const rep = await deps.config.getRep(input.repId);
  if (!rep) {
    throw new ValidationError('No such rep', [
      { path: 'repId', code: 'unknown_rep', message: `No rep has the id ${input.repId}` },
    ]);
  }
  if (!MANUALLY_ASSIGNABLE.includes(lead.status)) {
    throw new ConflictError(`${aLead(lead.status)} cannot be assigned`, { status: lead.status }, 'lead_not_assignable');
  }
  const owner = ownerOf(lead);
  if (owner === rep.id) return lead;

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
  const audit = leadEntry(actor, now, lead, 'assigned', { repId: rep.id, ...(input.force ? { force: true } : {}) });
  let firstLead = false;
  // Two tries: the counters read may be a day behind (the rep's day rolled over meanwhile).
  for (let attempt = 1; ; attempt++) {
    const loads = await deps.loads.loadRepLoads([rep.id]);
    const load = loads.get(rep.id) ?? NO_LOAD;
    firstLead = !loads.has(rep.id);
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
      releases: owner ? [owner] : [],
      at: decision.at,
      audit,
    });
    if (result === 'applied') break;
    if (result === 'lead_changed' || result === 'contended') throw changed(lead);
    if (attempt >= 2) throw atCap(rep, 'caps');
  }
  const pool = lead.poolId ? await deps.config.getPool(lead.poolId) : undefined;
  await notifyNewOwner(deps, {
    leadId: lead.id,
    fields: lead.fields,
    repId: rep.id,
    rep,
    sla: pool?.sla,
    reassignments: lead.slaReassignments ?? 0,
    now,
    assignedAt: decision.at,
    firstNotice: firstLead,
  });
  if (owner) await requeueForOwner(deps, owner);
  return leadOf(deps, id);
}

/**
 * `POST /admin/leads/{id}/release`: takes the lead from its owner. In a pull pool it goes
 * back to the pool's queue (`queued`, at its original place) and the pool's reps are
 * reminded; otherwise it becomes `unassigned` and, unless its pool is manual, is routed
 * again at once (never back to a rep who missed or passed it).
 */
export async function releaseLead(deps: LeadAdminDeps, id: string, actor: Actor): Promise<Lead> {
  const lead = await leadOf(deps, id);
  const owner = ownerOf(lead);
  if (!owner) {
    throw new ConflictError(
      `${aLead(lead.status)} has no owner to release it from`,
      { status: lead.status },
      'lead_not_owned',
    );
  }
  const now = deps.clock.now();
  const audit = leadEntry(actor, now, lead, 'released', {});
  const pool = lead.poolId ? await deps.config.getPool(lead.poolId) : undefined;
  if (pool && isPullMethod(pool.method)) {
    const move = { ...backToQueue(lead, pool, owner, 'admin', now.toISOString()), audit };
    if ((await deps.transitions.apply(move)) !== 'applied') throw changed(lead);
    await remindEligibleReps(deps, pool.id, lead.id, [owner], now).catch(() => undefined);
    await requeueForOwner(deps, owner);
    return leadOf(deps, id);
  }
  const result = await deps.transitions.apply({
    leadId: lead.id,
    createdAt: lead.createdAt,
    from: [lead.status],
    owner,
    to: { status: 'unassigned', repId: null },
    decision: {
      at: now.toISOString(),
      outcome: 'released',
      actor: 'admin',
      ...(lead.poolId ? { poolId: lead.poolId } : {}),
      candidates: [],
      skipped: [],
      previousRepId: owner,
    },
    releases: [owner],
    at: now.toISOString(),
    audit,
  });
  if (result !== 'applied') throw changed(lead);
  const released = await leadOf(deps, id);
  if (pool && pool.method !== 'manual') await deps.queue.enqueue(toLeadMessage(released));
  await requeueForOwner(deps, owner);
  return released;
}

/**
 * `POST /admin/leads/{id}/close`: the lead is finished, whatever state it is in. An owner's
 * capacity is freed; a lead nobody owns (received, waiting, held, offered, queued) needs a
 * reason (`spam`, `duplicate`, `invalid`, `other`). An open offer is withdrawn with it.
 */
export async function closeLead(deps: LeadAdminDeps, id: string, input: CloseLead, actor: Actor): Promise<Lead> {
  const lead = await leadOf(deps, id);
  if (lead.status === 'closed') return lead;
  const owner = ownerOf(lead);
  if (!owner && !input.reason) {
    throw new ValidationError('Closing a lead nobody owns needs a reason', [
      { path: 'reason', code: 'required', message: `Say why: ${CLOSE_REASONS.join(', ')}` },
    ]);
  }
  const now = deps.clock.now();
  const why = { ...(input.reason ? { reason: input.reason } : {}), ...(input.note ? { note: input.note } : {}) };
  const move: LeadTransition = {
    leadId: lead.id,
    createdAt: lead.createdAt,
    from: [lead.status],
    owner: lead.repId ?? null,
    to: { status: 'closed', repId: owner ?? null },
    decision: {
      at: now.toISOString(),
      outcome: 'closed',
      actor: 'admin',
      ...(lead.poolId ? { poolId: lead.poolId } : {}),
      candidates: [],
      skipped: [],
      ...(owner ? { repId: owner } : {}),
      ...why,
    },
    releases: owner ? [owner] : [],
    at: now.toISOString(),
    audit: leadEntry(actor, now, lead, 'closed', why),
  };
  if ((await deps.transitions.apply(move)) !== 'applied') throw changed(lead);
  if (owner) await requeueForOwner(deps, owner);
  return leadOf(deps, id);
}

/** A rep's capacity was freed: leads waiting in their pools may now find a home. */
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
