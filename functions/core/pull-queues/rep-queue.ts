import * as z from 'zod/mini';
import { oneMoreLead } from '../admin/lead-admin';
import type { AssignmentStore, Timers } from '../assignment/ports';
import type { Decision, Lead, LeadFields, LeadStatus } from '../leads/lead';
import type { LeadStore, LeadTransitions, TransitionResult } from '../leads/ports';
import { DEFAULT_LINK_TTL_SECONDS, type LinkSigner, type QueueLinkClaims } from '../links/link-tokens';
import type { LinkIssuer } from '../links/ports';
import { notifyNewOwner } from '../notices/owner-notice';
import type { Notifier } from '../notices/ports';
import { NotFoundError, ValidationError } from '../shared/errors';
import type { Clock, Metrics, Random } from '../shared/ports';
import { entityId } from '../shared/validation';
import type { Source } from '../sources/source';
import {
  isPullMethod,
  type Pool,
  type PullMethod,
  type QueueOrder,
  queueLinkTtlSeconds,
  queueOrder,
} from '../team/pool';
import { ineligibility, NO_LOAD, type Rep, type RepLoad, type SkipReason } from '../team/rep';
import type { QueuedLeadKey, QueuedLeadPreview, QueuedLeads } from './ports';
import { backToQueue, remindEligibleReps } from './queue-rank';
import type { QueueReminders } from './queue-reminders';

export interface RepQueueDeps {
  signer: LinkSigner;
  leads: Pick<LeadStore, 'get' | 'list'>;
  queued: QueuedLeads;
  config: {
    getRep(id: string): Promise<Rep | undefined>;
    getPool(id: string): Promise<Pool | undefined>;
    /** Sources, for the source name on preview cards. */
    get(sourceId: string): Promise<Source | undefined>;
  };
  loads: { loadRepLoads(repIds: readonly string[]): Promise<Map<string, RepLoad>> };
  transitions: LeadTransitions;
  /** The taker's notice (an accept link), like any other assignment's. */
  notifier: Notifier;
  links?: LinkIssuer;
  timers?: Timers;
  /** Reads the pool's reps to remind them when a lead goes back to the queue. */
  store?: Pick<AssignmentStore, 'loadPool'>;
  reminders?: QueueReminders;
  clock: Clock;
  metrics: Metrics;
  /** Jitter for the pause before trying a contended lead again. */
  random: Random;
  /** The pause before trying a contended lead again (tests make it instant). */
  sleep?: (ms: number) => Promise<void>;
}

/** Cards a preview queue lists at most: reps pick among the first ones in the pool's order. */
export const QUEUE_PAGE_SIZE = 25;
/** The waiting count is exact up to this; beyond it the queue says "100+". Counting costs reads. */
export const QUEUE_COUNT_LIMIT = 100;
/** Waiting leads read per look at the queue when taking the next one. */
const NEXT_PEEK = 10;
/** Looks at the queue per "next": each look starts again from its head. */
const MAX_PEEKS = 5;
/** Conditional writes per request, all attempts included; past it the rep is asked to try again. */
const MAX_TAKE_TRIES = 40;
/** The rep's own leads from the pool shown on the queue page, per state. */
const MINE_LIMIT = 10;
/** States in which a lead has an owner who may put it back. */
const OWNED: readonly LeadStatus[] = ['assigned', 'accepted'];

/**
 * Where a queue request stands. `open` (200: the queue), `done` (200: the rep took a lead),
 * `released` (200: the rep put one back), `empty`, `taken`, `already_yours`, `at_capacity`
 * and `not_yours` (409), `unavailable` (403: paused, away or off hours; `reason` says
 * which), `not_member` (403: no longer in the pool, or the pool no longer pulls), `forged`
 * (403), `not_found` (404), `expired` (410), `busy` (503: too many reps at once).
 */
export type QueueState =
  | 'open'
  | 'done'
  | 'released'
  | 'empty'
  | 'taken'
  | 'already_yours'
  | 'at_capacity'
  | 'not_yours'
  | 'unavailable'
  | 'not_member'
  | 'forged'
  | 'not_found'
  | 'expired'
  | 'busy';

