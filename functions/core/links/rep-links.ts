import * as z from 'zod/mini';
import type { LeadRequests } from '../assignment/ports';
import type { Decision, Lead, LeadFields } from '../leads/lead';
import type { LeadStore, LeadTransitions, TransitionResult } from '../leads/ports';
import type { Clock, Metrics } from '../shared/ports';
import { DEFAULT_OFFER_FIELDS, type OfferField, type Pool } from '../team/pool';
import type { RepLoadReader } from '../team/ports';
import { ineligibility, NO_LOAD, type Rep, repToday } from '../team/rep';
import type { LeadLinkClaims, LinkClaims, LinkSigner } from './link-tokens';
import type { AvailabilityLinkIssuer } from './ports';

export interface RepLinkDeps {
  signer: LinkSigner;
  leads: Pick<LeadStore, 'get'>;
  config: { getRep(id: string): Promise<Rep | undefined>; getPool(id: string): Promise<Pool | undefined> };
  loads: RepLoadReader;
  transitions: LeadTransitions;
  /** Hands a pass to the assigner, which moves the lead on. */
  requests: LeadRequests;
  /** Signs the availability link in every page's footer. */
  availabilityLinks?: AvailabilityLinkIssuer;
  clock: Clock;
  metrics: Metrics;
}

/** `POST /l/{token}/pass` body: why, optionally (the page's free-text field). */
export const PassSchema = z.strictObject({
  reason: z.optional(z.string().check(z.trim(), z.maxLength(200))),
});
export type PassInput = z.output<typeof PassSchema>;

/**
 * Where a rep link stands. Each state has its own page and status code:
 * `open` (200, a button), `done` (200, the action just happened), `passed` (200, the rep
 * just passed it on), `noted` (200, the owner recorded an outcome), `already_yours` (200 on
 * GET, 409 on a second POST), `forged` (403), `not_found` (404), `taken`, `at_capacity` and
 * `unavailable` (409: paused, away or off hours), `expired` and `passed_on` (410).
 */
export type LinkState =
  | 'open'
  | 'done'
  | 'passed'
  | 'unavailable'
  | 'already_yours'
  | 'forged'
  | 'not_found'
  | 'taken'
  | 'at_capacity'
  | 'expired'
  | 'passed_on'
  | 'noted';

/** What a rep link page shows: the state, and as much of the lead as the rep may see. */
export interface LinkView {
  state: LinkState;
  purpose?: LinkClaims['purpose'];
  repName?: string;
  /** The rep's time zone: pages show times in it. */
  timezone?: string;
  /** The rep's own availability page (the footer of every page that knows the rep). */
  availabilityUrl?: string;
  lead?: {
    id: string;
    /** Fields the rep may see now: an offer's preview before the claim, everything after. */
    fields: Partial<LeadFields>;
    custom?: Record<string, string>;
    receivedAt: string;
    offerExpiresAt?: string;
    /** The outcome stages the rep (or a CRM) recorded, for the page's Contacted / Couldn't reach buttons. */
    outcomes?: string[];
  };
}

const CONTACT_FIELDS: readonly (keyof LeadFields)[] = [
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'company',
  'companySize',
  'city',
  'region',
  'country',
  'postalCode',
  'product',
  'score',
  'message',
];

function pick(fields: LeadFields, names: readonly (keyof LeadFields)[]): Partial<LeadFields> {
  const out: Partial<LeadFields> = {};
  for (const name of names) if (fields[name] !== undefined) (out as Record<string, unknown>)[name] = fields[name];
  return out;
}

function summary(lead: Lead, full: boolean, shows: readonly OfferField[]): NonNullable<LinkView['lead']> {
  return {
    id: lead.id,
    fields: pick(lead.fields, full ? CONTACT_FIELDS : shows),
    ...(full && Object.keys(lead.custom).length ? { custom: lead.custom } : {}),
    receivedAt: lead.createdAt,
    ...(!full && lead.offer ? { offerExpiresAt: lead.offer.expiresAt } : {}),
    ...(full ? { outcomes: lead.decisions.flatMap((d) => (d.outcome === 'outcome' && d.stage ? [d.stage] : [])) } : {}),
  };
}

