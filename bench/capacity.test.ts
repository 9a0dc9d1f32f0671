import { describe, expect, it } from 'vitest';
import { TABLES } from '../functions/adapters/dynamodb/table-definitions';
import {
  indexWrites,
  itemKey,
  itemSize,
  numberSize,
  storedBytes,
  transactionUnits,
  withIndex,
  writeCost,
  writeUnits,
  writeUnitsPerLead,
} from './capacity';

describe('DynamoDB capacity from item sizes (AWS rules)', () => {
  it('sizes items by attribute names and values', () => {
    expect(itemSize({ id: 'abc' })).toBe(2 + 3);
    expect(itemSize({ n: 12345 })).toBe(1 + 4); // 5 significant digits → 3 bytes + 1
    expect(itemSize({ ok: true, none: null })).toBe(2 + 1 + 4 + 1);
    expect(itemSize({ m: { a: 'x' } })).toBe(1 + 3 + 1 + 1 + 1); // map overhead 3, per element 1, key 1, value 1
    expect(itemSize({ l: ['ab', 'c'] })).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(itemSize({ é: 'ü' })).toBe(2 + 2);
    expect(numberSize('1000')).toBe(2);
    expect(numberSize('-0.00123')).toBe(3);
  });

  it('charges one write unit per started KB, at least one', () => {
    expect([writeUnits(0), writeUnits(1024), writeUnits(1025), writeUnits(3000)]).toEqual([1, 1, 2, 3]);
  });

  it('counts index writes: none when nothing projected changes, one to add, update or remove, two when the key moves', () => {
    const [byWaitingStatus, byPool, , byMonth] = TABLES.leads.globalIndexes;
    const received = {
      id: 'L1',
      status: 'received',
      waiting: 'received',
      createdAt: '2026-11-23T10:00:00Z',
      createdMonth: '2026-11',
      statusCreatedAt: 'received#2026',
    };
    const { waiting: _gone, ...assignedBase } = received;
    const assigned = {
      ...assignedBase,
      status: 'assigned',
      poolId: 'p1',
      repId: 'r1',
      statusCreatedAt: 'assigned#2026',
    };
    expect(indexWrites(byWaitingStatus!, TABLES.leads, received, assigned)).toHaveLength(1);
    expect(indexWrites(byWaitingStatus!, TABLES.leads, received, { ...received, waiting: 'unassigned' })).toHaveLength(
      2,
    );
    expect(indexWrites(byPool!, TABLES.leads, received, assigned)).toHaveLength(1);
    expect(indexWrites(byMonth!, TABLES.leads, received, assigned)).toHaveLength(0);
    expect(indexWrites(byMonth!, TABLES.leads, undefined, received)).toHaveLength(1);
  });

  it('prices a one-lead assignment transaction by AWS rules: the lead, its index entries, all doubled', () => {
    // A 1.5 KB lead: table 2 × 2; the waiting entry removed, pool and rep entries added, each × 2; byMonth untouched.
    const received = {
      id: 'a',
      status: 'received',
      waiting: 'received',
      createdAt: '2026',
      createdMonth: '2026-11',
      statusCreatedAt: 'received#2026',
      raw: 'x'.repeat(1500),
    };
    const { waiting: _gone, ...rest } = received;
    const assigned = { ...rest, status: 'assigned', repId: 'rep1', poolId: 'pool1', statusCreatedAt: 'assigned#2026' };
    expect(writeCost(TABLES.leads, received, assigned, true)).toEqual({
      table: 4,
      indexes: { byWaitingStatus: 2, byPool: 2, byRep: 2 },
      total: 10,
    });
    // And the ingest PutItem of that lead: table 2, byWaitingStatus 1, byMonth 1 (no pool or rep yet).
    expect(writeCost(TABLES.leads, undefined, received, false)).toEqual({
      table: 2,
      indexes: { byWaitingStatus: 1, byMonth: 1 },
      total: 4,
    });
  });

  it('prices other table layouts from the same sample lead', () => {
    const received = {
      id: 'a',
      status: 'received',
      waiting: 'received',
      createdAt: '2026',
      createdMonth: '2026-11',
      statusCreatedAt: 'received#2026',
    };
    const { waiting: _gone, ...rest } = received;
    const sample = {
      received,
      assigned: { ...rest, status: 'assigned', repId: 'r', poolId: 'p', statusCreatedAt: 'assigned#2026' },
      otherUnitsPerLead: { state: 2.2 }, // the rotation's share and the rep's load item, as measured
    };
    const asBuilt = writeUnitsPerLead(TABLES, sample, { transactional: true });
    expect(asBuilt.ingest).toBe(3);
    expect(asBuilt.assignment).toBeCloseTo(2 + 2 + 2 + 2 + 2.2);
    const leaner = withIndex(TABLES.leads, 'byWaitingStatus', undefined);
    expect(writeUnitsPerLead({ leads: leaner }, sample, { transactional: false }).total).toBeCloseTo(
      2 + 1 + 1 + 1 + 1.1,
    );
  });

  it('prices a committed transaction from its items: leads before and after, other items as stored', () => {
    const before = {
      id: 'L1',
      status: 'received',
      waiting: 'received',
      createdAt: '2026',
      createdMonth: '2026-11',
      statusCreatedAt: 'received#2026',
    };
    const { waiting: _gone, ...rest } = before;
    const after = { ...rest, status: 'assigned', repId: 'r', poolId: 'p', statusCreatedAt: 'assigned#2026' };
    const rotation = { pk: 'pool#p', seq: 1, members: { r: { last: 1 } } };
    const load = { pk: 'rep#r', open: 1, dayCount: 1, day: '2026-11-23' };
    const units = transactionUnits(
      TABLES,
      [
        [
          { kind: 'Update', table: 'state', key: { pk: 'pool#p' } },
          { kind: 'Update', table: 'state', key: { pk: 'rep#r' } },
          { kind: 'Update', table: 'leads', key: { id: 'L1' } },
        ],
      ],
      new Map([['L1', { before, after }]]),
      new Map<string, Record<string, unknown>>([
        [itemKey('state', { pk: 'pool#p' }), rotation],
        [itemKey('state', { pk: 'rep#r' }), load],
      ]),
    );
    expect(units.byTarget).toEqual({
      state: 4,
      leads: 2,
      'leads/byWaitingStatus': 2,
      'leads/byPool': 2,
      'leads/byRep': 2,
    });
    expect(units.total).toBe(12);
  });

  it('sizes stored items with their index entries, each with 100 bytes of overhead', () => {
    const table = {
      ...TABLES.leads,
      globalIndexes: [{ indexName: 'byRep', partitionKey: { name: 'repId', type: 'S' as const }, include: [] }],
    };
    // The item: "id"+"L1" = 4 bytes, "repId"+"r" = 6 bytes; the entry holds both keys: 10 bytes.
    expect(storedBytes(table, { id: 'L1', repId: 'r' })).toBe(10 + 100 + 10 + 100);
    // Not in the index without its key: the item alone.
    expect(storedBytes(table, { id: 'L1' })).toBe(4 + 100);
  });
});
