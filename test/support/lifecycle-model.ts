// The lead lifecycle as a model: the commands a sequence is made of, and the invariants
// checked against DynamoDB after every one. Used by test/integration/lead-lifecycle-model.test.ts.
import * as fc from 'fast-check';
import { expect } from 'vitest';
import { assignLeadManually, closeLead, releaseLead } from '../../functions/core/admin/lead-admin';
import { reassignOpenLeads } from '../../functions/core/admin/rep-departure';
import { CLOSE_REASONS, exclusionsOf } from '../../functions/core/leads/lead';
import { setAvailability } from '../../functions/core/links/availability';
import { actOnRepLink, passOnRepLink } from '../../functions/core/links/rep-links';
import { takeNext } from '../../functions/core/pull-queues/take-from-queue';
import { DomainError } from '../../functions/core/shared/errors';
import { updateRep } from '../../functions/core/team/rep-admin';
import { TEST_ADMIN } from './builders';
import type { Lifecycle } from './lifecycle-harness';

/** What one sequence works on: its reps, pools and source, and what the model remembers between steps. */
export interface World {
  h: Lifecycle;
  repIds: string[];
  poolIds: string[];
  pullPoolId?: string;
  source: Parameters<Lifecycle['arrive']>[0];
}

/** Who may take a lead, as the model knows it: set by the commands, read by the invariants. */
interface RepState {
  paused: boolean;
  awayUntilMs?: number;
  maxOpen?: number;
}

export interface Model {
  leads: string[];
  reps: Map<string, RepState>;
  /** Each lead's decisions and status after the previous step. */
  seen: Map<string, { decisions: number; status: string }>;
  /** Offers sent so far (notices), to find the new ones. */
  offersSeen: number;
}

const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);

/** A command: what it does to the world, and whether it "changes something" for held leads. */
abstract class Step implements fc.AsyncCommand<Model, World> {
  /** Whether this step may send leads held for an admin round again (a change of reps, an admin's act). */
  abstract readonly changes: boolean;
  abstract act(m: Model, w: World): Promise<void>;
  abstract toString(): string;
  check() {
    return true;
  }
  async run(m: Model, w: World) {
    await this.act(m, w);
    await w.h.drain();
    await checkInvariants(m, w, this.changes);
  }
}

/** Ignores the refusals a use case answers with (409 lead_changed, rep_at_capacity, ...): they are outcomes. */
async function tolerate(work: Promise<unknown>) {
  try {
    await work;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
  }
}

class Arrive extends Step {
  readonly changes = false;
  async act(m: Model, w: World) {
    m.leads.push(await w.h.arrive(w.source));
  }
  toString() {
    return 'Arrive';
  }
}

class SetAvailability extends Step {
  readonly changes = true;
  constructor(
    readonly rep: number,
    readonly to: 'available' | 'away' | 'paused',
    readonly awaySeconds: number,
    readonly byRep: boolean,
  ) {
    super();
  }
  async act(m: Model, w: World) {
    const repId = pick(w.repIds, this.rep)!;
    const now = w.h.clock.now().getTime();
    const until = new Date(now + this.awaySeconds * 1000).toISOString();
    if (this.byRep) {
      const token = w.h.signer.sign({ purpose: 'availability', repId, expiresAt: Math.floor(now / 1000) + 3600 });
      const view = await setAvailability(w.h.links.availability, token, {
        status: this.to,
        ...(this.to === 'away' ? { awayUntil: until } : {}),
      });
      expect(view.state).toBe('done');
    } else {
      const patch =
        this.to === 'away'
          ? { status: 'active' as const, awayUntil: until }
          : { status: this.to === 'paused' ? ('paused' as const) : ('active' as const), awayUntil: null };
      await updateRep(w.h.admin, repId, patch, TEST_ADMIN);
    }
    const state = m.reps.get(repId)!;
    m.reps.set(repId, {
      ...state,
      paused: this.to === 'paused',
      ...(this.to === 'away' ? { awayUntilMs: now + this.awaySeconds * 1000 } : { awayUntilMs: undefined }),
    });
  }
  toString() {
    return `SetAvailability(${this.rep}, ${this.to}${this.to === 'away' ? ` ${this.awaySeconds}s` : ''}, by ${this.byRep ? 'rep' : 'admin'})`;
  }
}

class SetCap extends Step {
  readonly changes = true;
  constructor(
    readonly rep: number,
    readonly maxOpen: number | null,
  ) {
    super();
  }
  async act(m: Model, w: World) {
    const repId = pick(w.repIds, this.rep)!;
    await updateRep(w.h.admin, repId, { maxOpen: this.maxOpen }, TEST_ADMIN);
    const { maxOpen: _old, ...state } = m.reps.get(repId)!;
    m.reps.set(repId, { ...state, ...(this.maxOpen === null ? {} : { maxOpen: this.maxOpen }) });
  }
  toString() {
    return `SetCap(${this.rep}, ${this.maxOpen})`;
  }
}

