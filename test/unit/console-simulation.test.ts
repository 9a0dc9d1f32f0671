import { describe, expect, it } from 'vitest';
import { namer } from '../../console/src/directory';
import { onDraftFields, placementText, simulationBody, simulationSummary } from '../../console/src/simulation';

const nameOf = namer([{ id: 'P1', name: 'Inbound' }]);

describe('simulating a draft rule set', () => {
  it('replays the draft as PUT /admin/rules takes it over the last 30 days', () => {
    const draft = { rules: [], defaultPoolId: 'P1' };
    expect(simulationBody(draft, new Date('2026-12-31T12:00:00Z'))).toEqual({
      rules: draft,
      from: '2026-12-01T12:00:00.000Z',
    });
  });

  it("puts the simulation's errors on the draft's own fields", () => {
    const errors = onDraftFields({
      byPath: { 'rules.rules.0.name': 'Required', lastN: 'Too many' },
      general: 'Invalid',
    });
    expect(errors).toEqual({ byPath: { 'rules.0.name': 'Required', lastN: 'Too many' }, general: 'Invalid' });
  });

  it('says what decided each way: a rule, the default pool, the source, or why no pool', () => {
    expect(placementText({ poolId: 'P1', by: 'Germany' }, nameOf)).toBe('Inbound, by rule “Germany”');
    expect(placementText({ poolId: 'P1', by: '(default)' }, nameOf)).toBe('Inbound, by the default pool');
    expect(placementText({ poolId: 'P1', by: '(source)' }, nameOf)).toBe("Inbound, by its source's pool");
    expect(placementText({ by: 'no_rule_matched' }, nameOf)).toBe('no pool (no rule matched)');
  });

  it('sums the replay up: leads, moves, the default pool, leads that would go nowhere, and a cut-off window', () => {
    const answer = { leads: 10, truncated: false, pools: [], moved: 2, movedSample: [], toDefault: 3, unrouted: 0 };
    expect(simulationSummary(answer)).toBe(
      '10 lead(s) replayed: 2 would move, 3 would fall to the default pool. Nothing is saved until you save the rules.',
    );
    expect(simulationSummary({ ...answer, truncated: true, unrouted: 1 })).toContain(
      '(the newest only: the window held more): 2 would move, 3 would fall to the default pool, 1 would go to no pool.',
    );
  });
});
