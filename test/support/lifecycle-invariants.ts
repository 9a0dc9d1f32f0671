// The invariants of a lead's life, checked against DynamoDB after every step of a model
// sequence (lifecycle-model.ts), and the settling that ends each sequence.
import { expect } from 'vitest';
import { exclusionsOf } from '../../functions/core/leads/lead';
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

/** What the model remembers between steps. */
export interface Model {
  leads: string[];
  reps: Map<string, RepState>;
  /** Each lead's decisions and status after the previous step. */
  seen: Map<string, { decisions: number; status: string }>;
}

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
  if (!rep) throw new Error(`The model does not know ${repId}`);
  if (rep.paused) return 'paused';
  if (rep.awayUntilMs !== undefined && rep.awayUntilMs > nowMs) return 'away';
  return undefined;
}

/** Every invariant of a lead's life (docs/lead-lifecycle.md), against what DynamoDB holds now. */
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
    // Nothing left to fire and nothing for the sweep: no later day can change anything.
    const idle = w.h.pending().length === 0;
    if (idle && ![...m.seen.values()].some((s) => s.status === 'unassigned')) break;
    if (idle && JSON.stringify([...m.seen]) === before) break;
    expect(day, 'the leads settle (no cycles)').toBeLessThan(4 + 3 * m.leads.length);
  }
  for (const [id, state] of m.seen) {
    expect(['assigned', 'accepted', 'held', 'unassigned', 'closed', 'queued'], `${id} ends clear`).toContain(
      state.status,
    );
  }
}
