// A seeded history of leads for the stats: every lead's successive images (each write appends
// one decision), as the leads table's change stream would carry them.
import type { Decision, Lead } from '../../functions/core/leads/lead';
import type { Pool } from '../../functions/core/team/pool';

/** A small deterministic generator (mulberry32), so a failing history can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const at = (base: number, seconds: number) => new Date(base + seconds * 1000).toISOString();

export const HISTORY_POOLS: Pick<Pool, 'id' | 'method' | 'members'>[] = [
  { id: 'pool_rr', method: 'round_robin', members: [{ repId: 'ana' }, { repId: 'ben' }, { repId: 'cy' }] },
  { id: 'pool_w', method: 'weighted', members: [{ repId: 'dee', weight: 2 }, { repId: 'eli' }] },
];

/** Seconds each rep takes to accept, and how often they let the SLA lapse. */
const REPS: Record<string, { acceptSeconds: number; missRate: number }> = {
  ana: { acceptSeconds: 30, missRate: 0.05 },
  ben: { acceptSeconds: 300, missRate: 0.2 },
  cy: { acceptSeconds: 3_600, missRate: 0.1 },
  dee: { acceptSeconds: 90, missRate: 0 },
  eli: { acceptSeconds: 20_000, missRate: 0.3 },
};

/** Every lead's images, oldest first: `[undefined, created, routed, ...]`. */
export function leadHistory(count: number, seed: number, endMs: number, days = 30): Lead[][] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const turns = new Map<string, number>();
  return Array.from({ length: count }, (_, i) => {
    const created = endMs - Math.floor(random() * days * 86_400_000) - 3_600_000 * 8;
    const routedBy = pick(['west', 'east', undefined]);
    const pool = routedBy === 'east' ? HISTORY_POOLS[1]! : HISTORY_POOLS[0]!;
    const nextRep = (skip?: string) => {
      const members = pool.members.filter((m) => m.repId !== skip);
      const turn = turns.get(pool.id) ?? 0;
      turns.set(pool.id, turn + 1);
      return members[turn % members.length]!.repId;
    };
    let lead: Lead = {
      id: `lead_${String(i).padStart(5, '0')}`,
      sourceId: pick(['src_form', 'src_ads']),
      status: 'received',
      createdAt: at(created, 0),
      updatedAt: at(created, 0),
      fields: {},
      custom: {},
      decisions: [],
    };
    const images: Lead[] = [lead];
    const step = (decision: Omit<Decision, 'candidates' | 'skipped'>, change: Partial<Lead>) => {
      lead = {
        ...lead,
        ...change,
        updatedAt: decision.at,
        decisions: [...lead.decisions, { candidates: [], skipped: [], ...decision }],
      };
      images.push(lead);
    };
    let t = 1 + Math.floor(random() * 5);
    if (random() < 0.08) {
      step(
        { at: at(created, t), outcome: 'unassigned', poolId: pool.id, reason: 'no_eligible_rep', ...rule(routedBy) },
        { status: 'unassigned', poolId: pool.id },
      );
      return images;
    }
    let rep = nextRep();
    step(
      { at: at(created, t), outcome: 'assigned', poolId: pool.id, repId: rep, ...rule(routedBy) },
      { status: 'assigned', poolId: pool.id, repId: rep, assignedAt: at(created, t) },
    );
    if (random() < REPS[rep]!.missRate) {
      t += 600;
      const missed = rep;
      rep = nextRep(missed);
      step(
        { at: at(created, t), outcome: 'assigned', poolId: pool.id, repId: rep, reason: 'sla_missed' },
        { repId: rep, slaReassignments: (lead.slaReassignments ?? 0) + 1 },
      );
    }
    if (random() < 0.85) {
      t += Math.round(REPS[rep]!.acceptSeconds * (0.5 + random()));
      step(
        { at: at(created, t), outcome: 'accepted', actor: 'rep', poolId: pool.id, repId: rep },
        { status: 'accepted', acceptedAt: at(created, t), speedToLeadSeconds: t },
      );
      if (random() < 0.3) {
        t += 86_400;
        const reason = pick(['spam', 'duplicate', undefined]);
        step(
          {
            at: at(created, t),
            outcome: 'closed',
            actor: 'admin',
            poolId: pool.id,
            repId: rep,
            ...(reason ? { reason } : {}),
          },
          { status: 'closed', closedAt: at(created, t) },
        );
      }
    }
    return images;
  });
}

const rule = (name: string | undefined) => (name ? { rule: name } : {});