/** A verified link with its lead, rep and pool. */
export interface Resolved {
  claims: LeadLinkClaims;
  lead: Lead;
  rep: Rep;
  pool?: Pool;
}

/** Verifies a link and reads its lead and rep; a view of the problem when it cannot. */
export async function resolve(deps: RepLinkDeps, token: string): Promise<Resolved | LinkView> {
  const verified = deps.signer.verify(token, deps.clock.now().getTime());
  if (!verified.ok) return { state: verified.problem };
  const { claims } = verified;
  // A queue or availability link is not bound to a lead: it never opens a lead page.
  if (claims.purpose !== 'claim' && claims.purpose !== 'accept') return { state: 'forged' };
  const [lead, rep] = await Promise.all([deps.leads.get(claims.leadId), deps.config.getRep(claims.repId)]);
  if (!lead || !rep) return { state: 'not_found', purpose: claims.purpose };
  const pool = lead.poolId ? await deps.config.getPool(lead.poolId) : undefined;
  return { claims, lead, rep, ...(pool ? { pool } : {}) };
}

/** Where the link stands for its rep, from the lead's current state. Reads only. */
function stateOf({ claims, lead }: Resolved, nowMs: number): LinkState {
  const mine = lead.repId === claims.repId;
  if (claims.purpose === 'claim') {
    if (mine && (lead.status === 'accepted' || lead.status === 'assigned' || lead.status === 'closed'))
      return 'already_yours';
    if (lead.status !== 'offered' || !lead.offer || lead.offer.round !== claims.round)
      return lead.repId ? 'taken' : 'expired';
    if (!lead.offer.repIds.includes(claims.repId)) return 'taken';
    return Date.parse(lead.offer.expiresAt) > nowMs ? 'open' : 'expired';
  }
  if (mine && (lead.status === 'accepted' || lead.status === 'closed')) return 'already_yours';
  if (mine && lead.status === 'assigned') return 'open';
  return 'passed_on';
}

/** What the page shows of a resolved link in a state. */
export function view(deps: RepLinkDeps, resolved: Resolved, state: LinkState): LinkView {
  const { claims, lead, rep, pool } = resolved;
  const full =
    state === 'done' ||
    state === 'already_yours' ||
    state === 'noted' ||
    (claims.purpose === 'accept' && state === 'open');
  const availabilityUrl = deps.availabilityLinks?.(rep.id, deps.clock.now());
  return {
    state,
    purpose: claims.purpose,
    repName: rep.name,
    timezone: rep.timezone,
    ...(availabilityUrl ? { availabilityUrl } : {}),
    // After a pass the lead is no longer theirs to see.
    ...(state === 'forged' || state === 'not_found' || state === 'passed'
      ? {}
      : { lead: summary(lead, full, pool?.shotgun?.shows ?? DEFAULT_OFFER_FIELDS) }),
  };
}

/**
 * `GET /l/{token}`: the page a rep sees when opening a link. It never changes anything:
 * mail scanners and link previews open links too.
 */
export async function viewRepLink(deps: RepLinkDeps, token: string): Promise<LinkView> {
  const resolved = await resolve(deps, token);
  if (!('claims' in resolved)) return resolved;
  return view(deps, resolved, stateOf(resolved, deps.clock.now().getTime()));
}

/**
 * `POST /l/{token}/pass`: the owner of an assigned lead passes it on, from the accept page.
 * The assigner moves it at once to the next eligible rep by the pool's method (never back to
 * this rep) and records the pass as a decision; it counts as one of the SLA's reassignments.
 * Only an open accept link can pass: an offer is simply left to expire.
 */
export async function passOnRepLink(deps: RepLinkDeps, token: string, input: PassInput): Promise<LinkView> {
  const resolved = await resolve(deps, token);
  if (!('claims' in resolved)) return resolved;
  const state = stateOf(resolved, deps.clock.now().getTime());
  if (resolved.claims.purpose !== 'accept' || state !== 'open') return view(deps, resolved, state);
  const { lead, rep } = resolved;
  await deps.requests.request({
    type: 'pass',
    leadId: lead.id,
    repId: rep.id,
    assignedAt: lead.assignedAt ?? '',
    ...(input.reason ? { note: input.reason } : {}),
  });
  deps.metrics.count('PassesRequested');
  return view(deps, resolved, 'passed');
}

