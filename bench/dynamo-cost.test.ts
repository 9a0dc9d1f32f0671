import { describe, expect, it } from 'vitest';
import { addCosts, costPerLead } from './dynamo-cost';
import { emptyTally } from './request-counter';

describe('DynamoDB cost per lead', () => {
  it('turns a tally into per-lead figures with computed transaction units added', () => {
    const tally = { ...emptyTally(), requests: { PutItem: 10, TransactWriteItems: 1 } };
    tally.writeUnits = { total: 30, byTarget: { leads: 10, 'leads/byStatus': 20 } };
    const cost = costPerLead(tally, 10, { total: 140, byTarget: { leads: 40, state: 2, 'leads/byStatus': 98 } });
    expect(cost).toMatchObject({ requests: 1.1, writeUnits: 17, computedWriteUnits: 14 });
    expect(cost.writeUnitsByTarget).toEqual({ leads: 5, 'leads/byStatus': 11.8, state: 0.2 });
  });

  it('adds the ingest and the assignment side by side, target by target', () => {
    const ingest = costPerLead({ ...emptyTally(), requests: { PutItem: 2 } }, 2);
    const assignment = costPerLead({ ...emptyTally(), requests: { TransactWriteItems: 1 } }, 2, {
      total: 8,
      byTarget: { leads: 6, state: 2 },
    });
    const total = addCosts(ingest, assignment);
    expect(total.requests).toBe(1.5);
    expect(total.requestsByOperation).toEqual({ PutItem: 1, TransactWriteItems: 0.5 });
    expect(total.writeUnitsByTarget).toEqual({ leads: 3, state: 1 });
  });
});
