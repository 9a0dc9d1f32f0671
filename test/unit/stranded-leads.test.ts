import { describe, expect, it } from 'vitest';
import {
  recordDeliveryFailure,
  redriveFailedLeads,
  type StrandedPolicy,
  sweepStrandedLeads,
} from '../../functions/core/assignment/stranded-leads';
import type { Decision, Lead, LeadFailure, LeadMessage } from '../../functions/core/leads/lead';
import type { LeadQuery, LeadRecovery } from '../../functions/core/leads/ports';
import type { EnrichmentJob } from '../../functions/core/sources/ports';

const MINUTE = 60_000;
const policy: StrandedPolicy = {
  strandedAfterMs: 5 * MINUTE,
  routeMessageLifetimeMs: 15 * MINUTE,
  enrichmentJobLifetimeMs: 24 * MINUTE,
  maxRequeues: 3,
  maxScanned: 2_000,
  maxActedOn: 1_000,
};
const t0 = Date.parse('2026-11-23T10:00:00Z');
const at = (minutes: number) => new Date(t0 + minutes * MINUTE);

function aLead(id: string, createdMinute: number, extra: Partial<Lead> = {}): Lead {
  const createdAt = at(createdMinute).toISOString();
  return {
    id,
    sourceId: 'src',
    status: 'received',
    createdAt,
    updatedAt: createdAt,
    fields: { email: `${id}@x.io` },
    custom: {},
    decisions: [],
    ...extra,
  };
}

/** Leads in memory, listed and updated as the DynamoDB adapters do (conditions included). */
function memoryLeads(leads: Lead[]) {
  const byId = new Map(leads.map((l) => [l.id, structuredClone(l)]));
  const routed: LeadMessage[] = [];
  const enriched: EnrichmentJob[] = [];
  const recovery: LeadRecovery = {
    async markFailed(lead, failure: LeadFailure, decision: Decision) {
      const stored = byId.get(lead.id);
      if (!stored || stored.status !== failure.from) return false;
      Object.assign(stored, { status: 'failed', failure, decisions: [...stored.decisions, decision] });
      delete stored.requeuedAt;
      return true;
    },
    async noteRequeued(id, when, notSince) {
      const stored = byId.get(id);
      if (stored?.status !== 'received' || (stored.requeuedAt && stored.requeuedAt > notSince)) return false;
      Object.assign(stored, { requeues: (stored.requeues ?? 0) + 1, requeuedAt: when });
      return true;
    },
    async reopenFailed(lead, decision) {
      const stored = byId.get(lead.id);
      if (stored?.status !== 'failed') return false;
      const { failure: _f, requeues: _r, requeuedAt: _q, ...rest } = stored;
      byId.set(lead.id, {
        ...rest,
        status: lead.failure?.from ?? 'received',
        decisions: [...stored.decisions, decision],
      });
      return true;
    },
  };
  const store = {
    reads: 0,
    async list(query: LeadQuery) {
      store.reads++;
      const all = [...byId.values()]
        .filter((l) => l.status === query.status && (!query.createdBefore || l.createdAt < query.createdBefore))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
      const start = query.cursor ? Number(query.cursor) : 0;
      const page = all.slice(start, start + query.limit);
      const next = start + page.length < all.length ? String(start + page.length) : undefined;
      return { leads: page.map((l) => structuredClone(l)), ...(next ? { nextCursor: next } : {}) };
    },
  };
  const deps = {
    leads: store,
    recovery,
    queue: { enqueue: async (m: LeadMessage) => void routed.push(m) },
    enrichment: { enqueue: async (j: EnrichmentJob) => void enriched.push(j) },
  };
  return { deps, byId, routed, enriched, store };
}