/** A rep acts on a lead from a link: claims an offer, accepts or passes their lead, takes from the queue. */
class RepActs extends Step {
  readonly changes = false;
  constructor(
    readonly lead: number,
    readonly rep: number,
    readonly action: 'claim' | 'accept' | 'pass' | 'take',
  ) {
    super();
  }
  async act(m: Model, w: World) {
    const { h } = w;
    if (this.action === 'take') {
      if (!w.pullPoolId) return;
      const repId = pick(w.repIds, this.rep)!;
      const expiresAt = Math.floor(h.clock.now().getTime() / 1000) + 3600;
      await takeNext(h.links, h.signer.sign({ purpose: 'queue', poolId: w.pullPoolId, repId, expiresAt }));
      return;
    }
    const leadId = pick(m.leads, this.lead);
    if (!leadId) return;
    const lead = await h.lead(leadId);
    if (this.action === 'claim') {
      const repId = pick(lead.offer?.repIds ?? [], this.rep);
      if (repId) await actOnRepLink(h.links, h.tokenFor(leadId, repId, 'offer'));
    } else if (lead.status === 'assigned' && lead.repId) {
      const token = h.tokenFor(leadId, lead.repId, 'assigned');
      if (this.action === 'accept') await actOnRepLink(h.links, token);
      else await passOnRepLink(h.links, token, { reason: 'not my territory' });
    }
  }
  toString() {
    return `RepActs(${this.action}, lead ${this.lead}, rep ${this.rep})`;
  }
}

class AdminActs extends Step {
  readonly changes = true;
  constructor(
    readonly lead: number,
    readonly rep: number,
    readonly action: 'assign' | 'force' | 'release' | 'close' | 'reassign_open',
  ) {
    super();
  }
  async act(m: Model, w: World) {
    const repId = pick(w.repIds, this.rep)!;
    if (this.action === 'reassign_open') {
      await reassignOpenLeads(w.h.admin, repId, TEST_ADMIN);
      return;
    }
    const leadId = pick(m.leads, this.lead);
    if (!leadId) return;
    const admin = w.h.admin;
    if (this.action === 'release') await tolerate(releaseLead(admin, leadId, TEST_ADMIN));
    else if (this.action === 'close') {
      const reason = CLOSE_REASONS[this.rep % CLOSE_REASONS.length]!;
      await tolerate(closeLead(admin, leadId, { reason }, TEST_ADMIN));
    } else {
      const input = { repId, ...(this.action === 'force' ? { force: true } : {}) };
      await tolerate(assignLeadManually(admin, leadId, input, TEST_ADMIN));
    }
  }
  toString() {
    return `AdminActs(${this.action}, lead ${this.lead}, rep ${this.rep})`;
  }
}

/** Time passes: offer windows close and accept deadlines fall due. */
class Advance extends Step {
  readonly changes = false;
  constructor(readonly seconds: number) {
    super();
  }
  async act(_m: Model, w: World) {
    await w.h.advance(this.seconds * 1000);
  }
  toString() {
    return `Advance(${this.seconds}s)`;
  }
}

/** The periodic sweep over this world's pools: waiting (not held) leads go round again. */
class Sweep extends Step {
  readonly changes = false;
  async act(_m: Model, w: World) {
    await w.h.sweep(w.poolIds);
  }
  toString() {
    return 'Sweep';
  }
}

const index = fc.nat({ max: 7 });

/** The commands a sequence is drawn from. */
export const STEPS: fc.Arbitrary<fc.AsyncCommand<Model, World>>[] = [
  fc.constant(new Arrive()),
  fc.constant(new Arrive()),
  fc
    .tuple(index, fc.constantFrom('available', 'away', 'paused' as const), fc.constantFrom(20, 90, 600), fc.boolean())
    .map(([rep, to, seconds, byRep]) => new SetAvailability(rep, to, seconds, byRep)),
  fc.tuple(index, fc.constantFrom(0, 1, 2, null)).map(([rep, cap]) => new SetCap(rep, cap)),
  fc
    .tuple(index, index, fc.constantFrom('claim', 'claim', 'accept', 'pass', 'take' as const))
    .map(([lead, rep, action]) => new RepActs(lead, rep, action)),
  fc
    .tuple(index, index, fc.constantFrom('assign', 'force', 'release', 'close', 'reassign_open' as const))
    .map(([lead, rep, action]) => new AdminActs(lead, rep, action)),
  fc.constantFrom(5, 15, 35, 130, 900).map((s) => new Advance(s)),
  fc.constant(new Sweep()),
];

const EXPECTED_STATUS: Record<string, readonly string[]> = {
  assigned: ['assigned'],
  accepted: ['accepted'],
  offered: ['offered'],
  queued: ['queued'],
  unassigned: ['unassigned'],
  held: ['held'],
  closed: ['closed'],
  released: ['unassigned', 'queued'],
};

/** Why a rep could not take a lead now, as the model knows it (status and away; caps are checked on counts). */
function unavailable(m: Model, repId: string, nowMs: number): string | undefined {
  const rep = m.reps.get(repId);
  if (!rep) return undefined; // the fallback pool's rep: never paused or away in the model
  if (rep.paused) return 'paused';
  if (rep.awayUntilMs !== undefined && rep.awayUntilMs > nowMs) return 'away';
  return undefined;
}

