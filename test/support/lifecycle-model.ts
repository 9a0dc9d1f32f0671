// The lead lifecycle as a model: the commands a sequence is made of. Each runs through the
// use cases, then the invariants of lifecycle-invariants.ts are checked against DynamoDB.
// Used by test/integration/lead-lifecycle-model.test.ts.
import * as fc from 'fast-check';
import { expect } from 'vitest';
import { assignLeadManually, closeLead, releaseLead } from '../../functions/core/admin/lead-admin';
import { reassignOpenLeads } from '../../functions/core/admin/rep-departure';
import { CLOSE_REASONS } from '../../functions/core/leads/lead';
import { setAvailability } from '../../functions/core/links/availability';
import { actOnRepLink, passOnRepLink } from '../../functions/core/links/rep-links';
import { takeNext } from '../../functions/core/pull-queues/take-from-queue';
import { DomainError } from '../../functions/core/shared/errors';
import { updateRep } from '../../functions/core/team/rep-admin';
import { TEST_ADMIN } from './builders';
import { checkInvariants, type Model, type World } from './lifecycle-invariants';

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
