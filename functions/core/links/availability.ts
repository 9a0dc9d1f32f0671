import * as z from 'zod/mini';
import type { Actor } from '../shared/actor';
import type { Clock, Metrics } from '../shared/ports';
import { wallClockToInstant } from '../shared/wall-clock';
import type { Rep } from '../team/rep';
import { type RepAdminDeps, updateRep } from '../team/rep-admin';
import type { RepPatch } from '../team/rep-schemas';
import type { LinkSigner } from './link-tokens';

/** What a rep may set from their availability link: the same fields an admin sets. */
export const AVAILABILITY_CHOICES = ['available', 'away', 'paused'] as const;
export type AvailabilityChoice = (typeof AVAILABILITY_CHOICES)[number];

/**
 * `POST /a/{token}` body: `available`, `paused`, or `away` until a time, either an ISO 8601
 * instant or a wall-clock time (`2026-12-01T09:00`, as the page's date-time field sends it)
 * read in the rep's time zone.
 */
export const AvailabilityChangeSchema = z.strictObject({
  status: z.enum(AVAILABILITY_CHOICES),
  awayUntil: z.optional(z.string().check(z.trim(), z.maxLength(40))),
});
export type AvailabilityChange = z.output<typeof AvailabilityChangeSchema>;

/** Farthest ahead a rep may set themselves away: a year (a longer absence is an admin's call). */
const MAX_AWAY_MS = 366 * 86_400_000;

export interface AvailabilityDeps {
  signer: LinkSigner;
  /** Changes the rep as an admin would (pools touched, waiting leads sent round again), with the rep as actor. */
  team: RepAdminDeps;
  clock: Clock;
  metrics: Metrics;
}

/**
 * Where an availability link stands: `open` (200, the form), `done` (200, saved), `invalid`
 * (400, the away time is missing, unreadable, past or too far), `forged` (403), `not_found`
 * (404: the rep is gone), `expired` (410).
 */
export type AvailabilityState = 'open' | 'done' | 'invalid' | 'forged' | 'not_found' | 'expired';

export interface AvailabilityView {
  state: AvailabilityState;
  repName?: string;
  timezone?: string;
  /** What the rep is now: available, away (until `awayUntil`), or paused. */
  availability?: AvailabilityChoice;
  awayUntil?: string;
  /** What was wrong with the request (`invalid`). */
  problem?: string;
}

async function resolve(deps: AvailabilityDeps, token: string): Promise<Rep | AvailabilityView> {
  const verified = deps.signer.verify(token, deps.clock.now().getTime());
  if (!verified.ok) return { state: verified.problem };
  // Lead and queue links are bound to a lead or a pool: they never open this page.
  if (verified.claims.purpose !== 'availability') return { state: 'forged' };
  const rep = await deps.team.config.getRep(verified.claims.repId);
  return rep ?? { state: 'not_found' };
}

function viewOf(rep: Rep, state: AvailabilityState, now: Date, problem?: string): AvailabilityView {
  const away = rep.awayUntil !== undefined && Date.parse(rep.awayUntil) > now.getTime();
  return {
    state,
    repName: rep.name,
    timezone: rep.timezone,
    availability: rep.status === 'paused' ? 'paused' : away ? 'away' : 'available',
    ...(away ? { awayUntil: rep.awayUntil } : {}),
    ...(problem ? { problem } : {}),
  };
}

/** `GET /a/{token}`: the rep's availability and the form to change it. Reads only. */
export async function viewAvailability(deps: AvailabilityDeps, token: string): Promise<AvailabilityView> {
  const rep = await resolve(deps, token);
  if ('state' in rep) return rep;
  return viewOf(rep, 'open', deps.clock.now());
}

/**
 * `POST /a/{token}`: the rep sets themselves available, away until a time, or paused. It is
 * the admin's change of `status` and `awayUntil`, made with the rep as the actor (so the
 * audit log says who), effective for the next lead; leads waiting in their pools go round
 * again when they come back.
 */
export async function setAvailability(
  deps: AvailabilityDeps,
  token: string,
  input: AvailabilityChange,
): Promise<AvailabilityView> {
  const rep = await resolve(deps, token);
  if ('state' in rep) return rep;
  const now = deps.clock.now();
  let patch: RepPatch;
  if (input.status === 'away') {
    const until = awayUntilOf(input.awayUntil, rep.timezone);
    if (!until) return viewOf(rep, 'invalid', now, 'Say until when you are away (a date and time).');
    if (until.getTime() <= now.getTime()) return viewOf(rep, 'invalid', now, 'That time has passed already.');
    if (until.getTime() - now.getTime() > MAX_AWAY_MS)
      return viewOf(rep, 'invalid', now, 'At most a year ahead; ask an admin for longer.');
    patch = { status: 'active', awayUntil: until.toISOString() };
  } else {
    patch = { status: input.status === 'paused' ? 'paused' : 'active', awayUntil: null };
  }
  const actor: Actor = { type: 'rep', repId: rep.id, via: 'availability_link' };
  const updated = await updateRep(deps.team, rep.id, patch, actor);
  deps.metrics.count('AvailabilityChanged');
  return viewOf(updated, 'done', now);
}

/** An ISO instant as given, or a wall-clock time read in the rep's zone. */
function awayUntilOf(text: string | undefined, timeZone: string): Date | undefined {
  if (!text) return undefined;
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : new Date(ms);
  }
  return wallClockToInstant(text, timeZone);
}