/** A waiting lead as a preview queue shows it: partial data only, never contact details or free text. */
export interface QueueCard {
  id: string;
  receivedAt: string;
  /** Whole minutes since the lead arrived. */
  ageMinutes: number;
  firstName?: string;
  city?: string;
  region?: string;
  /** The name of the source the lead came from. */
  source?: string;
  product?: string;
  score?: number;
}

/** A lead the rep owns: everything about it, and the link to accept it. */
export interface OwnLead {
  id: string;
  status: LeadStatus;
  fields: LeadFields;
  custom?: Record<string, string>;
  receivedAt: string;
  acceptUrl?: string;
}

/** What a queue page or JSON answer shows. */
export interface QueueView {
  state: QueueState;
  repName?: string;
  pool?: { id: string; name: string; method: PullMethod; order: QueueOrder };
  /** How many leads wait: exact below `QUEUE_COUNT_LIMIT`, else at least that (`more`). */
  waiting?: { count: number; more: boolean };
  /** Preview queues: the first waiting leads, in the pool's order. */
  leads?: QueueCard[];
  /** The lead the rep just took (or already has). */
  lead?: OwnLead;
  /** How many leads ahead in the queue other reps took first while this request was served. */
  missed?: number;
  /** A preview take lost the race: the lead the rep could take instead. */
  next?: QueueCard;
  /** The rep's own leads from this pool, which they may put back. */
  mine?: OwnLead[];
  /** Why the rep may not take leads now (`open`, `unavailable`, `at_capacity`). */
  reason?: SkipReason;
}

interface Resolved {
  claims: QueueLinkClaims;
  rep: Rep;
  pool: Pool & { method: PullMethod };
}

async function resolveQueue(deps: RepQueueDeps, token: string): Promise<Resolved | QueueView> {
  const verified = deps.signer.verify(token, deps.clock.now().getTime());
  if (!verified.ok) return { state: verified.problem };
  const { claims } = verified;
  // A claim or accept link is bound to one lead; it never opens a queue.
  if (claims.purpose !== 'queue') return { state: 'forged' };
  const [rep, pool] = await Promise.all([deps.config.getRep(claims.repId), deps.config.getPool(claims.poolId)]);
  if (!rep || !pool) return { state: 'not_found' };
  // Membership is read afresh on every request: a rep taken out of the pool loses the queue at once.
  if (!isPullMethod(pool.method) || !pool.members.some((m) => m.repId === rep.id))
    return { state: 'not_member', repName: rep.name };
  return { claims, rep, pool: pool as Resolved['pool'] };
}

function base(r: Resolved, state: QueueState): QueueView {
  return {
    state,
    repName: r.rep.name,
    pool: { id: r.pool.id, name: r.pool.name, method: r.pool.method, order: queueOrder(r.pool) },
  };
}

