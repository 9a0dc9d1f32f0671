import type { AssignmentStore, Timers } from '../assignment/ports';
import type { Lead, LeadFields, LeadStatus } from '../leads/lead';
import type { LeadStore, LeadTransitions } from '../leads/ports';
import { DEFAULT_LINK_TTL_SECONDS, type LinkSigner, type QueueLinkClaims } from '../links/link-tokens';
import type { AvailabilityLinkIssuer, LinkIssuer } from '../links/ports';
import type { Notifier } from '../notices/ports';
import type { Clock, Metrics, Random } from '../shared/ports';
import type { Source } from '../sources/source';
import { isPullMethod, type Pool, type PullMethod, type QueueOrder, queueOrder } from '../team/pool';
import type { RepLoadReader } from '../team/ports';
import { ineligibility, NO_LOAD, type Rep, type RepLoad, type SkipReason } from '../team/rep';
import type { QueuedLeadPreview, QueuedLeads } from './ports';
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
  loads: RepLoadReader;
  transitions: LeadTransitions;
  /** The taker's notice (an accept link), like any other assignment's. */
  notifier: Notifier;
  links?: LinkIssuer;
  /** Signs the availability link in the queue page's footer. */
  availabilityLinks?: AvailabilityLinkIssuer;
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
export const NEXT_PEEK = 10;
/** Looks at the queue per "next": each look starts again from its head. */
export const MAX_PEEKS = 5;
/** Conditional writes per request, all attempts included; past it the rep is asked to try again. */
export const MAX_TAKE_TRIES = 40;
/** The rep's own leads from the pool shown on the queue page, per state. */
const MINE_LIMIT = 10;
/** States in which a lead has an owner who may put it back. */
export const OWNED: readonly LeadStatus[] = ['assigned', 'accepted'];

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
  /** The rep's time zone: pages show times in it. */
  timezone?: string;
  /** The rep's own availability page (the footer). */
  availabilityUrl?: string;
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

export interface Resolved {
  claims: QueueLinkClaims;
  rep: Rep;
  pool: Pool & { method: PullMethod };
  availabilityUrl?: string;
}

export async function resolveQueue(deps: RepQueueDeps, token: string): Promise<Resolved | QueueView> {
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
  const availabilityUrl = deps.availabilityLinks?.(rep.id, deps.clock.now());
  return { claims, rep, pool: pool as Resolved['pool'], ...(availabilityUrl ? { availabilityUrl } : {}) };
}

export function base(r: Resolved, state: QueueState): QueueView {
  return {
    state,
    repName: r.rep.name,
    timezone: r.rep.timezone,
    ...(r.availabilityUrl ? { availabilityUrl: r.availabilityUrl } : {}),
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
export async function cards(deps: RepQueueDeps, pool: Pool, limit: number, now: Date): Promise<QueueCard[]> {
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

export function ownLead(deps: RepQueueDeps, lead: Lead, repId: string, now: Date): OwnLead {
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

export async function mineOf(deps: RepQueueDeps, r: Resolved, now: Date): Promise<OwnLead[]> {
  const lists = await Promise.all(
    OWNED.map((status) => deps.leads.list({ repId: r.rep.id, poolId: r.pool.id, status, limit: MINE_LIMIT })),
  );
  return lists.flatMap((list) => list.leads).map((lead) => ownLead(deps, lead, r.rep.id, now));
}

export async function waitingIn(deps: RepQueueDeps, pool: Pool): Promise<QueueView['waiting']> {
  const count = await deps.queued.count(pool.id, QUEUE_COUNT_LIMIT + 1);
  return count > QUEUE_COUNT_LIMIT ? { count: QUEUE_COUNT_LIMIT, more: true } : { count, more: false };
}

/** The rep's counters now, and why they may not take a lead (status, away, hours, caps), if so. */
export async function readiness(
  deps: RepQueueDeps,
  r: Resolved,
  now: Date,
): Promise<{ load: RepLoad; reason?: SkipReason }> {
  const load = (await deps.loads.loadRepLoads([r.rep.id])).get(r.rep.id) ?? NO_LOAD;
  const reason = ineligibility(r.rep, now, load, { respectWorkingHours: r.pool.respectWorkingHours ?? false });
  return { load, ...(reason ? { reason } : {}) };
}

export function refused(r: Resolved, reason: SkipReason): QueueView {
  const capped = reason === 'at_max_open' || reason === 'at_max_per_day';
  return { ...base(r, capped ? 'at_capacity' : 'unavailable'), reason };
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
