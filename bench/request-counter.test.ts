import { describe, expect, it } from 'vitest';
import { addConsumedCapacity, emptyTally, sumTallies } from './request-counter';

describe('request counting', () => {
  it('sums reported units by table and index, and keeps transactions apart (DynamoDB Local under-reports them)', () => {
    const tally = emptyTally();
    addConsumedCapacity(tally, 'PutItem', [
      {
        TableName: 'bench-leads',
        CapacityUnits: 3,
        Table: { CapacityUnits: 1 },
        GlobalSecondaryIndexes: { byStatus: { CapacityUnits: 1 }, byMonth: { CapacityUnits: 1 } },
      },
    ]);
    addConsumedCapacity(tally, 'GetItem', [{ TableName: 'bench-config', CapacityUnits: 1 }]);
    addConsumedCapacity(tally, 'TransactWriteItems', [{ TableName: 'bench-leads', CapacityUnits: 14 }]);
    expect(tally.writeUnits).toEqual({ total: 3, byTarget: { leads: 1, 'leads/byStatus': 1, 'leads/byMonth': 1 } });
    expect(tally.readUnits).toEqual({ total: 1, byTarget: { config: 1 } });
    expect(tally.transactionUnitsAsReported).toBe(14);
  });

  it('adds up the tallies of several clients, requests, failures, units and transactions alike', () => {
    const a = { ...emptyTally(), requests: { GetItem: 2 }, failed: { TransactWriteItems: 1 } };
    a.writeUnits = { total: 3, byTarget: { leads: 3 } };
    a.transactions = [[{ kind: 'Update', table: 'state', key: { pk: 'p' } }]];
    const b = { ...emptyTally(), requests: { GetItem: 1, PutItem: 4 }, transactionUnitsAsReported: 2 };
    b.writeUnits = { total: 4, byTarget: { leads: 1, state: 3 } };
    const total = sumTallies([a, b]);
    expect(total.requests).toEqual({ GetItem: 3, PutItem: 4 });
    expect(total.failed).toEqual({ TransactWriteItems: 1 });
    expect(total.writeUnits).toEqual({ total: 7, byTarget: { leads: 4, state: 3 } });
    expect(total.transactionUnitsAsReported).toBe(2);
    expect(total.transactions).toHaveLength(1);
  });
});