/** Every invariant the issue names, against what DynamoDB holds now. */
export async function checkInvariants(m: Model, w: World, changed: boolean): Promise<void> {
  const { h } = w;
  const nowMs = h.clock.now().getTime();
  const { leads, open: counted } = await h.snapshotOf(m.leads, w.repIds);
  const open = new Map<string, number>();
  const gainedBy = new Map<string, number>();
  for (const lead of leads) {
    const before = m.seen.get(lead.id);
    const last = lead.decisions.at(-1);
    // Exactly one state, the one its last decision says.
    expect(last, `${lead.id} was decided`).toBeDefined();
    expect(EXPECTED_STATUS[last!.outcome], `${lead.id}: ${last!.outcome} → ${lead.status}`).toContain(lead.status);
    expect(lead.offer !== undefined, `${lead.id} has an offer iff offered`).toBe(lead.status === 'offered');
    const owned = lead.status === 'assigned' || lead.status === 'accepted';
    expect(lead.repId !== undefined || !owned, `${lead.id} owned by someone`).toBe(true);
    if (lead.status === 'unassigned' || lead.status === 'held')
      expect(last!.reason, `${lead.id} waits with a reason`).toBeTruthy();
    if (owned) open.set(lead.repId!, (open.get(lead.repId!) ?? 0) + 1);
    // A held lead gets no offer and no decision until something changes.
    if (before?.status === 'held' && !changed)
      expect(lead.decisions.length, `${lead.id} stayed held`).toBe(before.decisions);
    // Every new decision the assigner or a rep made went to a rep who could take the lead then.
    for (let i = before?.decisions ?? 0; i < lead.decisions.length; i++) {
      const d = lead.decisions[i]!;
      const forced = d.actor === 'admin' && d.method === 'manual';
      const gained =
        (d.outcome === 'assigned' && !forced) || (d.outcome === 'accepted' && d.method === 'shotgun')
          ? [d.repId!]
          : d.outcome === 'offered'
            ? d.candidates
            : [];
      const avoided = new Set(exclusionsOf(lead.decisions.slice(0, i)).map((e) => e.repId));
      for (const repId of gained) {
        expect(unavailable(m, repId, nowMs), `${lead.id} decision ${i} to ${repId}`).toBeUndefined();
        expect(avoided.has(repId), `${lead.id} went back to ${repId}, who missed or passed it`).toBe(false);
        if (d.outcome !== 'offered') gainedBy.set(repId, (gainedBy.get(repId) ?? 0) + 1);
      }
    }
    m.seen.set(lead.id, { decisions: lead.decisions.length, status: lead.status });
  }
  // Each rep's open count is their open leads; one who gained a lead this step is within their cap.
  for (const repId of w.repIds) {
    expect(counted.get(repId) ?? 0, `${repId}'s open count`).toBe(open.get(repId) ?? 0);
    const cap = m.reps.get(repId)?.maxOpen;
    if (gainedBy.has(repId) && cap !== undefined) expect(open.get(repId) ?? 0).toBeLessThanOrEqual(cap);
  }
  // No rep is offered a lead twice in one round.
  const offers = h.notifier.sent
    .filter((n) => n.kind === 'offer')
    .map((n) => {
      const verified = h.signer.verify(n.link!.split('/l/')[1]!, 0);
      const round = verified.ok && verified.claims.purpose === 'claim' ? verified.claims.round : undefined;
      return `${n.leadId}#${round}#${n.repId}`;
    });
  expect(new Set(offers).size, 'one offer per rep per lead per round').toBe(offers.length);
  m.offersSeen = offers.length;
}

/**
 * The end of a sequence: time runs on a day at a time (timers fire, the sweep runs) until a
 * day changes nothing and nothing is left to fire; every lead then stands somewhere clear.
 * Leads waiting for a slot may take a few days each (a freed slot serves one of them a day,
 * an offer and an SLA take a day each), so the bound grows with the leads; moving past it
 * would be a cycle (a re-offer storm), and fails.
 */
export async function settleAndCheck(m: Model, w: World): Promise<void> {
  for (let day = 1; ; day++) {
    const before = JSON.stringify([...m.seen]);
    await w.h.advance(86_400_000);
    // The sweep touches waiting leads only: without one it would read and change nothing.
    if ([...m.seen.values()].some((s) => s.status === 'unassigned')) await w.h.sweep(w.poolIds);
    await checkInvariants(m, w, false);
    const still = JSON.stringify([...m.seen]) === before;
    if (still && w.h.pending().length === 0) break;
    expect(day, 'the leads settle (no cycles)').toBeLessThan(4 + 3 * m.leads.length);
  }
  for (const [id, state] of m.seen) {
    expect(['assigned', 'accepted', 'held', 'unassigned', 'closed', 'queued'], `${id} ends clear`).toContain(
      state.status,
    );
  }
}