describe('the stranded-lead sweep', () => {
  it('requeues a lead received long enough ago, not a newer one', async () => {
    const { deps, routed } = memoryLeads([aLead('old', -10), aLead('new', -2)]);
    expect(await sweepStrandedLeads(deps, policy, at(0))).toEqual({ requeued: 1, failed: 0, waiting: 0 });
    expect(routed.map((m) => m.leadId)).toEqual(['old']);
  });

  it('requeues a lead again only once its last message must be gone, then marks it failed after the last requeue', async () => {
    const { deps, routed, byId } = memoryLeads([aLead('poison', -10)]);
    const counts: number[] = [];
    for (let minute = 0; minute <= 60; minute++) {
      await sweepStrandedLeads(deps, policy, at(minute));
      counts.push(routed.length);
    }
    // Requeued at 0, 15 and 30 minutes (one message at a time), failed at 45: never requeued forever.
    expect(routed).toHaveLength(3);
    expect(counts.indexOf(2)).toBe(15);
    expect(counts.indexOf(3)).toBe(30);
    expect(byId.get('poison')).toMatchObject({
      status: 'failed',
      failure: { reason: 'never_routed', from: 'received', attempts: 3, at: at(45).toISOString() },
      decisions: [{ outcome: 'failed', reason: 'never_routed' }],
    });
  });

  it('reads past the oldest page, so leads waiting on their last message never hide newer stranded ones', async () => {
    const recentlyRequeued = Array.from({ length: 450 }, (_, i) =>
      aLead(`w${String(i).padStart(3, '0')}`, -60, { requeues: 1, requeuedAt: at(-1).toISOString() }),
    );
    const { deps, routed } = memoryLeads([...recentlyRequeued, aLead('newer', -6)]);
    expect(await sweepStrandedLeads(deps, policy, at(0))).toEqual({ requeued: 1, failed: 0, waiting: 450 });
    expect(routed.map((m) => m.leadId)).toEqual(['newer']);
  });

  it('keeps one enrichment job per Meta lead, however often it sweeps', async () => {
    const { deps, enriched, routed } = memoryLeads([
      aLead('meta', -1, { enrichment: 'pending', custom: { leadgen_id: '7001' } }),
    ]);
    for (let minute = 0; minute <= 50; minute++) await sweepStrandedLeads(deps, policy, at(minute));
    // The first job lives 24 minutes: a second only after that, a third after another 24.
    expect(enriched.map((j) => j.leadgenId)).toEqual(['7001', '7001']);
    expect(routed).toEqual([]);
  });

  it('acts on at most maxActedOn leads a sweep; the next sweep goes on past those it requeued', async () => {
    const { deps, routed } = memoryLeads(Array.from({ length: 30 }, (_, i) => aLead(`l${i}`, -10 - i)));
    await sweepStrandedLeads(deps, { ...policy, maxActedOn: 10 }, at(0));
    expect(routed).toHaveLength(10);
    expect(await sweepStrandedLeads(deps, { ...policy, maxActedOn: 10 }, at(1))).toEqual({
      requeued: 10,
      failed: 0,
      waiting: 10,
    });
    expect(new Set(routed.map((m) => m.leadId)).size).toBe(20);
  });
});

describe('a message that exhausted its deliveries', () => {
  it('marks its lead failed with the error, from received or from held', async () => {
    const { deps, byId } = memoryLeads([aLead('r', -1), aLead('h', -1, { status: 'unassigned', poolId: 'p' })]);
    const error = new Error('Transaction cancelled: ThrottlingException');
    expect(await recordDeliveryFailure(deps.recovery, byId.get('r')!, error, 5, at(0))).toBe(true);
    expect(await recordDeliveryFailure(deps.recovery, byId.get('h')!, error, 5, at(0))).toBe(true);
    expect(byId.get('r')!.failure).toEqual({
      reason: 'deliveries_exhausted',
      error: 'Error: Transaction cancelled: ThrottlingException',
      at: at(0).toISOString(),
      from: 'received',
      attempts: 5,
    });
    expect(byId.get('h')).toMatchObject({ status: 'failed', failure: { from: 'unassigned' } });
  });

  it('leaves a lead that moved on alone', async () => {
    const { deps, byId } = memoryLeads([aLead('a', -1, { status: 'assigned', repId: 'rep' })]);
    expect(await recordDeliveryFailure(deps.recovery, byId.get('a')!, new Error('late'), 5, at(0))).toBe(false);
    expect(byId.get('a')!.status).toBe('assigned');
  });
});

describe('redriving failed leads', () => {
  it('sends each back to the status it failed from and onto its queue, oldest first, with progress per page', async () => {
    const failed = (id: string, minute: number, from: Lead['status'], extra: Partial<Lead> = {}) =>
      aLead(id, minute, {
        status: 'failed',
        failure: { reason: 'deliveries_exhausted', error: 'x', at: at(0).toISOString(), from, attempts: 5 },
        ...extra,
      });
    const many = Array.from({ length: 150 }, (_, i) => failed(`f${String(i).padStart(3, '0')}`, -200 + i, 'received'));
    const { deps, byId, routed, enriched } = memoryLeads([
      ...many,
      failed('held', -10, 'unassigned', { poolId: 'p' }),
      failed('meta', -5, 'received', { enrichment: 'pending', custom: { leadgen_id: '9' } }),
      aLead('fine', -1),
    ]);
    const pages: number[] = [];
    const result = await redriveFailedLeads({ ...deps, clock: { now: () => at(1) } }, (p) => pages.push(p.redriven));
    expect(result).toEqual({ redriven: 152, skipped: 0 });
    expect(pages).toEqual([100, 152]);
    expect(routed.map((m) => m.leadId).slice(0, 2)).toEqual(['f000', 'f001']);
    expect(routed).toHaveLength(151);
    expect(enriched.map((j) => j.leadId)).toEqual(['meta']);
    expect(byId.get('held')).toMatchObject({
      status: 'unassigned',
      decisions: [{ outcome: 'redriven', actor: 'admin' }],
    });
    expect(byId.get('f000')!.failure).toBeUndefined();
    expect([...byId.values()].filter((l) => l.status === 'failed')).toEqual([]);
  });
});
