import { describe, expect, it } from 'vitest';
import { namer } from '../../console/src/directory';
import {
  defaultStatsFilters,
  jainText,
  percent,
  points,
  rowName,
  type StatsRow,
  statsParameters,
  volumeBars,
} from '../../console/src/stats-data';

const none = { count: 0, p50: null, p90: null, p95: null };
const row = (fields: Partial<StatsRow>): StatsRow => ({
  received: 0,
  routedByDefault: 0,
  assigned: 0,
  accepted: 0,
  slaMissed: 0,
  held: 0,
  timeToAcceptSeconds: none,
  timeToAssignSeconds: none,
  ...fields,
});

describe("the stats screen's period", () => {
  it('is the last seven UTC days, today included, grouped by rep', () => {
    expect(defaultStatsFilters(new Date('2026-12-02T00:30:00Z'))).toEqual({
      from: '2026-11-26',
      to: '2026-12-02',
      groupBy: 'rep',
      poolId: '',
    });
  });

  it("asks the API up to the day after the last day shown, since the API's `to` is exclusive", () => {
    const filters = { from: '2026-11-26', to: '2026-11-30', groupBy: 'pool' as const, poolId: '' };
    expect(statsParameters(filters)).toEqual({
      from: '2026-11-26',
      to: '2026-12-01',
      groupBy: 'pool',
      poolId: undefined,
    });
    expect(statsParameters({ ...filters, poolId: 'P1' }, 'day')).toMatchObject({ groupBy: 'day', poolId: 'P1' });
  });
});

describe("the stats screen's figures", () => {
  const nameOf = namer([{ id: 'R1', name: 'Ana' }]);

  it('names a row by its rep, its rule in words, or its day', () => {
    expect(rowName(row({ repId: 'R1' }), 'rep', nameOf)).toBe('Ana');
    expect(rowName(row({ repId: '-' }), 'rep', nameOf)).toBe('nobody (not assigned)');
    expect(rowName(row({ rule: '(default)' }), 'rule', nameOf)).toBe('default pool');
    expect(rowName(row({ rule: 'Germany' }), 'rule', nameOf)).toBe('Germany');
    expect(rowName(row({ day: '2026-12-01' }), 'day', nameOf)).toBe('2026-12-01');
  });

  it('draws a bar for every day of the period, days without leads at zero', () => {
    const rows = [row({ day: '2026-11-29', received: 4 }), row({ day: '2026-12-01', received: 2 })];
    expect(volumeBars(rows, { first: '2026-11-29', last: '2026-12-01' })).toEqual([
      { label: '11-29', value: 4 },
      { label: '11-30', value: 0 },
      { label: '12-01', value: 2 },
    ]);
  });

  it('says shares as percentages, deviations in signed points and a Jain index in words', () => {
    expect(percent(1 / 3)).toBe('33 %');
    expect([points(0.08), points(-0.051), points(0.001)]).toEqual(['+8 pts', '−5 pts', '0 pts']);
    expect([jainText(1), jainText(0.9), jainText(0.5)]).toEqual(['fair', 'somewhat uneven', 'uneven']);
  });
});