/** The card a preview queue shows of a waiting lead: a whitelist of fields, whatever was read. */
export function queueCard(preview: QueuedLeadPreview, sourceName: string | undefined, now: Date): QueueCard {
  const { firstName, city, region, product, score } = preview.fields;
  return {
    id: preview.id,
    receivedAt: preview.createdAt,
    ageMinutes: Math.max(0, Math.floor((now.getTime() - Date.parse(preview.createdAt)) / 60_000)),
    ...(firstName !== undefined ? { firstName } : {}),
    ...(city !== undefined ? { city } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(sourceName !== undefined ? { source: sourceName } : {}),
    ...(product !== undefined ? { product } : {}),
    ...(score !== undefined ? { score } : {}),
  };
}

/** The first `limit` waiting leads as cards, in the pool's order (only their preview fields are read). */
async function cards(deps: RepQueueDeps, pool: Pool, limit: number, now: Date): Promise<QueueCard[]> {
  const keys = await deps.queued.peek(pool.id, queueOrder(pool), limit);
  if (keys.length === 0) return [];
  const previews = await deps.queued.previews(
    pool.id,
    keys.map((k) => k.leadId),
  );
  const sourceIds = [...new Set(previews.map((p) => p.sourceId))];
  const names = new Map(
    await Promise.all(sourceIds.map(async (id) => [id, (await deps.config.get(id))?.name] as const)),
  );
  return previews.map((p) => queueCard(p, names.get(p.sourceId), now));
}

function ownLead(deps: RepQueueDeps, lead: Lead, repId: string, now: Date): OwnLead {
  const acceptUrl = deps.links?.({
    purpose: 'accept',
    leadId: lead.id,
    repId,
    expiresAt: Math.floor(now.getTime() / 1000) + DEFAULT_LINK_TTL_SECONDS,
  });
  return {
    id: lead.id,
    status: lead.status,
    fields: lead.fields,
    ...(Object.keys(lead.custom).length ? { custom: lead.custom } : {}),
    receivedAt: lead.createdAt,
    ...(acceptUrl ? { acceptUrl } : {}),
  };
}

async function mineOf(deps: RepQueueDeps, r: Resolved, now: Date): Promise<OwnLead[]> {
  const lists = await Promise.all(
    OWNED.map((status) => deps.leads.list({ repId: r.rep.id, poolId: r.pool.id, status, limit: MINE_LIMIT })),
  );
  return lists.flatMap((list) => list.leads).map((lead) => ownLead(deps, lead, r.rep.id, now));
}

async function waitingIn(deps: RepQueueDeps, pool: Pool): Promise<QueueView['waiting']> {
  const count = await deps.queued.count(pool.id, QUEUE_COUNT_LIMIT + 1);
  return count > QUEUE_COUNT_LIMIT ? { count: QUEUE_COUNT_LIMIT, more: true } : { count, more: false };
}

/** The rep's counters now, and why they may not take a lead (status, away, hours, caps), if so. */
async function readiness(deps: RepQueueDeps, r: Resolved, now: Date): Promise<{ load: RepLoad; reason?: SkipReason }> {
  const load = (await deps.loads.loadRepLoads([r.rep.id])).get(r.rep.id) ?? NO_LOAD;
  const reason = ineligibility(r.rep, now, load, { respectWorkingHours: r.pool.respectWorkingHours ?? false });
  return { load, ...(reason ? { reason } : {}) };
}

function refused(r: Resolved, reason: SkipReason): QueueView {
  const capped = reason === 'at_max_open' || reason === 'at_max_per_day';
  return { ...base(r, capped ? 'at_capacity' : 'unavailable'), reason };
}

/**
 * One take: the lead must still wait in this pool's queue, and the rep's counters move
 * under their caps, in one conditional transaction. The decision says a rep took it.
 */
function attemptTake(
  deps: RepQueueDeps,
  r: Resolved,
  key: QueuedLeadKey,
  load: RepLoad,
  now: Date,
): Promise<TransitionResult> {
  const at = now.toISOString();
  const decision: Decision = {
    at,
    outcome: 'assigned',
    actor: 'rep',
    poolId: r.pool.id,
    method: r.pool.method,
    candidates: [r.rep.id],
    skipped: [],
    repId: r.rep.id,
  };
  return deps.transitions.apply({
    leadId: key.leadId,
    createdAt: key.createdAt,
    from: ['queued'],
    owner: null,
    inPool: r.pool.id,
    to: { status: 'assigned', repId: r.rep.id, poolId: r.pool.id },
    decision,
    load: oneMoreLead(r.rep, load, now, false),
    releases: [],
    at,
  });
}

/** After a take: the same effects as any assignment (accept deadline, notice with accept link). */
async function took(deps: RepQueueDeps, r: Resolved, leadId: string, now: Date, missed: number): Promise<QueueView> {
  deps.metrics.count('LeadsTaken');
  const lead = await deps.leads.get(leadId);
  if (lead) {
    try {
      await notifyNewOwner(deps, {
        leadId,
        fields: lead.fields,
        repId: r.rep.id,
        rep: r.rep,
        sla: r.pool.sla,
        reassignments: lead.slaReassignments ?? 0,
        now,
        assignedAt: lead.assignedAt ?? now.toISOString(),
      });
    } catch {
      // The lead is the rep's either way, and this page shows it with its accept link.
      deps.metrics.count('NotificationFailures');
    }
  }
  return {
    ...base(r, 'done'),
    ...(lead ? { lead: ownLead(deps, lead, r.rep.id, now) } : {}),
    ...(missed > 0 ? { missed } : {}),
  };
}

function pause(deps: RepQueueDeps, tries: number): Promise<void> {
  const ms = Math.floor(deps.random() * Math.min(100, 5 * 2 ** Math.min(tries, 5)));
  return (deps.sleep ?? ((n: number) => new Promise<void>((resolve) => setTimeout(resolve, n))))(ms);
}

/**
 * `GET /q/{token}` and `GET /q/{token}/leads`: the queue as the rep may see it. Blind pools
 * show how many leads wait; preview pools also list the first ones, with partial data
 * only. Both list the rep's own leads from the pool. Reads only.
 */
export async function viewQueue(deps: RepQueueDeps, token: string): Promise<QueueView> {
  const r = await resolveQueue(deps, token);
  if (!('claims' in r)) return r;
  const now = deps.clock.now();
  const [waiting, leads, mine, ready] = await Promise.all([
    waitingIn(deps, r.pool),
    r.pool.method === 'pull_preview' ? cards(deps, r.pool, QUEUE_PAGE_SIZE, now) : undefined,
    mineOf(deps, r, now),
    readiness(deps, r, now),
  ]);
  return {
    ...base(r, 'open'),
    waiting,
    ...(leads ? { leads } : {}),
    mine,
    ...(ready.reason ? { reason: ready.reason } : {}),
  };
}

/**
 * `POST /q/{token}/next`: takes the first waiting lead in the pool's order. When another
 * rep takes it first (the write's condition fails), the next one is tried, and the answer
 * says how many were missed. A write that merely collided with another transaction is
 * tried again on the same lead: skipping it could serve a younger lead while an older one
 * still waits. Bounded: past `MAX_TAKE_TRIES` writes the rep is asked to try again.
 */
export async function takeNext(deps: RepQueueDeps, token: string): Promise<QueueView> {
  const r = await resolveQueue(deps, token);
  if (!('claims' in r)) return r;
  const now = deps.clock.now();
  let ready = await readiness(deps, r, now);
  if (ready.reason) return refused(r, ready.reason);
  const order = queueOrder(r.pool);
  const gone = new Set<string>();
  let tries = 0;
  for (let peek = 0; peek < MAX_PEEKS; peek++) {
    // Indexes lag behind writes: a lead found gone may still be listed, so read past it.
    const keys = (await deps.queued.peek(r.pool.id, order, NEXT_PEEK + gone.size)).filter((k) => !gone.has(k.leadId));
    if (keys.length === 0)
      return {
        ...base(r, 'empty'),
        waiting: { count: 0, more: false },
        ...(gone.size > 0 ? { missed: gone.size } : {}),
      };
    for (const key of keys) {
      for (;;) {
        if (++tries > MAX_TAKE_TRIES) return base(r, 'busy');
        const result = await attemptTake(deps, r, key, ready.load, now);
        if (result === 'applied') return took(deps, r, key.leadId, now, gone.size);
        if (result === 'lead_changed') {
          gone.add(key.leadId);
          break;
        }
        if (result === 'rep_at_cap') {
          // The counters moved since they were read (another take, a new day): read them again.
          ready = await readiness(deps, r, now);
          if (ready.reason) return refused(r, ready.reason);
          continue;
        }
        await pause(deps, tries);
      }
    }
  }
  return base(r, 'busy');
}

/**
 * `POST /q/{token}/take/{leadId}` (preview pools): takes the lead the rep chose, in one
 * conditional write. If another rep took it first, the answer is `taken` and offers the
 * next waiting lead instead.
 */
export async function takeLead(deps: RepQueueDeps, token: string, leadId: string): Promise<QueueView> {
  const r = await resolveQueue(deps, token);
  if (!('claims' in r)) return r;
  // A blind queue hides its leads: there is no lead to choose in it.
  if (r.pool.method !== 'pull_preview') return base(r, 'not_found');
  const now = deps.clock.now();
  let ready = await readiness(deps, r, now);
  if (ready.reason) return refused(r, ready.reason);
  let lead = await deps.leads.get(leadId);
  for (let tries = 1; ; tries++) {
    if (!lead || lead.poolId !== r.pool.id) return base(r, 'not_found');
    if (lead.repId === r.rep.id && OWNED.includes(lead.status))
      return { ...base(r, 'already_yours'), lead: ownLead(deps, lead, r.rep.id, now) };
    if (lead.status !== 'queued') {
      const next = (await cards(deps, r.pool, 3, now))[0];
      return { ...base(r, 'taken'), ...(next ? { next } : {}) };
    }
    if (tries > MAX_TAKE_TRIES) return base(r, 'busy');
    const result = await attemptTake(deps, r, { leadId: lead.id, createdAt: lead.createdAt }, ready.load, now);
    if (result === 'applied') return took(deps, r, lead.id, now, 0);
    if (result === 'rep_at_cap') {
      ready = await readiness(deps, r, now);
      if (ready.reason) return refused(r, ready.reason);
    } else if (result === 'contended') {
      await pause(deps, tries);
    }
    // Read where the lead stands now: taken by someone else, or still waiting.
    lead = await deps.leads.get(leadId);
  }
}

/**
 * `POST /q/{token}/release/{leadId}`: the rep puts one of their leads from this pool back
 * in its queue (at its original place), in one conditional write that also frees their
 * open count; the pool's other reps are reminded.
 */
export async function releaseToQueue(deps: RepQueueDeps, token: string, leadId: string): Promise<QueueView> {
  const r = await resolveQueue(deps, token);
  if (!('claims' in r)) return r;
  const now = deps.clock.now();
  for (let tries = 1; ; tries++) {
    const lead = await deps.leads.get(leadId);
    if (!lead || lead.poolId !== r.pool.id) return base(r, 'not_found');
    if (lead.repId !== r.rep.id || !OWNED.includes(lead.status)) return base(r, 'not_yours');
    const result = await deps.transitions.apply(backToQueue(lead, r.pool, r.rep.id, 'rep', now.toISOString()));
    if (result === 'applied') break;
    if (result !== 'contended' || tries >= 3) return base(r, 'not_yours');
    await pause(deps, tries);
  }
  deps.metrics.count('LeadsReleasedToQueue');
  try {
    await remindEligibleReps(deps, r.pool.id, leadId, [r.rep.id], now);
  } catch {
    deps.metrics.count('QueueReminderFailures');
  }
  return { ...base(r, 'released'), waiting: await waitingIn(deps, r.pool) };
}

/** `POST /admin/reps/{id}/queue-link` body: the pull pool the link opens. */
export const QueueLinkRequestSchema = z.strictObject({ poolId: entityId });
export type QueueLinkRequest = z.output<typeof QueueLinkRequestSchema>;

/**
 * `POST /admin/reps/{id}/queue-link`: a signed link to the rep's view of a pull pool's
 * queue, for the admin to hand over. The rep must be a member of the pool.
 */
export async function issueQueueLink(
  deps: {
    config: { getRep(id: string): Promise<Rep | undefined>; getPool(id: string): Promise<Pool | undefined> };
    clock: Clock;
    signer: LinkSigner;
  },
  repId: string,
  input: QueueLinkRequest,
): Promise<{ token: string; expiresAt: string }> {
  const rep = await deps.config.getRep(repId);
  if (!rep) throw new NotFoundError('rep', repId);
  const pool = await deps.config.getPool(input.poolId);
  if (!pool)
    throw new ValidationError('No such pool', [
      { path: 'poolId', code: 'unknown_pool', message: `No pool has the id ${input.poolId}` },
    ]);
  if (!isPullMethod(pool.method)) {
    throw new ValidationError('Only pull pools have a queue', [
      { path: 'poolId', code: 'not_a_pull_pool', message: `${pool.name} uses ${pool.method}` },
    ]);
  }
  if (!pool.members.some((m) => m.repId === rep.id)) {
    throw new ValidationError('The rep is not a member of the pool', [
      { path: 'poolId', code: 'not_a_member', message: `${rep.name} is not in ${pool.name}` },
    ]);
  }
  const expiresAt = Math.floor(deps.clock.now().getTime() / 1000) + queueLinkTtlSeconds(pool);
  return {
    token: deps.signer.sign({ purpose: 'queue', poolId: pool.id, repId: rep.id, expiresAt }),
    expiresAt: new Date(expiresAt * 1000).toISOString(),
  };
}
