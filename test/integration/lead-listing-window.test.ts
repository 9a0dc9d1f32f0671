import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoLeadStore } from '../../functions/adapters/dynamodb/dynamo-lead-store';
import { LeadListQuerySchema, listLeads } from '../../functions/core/admin/lead-queries';
import type { Lead, LeadStatus } from '../../functions/core/leads/lead';
import { ValidationError } from '../../functions/core/shared/errors';
import { parseInput } from '../../functions/core/shared/validation';
import { createTestDatabase } from '../support/dynamo';

const DAY = 86_400_000;
const now = Date.now();
const STATUSES: LeadStatus[] = ['assigned', 'accepted', 'closed', 'unassigned', 'queued'];

/** 60 leads, one every 1.5 days back from now, across three months, two pools and two reps. */
const seeded: Lead[] = Array.from({ length: 60 }, (_, i) => {
  const at = new Date(now - i * 1.5 * DAY - 1000).toISOString();
  const status = STATUSES[i % STATUSES.length]!;
  const owned = status === 'assigned' || status === 'accepted' || status === 'closed';
  return {
    id: `lead_${String(i).padStart(3, '0')}`,
    sourceId: 'src_1',
    status,
    createdAt: at,
    updatedAt: at,
    fields: { name: `Lead ${i}` },
    custom: {},
    poolId: i % 2 === 0 ? 'pool_a' : 'pool_b',
    ...(owned ? { repId: i % 3 === 0 ? 'rep_1' : 'rep_2' } : {}),
    decisions: [],
  };
});

let leads: DynamoLeadStore;

beforeAll(async () => {
  const db = await createTestDatabase();
  leads = new DynamoLeadStore(db.documents, db.tables.leads);
  for (const lead of seeded) await leads.create(lead);
});

/** Every lead a query lists, following cursors page by page. */
async function listAll(query: Record<string, string>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const parsed = parseInput(LeadListQuerySchema, { ...query, limit: '7', ...(cursor ? { cursor } : {}) }, 'query');
    const result = await listLeads(leads, parsed);
    ids.push(...result.leads.map((l) => l.id));
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return ids.sort();
}

function expected(from: string, to: string, keep: (lead: Lead) => boolean = () => true): string[] {
  return seeded
    .filter((l) => l.createdAt >= from && l.createdAt < to && keep(l))
    .map((l) => l.id)
    .sort();
}

const from = new Date(now - 40 * DAY).toISOString();
const to = new Date(now - 10 * DAY).toISOString();

describe('listing leads by creation time against DynamoDB Local', () => {
  it('lists exactly the leads created in the window, across months and pages', async () => {
    expect(await listAll({ from, to })).toEqual(expected(from, to));
    expect(expected(from, to)).toHaveLength(20);
  });

  it('combines the window with status, pool and rep filters', async () => {
    const cases: [Record<string, string>, (lead: Lead) => boolean][] = [
      [{ status: 'closed' }, (l) => l.status === 'closed'],
      [{ status: 'unassigned' }, (l) => l.status === 'unassigned'],
      [{ poolId: 'pool_a' }, (l) => l.poolId === 'pool_a'],
      [{ poolId: 'pool_b', status: 'queued' }, (l) => l.poolId === 'pool_b' && l.status === 'queued'],
      [{ repId: 'rep_1' }, (l) => l.repId === 'rep_1'],
      [{ repId: 'rep_2', poolId: 'pool_a' }, (l) => l.repId === 'rep_2' && l.poolId === 'pool_a'],
      [{ repId: 'rep_2', status: 'accepted' }, (l) => l.repId === 'rep_2' && l.status === 'accepted'],
    ];
    for (const [filter, keep] of cases) {
      expect(await listAll({ ...filter, from, to }), JSON.stringify(filter)).toEqual(expected(from, to, keep));
    }
  });

  it('takes either end alone, and a calendar date as its midnight UTC', async () => {
    expect(await listAll({ from })).toEqual(expected(from, '9999'));
    expect(await listAll({ to, status: 'accepted' })).toEqual(expected('', to, (l) => l.status === 'accepted'));
    const day = to.slice(0, 10);
    expect(await listAll({ to: day })).toEqual(expected('', `${day}T00:00:00.000Z`));
  });

  it('counts `from` in and `to` out, to the millisecond', async () => {
    const edge = seeded[7]!.createdAt;
    expect(await listAll({ from: edge, to: new Date(Date.parse(edge) + 1).toISOString() })).toEqual([seeded[7]!.id]);
    expect(await listAll({ from: new Date(Date.parse(edge) - 5).toISOString(), to: edge })).toEqual([]);
  });
});

describe('the window of a lead listing', () => {
  it.each([
    [{ from: 'yesterday' }, 'from'],
    [{ to: '2026-13-01' }, 'to'],
    [{ from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' }, 'to'],
    [{ from: '2026-11-01', to: '2026-11-01T00:00:00.000Z' }, 'to'],
  ])('refuses %j with a problem at `%s`', (query, path) => {
    const error = catchError(() => parseInput(LeadListQuerySchema, query, 'query string'));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it('reads an offset as the same instant in UTC', () => {
    const parsed = parseInput(LeadListQuerySchema, { from: '2026-11-01T10:00:00+02:00' });
    expect(parsed.from).toBe('2026-11-01T08:00:00.000Z');
  });
});

function catchError(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  return undefined;
}
