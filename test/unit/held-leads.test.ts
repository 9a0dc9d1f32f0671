import { describe, expect, it } from 'vitest';
import { requeueHeldLeads } from '../../functions/core/assignment/held-leads';
import type { Lead, LeadMessage } from '../../functions/core/leads/lead';
import type { LeadQuery } from '../../functions/core/leads/ports';
import { aPool } from '../support/builders';

function aLead(id: string, poolId: string, status: Lead['status'], createdAt = '2026-11-23T09:00:00.000Z'): Lead {
  return {
    id,
    sourceId: 'src',
    status,
    poolId,
    createdAt,
    updatedAt: createdAt,
    fields: { email: `${id}@x.io` },
    custom: {},
    decisions: [],
  };
}

function fakes(leads: Lead[]) {
  const queued: LeadMessage[] = [];
  const queries: LeadQuery[] = [];
  const pools = [aPool('auto', []), aPool('desk', [], { method: 'manual' })];
  return {
    queued,
    queries,
    deps: {
      config: { listPools: async () => pools, getPool: async (id: string) => pools.find((p) => p.id === id) },
      leads: {
        list: async (query: LeadQuery) => {
          queries.push(query);
          return {
            leads: leads.filter(
              (l) => (!query.poolId || l.poolId === query.poolId) && (!query.status || l.status === query.status),
            ),
          };
        },
      },
      queue: { enqueue: async (m: LeadMessage) => void queued.push(m), enqueueNotice: async () => undefined },
    },
  };
}

describe('requeueHeldLeads', () => {
  it('queues the held leads of automatic pools, oldest first, and leaves manual pools alone', async () => {
    const { deps, queued, queries } = fakes([
      aLead('h1', 'auto', 'unassigned'),
      aLead('m1', 'desk', 'unassigned'),
      aLead('a1', 'auto', 'assigned'),
    ]);
    expect(await requeueHeldLeads(deps)).toBe(1);
    expect(queued.map((m) => m.leadId)).toEqual(['h1']);
    expect(queries).toEqual([{ poolId: 'auto', status: 'unassigned', limit: 200, oldestFirst: true }]);
  });

  it('skips pools where nobody could take a lead now, and marks the pool the lead waits in', async () => {
    const { deps, queued } = fakes([aLead('h1', 'auto', 'unassigned')]);
    expect(await requeueHeldLeads({ ...deps, mayTakeLeads: async () => false })).toBe(0);
    expect(await requeueHeldLeads({ ...deps, mayTakeLeads: async () => true })).toBe(1);
    expect(queued[0]).toMatchObject({ leadId: 'h1', heldIn: 'auto' });
  });

  it('keeps a lead that fell back into the pool in that pool; one routed there goes through the rules again', async () => {
    const fellBack = aLead('f1', 'auto', 'unassigned');
    fellBack.decisions = [
      {
        at: fellBack.createdAt,
        outcome: 'assigned',
        poolId: 'front',
        via: 'source',
        repId: 'rep_a',
        candidates: [],
        skipped: [],
      },
      {
        at: fellBack.createdAt,
        outcome: 'fallback',
        poolId: 'front',
        fallbackTo: 'auto',
        reason: 'sla_exhausted',
        candidates: [],
        skipped: [],
      },
      {
        at: fellBack.createdAt,
        outcome: 'unassigned',
        poolId: 'auto',
        reason: 'no_eligible_rep',
        candidates: [],
        skipped: [],
      },
    ];
    const routed = aLead('r1', 'auto', 'unassigned');
    routed.decisions = [
      { at: routed.createdAt, outcome: 'fallback', poolId: 'front', fallbackTo: 'auto', candidates: [], skipped: [] },
      {
        at: routed.createdAt,
        outcome: 'unassigned',
        poolId: 'auto',
        via: 'rule',
        reason: 'no_eligible_rep',
        candidates: [],
        skipped: [],
      },
    ];
    const { deps, queued } = fakes([fellBack, routed]);
    expect(await requeueHeldLeads(deps)).toBe(2);
    expect(queued.find((m) => m.leadId === 'f1')).toMatchObject({ heldIn: 'auto', stayIn: 'auto' });
    expect(queued.find((m) => m.leadId === 'r1')).not.toHaveProperty('stayIn');
  });

  it('can be limited to some pools', async () => {
    const { deps, queued } = fakes([aLead('h1', 'auto', 'unassigned')]);
    expect(await requeueHeldLeads(deps, ['desk', 'gone'])).toBe(0);
    expect(queued).toEqual([]);
  });
});