/**
 * `POST /l/{token}`: claims an offered lead (the first rep wins, in one conditional write
 * that also counts the lead against the rep's caps; a rep paused, away or off hours since the
 * offer may not claim it) or accepts an assigned one (recording the rep's response time). A
 * second press finds the lead already moved on.
 */
export async function actOnRepLink(deps: RepLinkDeps, token: string): Promise<LinkView> {
  const resolved = await resolve(deps, token);
  if (!('claims' in resolved)) return resolved;
  const now = deps.clock.now();
  const state = stateOf(resolved, now.getTime());
  if (state !== 'open') return view(deps, resolved, state);
  const { claims, lead, rep } = resolved;
  const at = now.toISOString();
  const since = (iso: string | undefined) =>
    iso ? Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000)) : undefined;

  const decision: Decision = {
    at,
    outcome: 'accepted',
    actor: 'rep',
    ...(lead.poolId ? { poolId: lead.poolId } : {}),
    ...(claims.purpose === 'claim' ? { method: 'shotgun', round: claims.round } : {}),
    candidates: [],
    skipped: [],
    repId: rep.id,
  };
  let result: TransitionResult;
  if (claims.purpose === 'claim') {
    const load = (await deps.loads.loadRepLoads([rep.id])).get(rep.id) ?? NO_LOAD;
    const today = repToday(rep, now);
    const reason = ineligibility(rep, now, load, { respectWorkingHours: resolved.pool?.respectWorkingHours ?? false });
    if (reason === 'at_max_open' || reason === 'at_max_per_day') return view(deps, resolved, 'at_capacity');
    if (reason) return view(deps, resolved, 'unavailable');
    result = await deps.transitions.apply({
      leadId: lead.id,
      createdAt: lead.createdAt,
      from: ['offered'],
      owner: null,
      offer: { round: claims.round ?? 0, repId: rep.id, openAt: at },
      to: {
        status: 'accepted',
        repId: rep.id,
        assignedAt: at,
        acceptedAt: at,
        responseSeconds: since(lead.decisions.findLast((d) => d.outcome === 'offered')?.at) ?? 0,
        speedToLeadSeconds: since(lead.createdAt) ?? 0,
      },
      decision,
      load: {
        repId: rep.id,
        open: 1,
        day: today,
        dayCount: 1,
        rollover: load.day !== today,
        ...(rep.maxOpen !== undefined ? { maxOpen: rep.maxOpen } : {}),
        ...(rep.maxPerDay !== undefined ? { maxPerDay: rep.maxPerDay } : {}),
      },
      releases: [],
      at,
    });
  } else {
    result = await deps.transitions.apply({
      leadId: lead.id,
      createdAt: lead.createdAt,
      from: ['assigned'],
      owner: rep.id,
      to: {
        status: 'accepted',
        repId: rep.id,
        acceptedAt: at,
        responseSeconds: since(lead.assignedAt) ?? 0,
        speedToLeadSeconds: since(lead.createdAt) ?? 0,
      },
      decision,
      releases: [],
      at,
    });
  }
  if (result === 'applied') {
    deps.metrics.count(claims.purpose === 'claim' ? 'OffersClaimed' : 'LeadsAccepted');
    const after = await deps.leads.get(lead.id);
    return view(deps, { ...resolved, lead: after ?? lead }, 'done');
  }
  if (result === 'rep_at_cap') return view(deps, resolved, 'at_capacity');
  // Someone else got there first, or the lead moved on: say where it stands now.
  const current = await deps.leads.get(lead.id);
  const now2 = deps.clock.now().getTime();
  const next = current ? stateOf({ ...resolved, lead: current }, now2) : 'not_found';
  return current
    ? view(deps, { ...resolved, lead: current }, next === 'open' ? 'taken' : next)
    : { state: 'not_found' };
}
