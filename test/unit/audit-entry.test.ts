import { describe, expect, it } from 'vitest';
import { changeEntry, fieldChanges, MAX_RECORDED_VALUE } from '../../functions/core/audit/audit-entry';
import { TEST_ADMIN } from '../support/builders';

describe('audit entries', () => {
  it('record the changed fields with their values, bookkeeping aside', () => {
    expect(
      fieldChanges(
        { id: 'rep_1', name: 'Ana', maxOpen: 5, version: 1, updatedAt: 'then' },
        { id: 'rep_1', name: 'Ana', maxOpen: 3, awayUntil: '2026-12-01T00:00:00.000Z', version: 2, updatedAt: 'now' },
      ),
    ).toEqual([
      { field: 'awayUntil', after: '2026-12-01T00:00:00.000Z' },
      { field: 'maxOpen', before: 5, after: 3 },
    ]);
  });

  it('name a secret that changed, never its value, and leave out values too large to keep', () => {
    const changes = fieldChanges(
      { signingSecret: 'old-secret-value', members: [] },
      { signingSecret: 'new-secret-value', members: Array.from({ length: 200 }, (_, i) => ({ repId: `rep_${i}` })) },
      ['signingSecret'],
    );
    expect(changes).toEqual([
      { field: 'members', large: true },
      { field: 'signingSecret', secret: true },
    ]);
    expect(JSON.stringify(changes)).not.toContain('secret-value');
    expect(MAX_RECORDED_VALUE).toBeLessThan(
      JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ repId: `rep_${i}` }))).length,
    );
  });

  it('say who, when, what and the versions, and tell creation, change and deletion apart', () => {
    const at = new Date('2026-11-23T10:00:00.000Z');
    const before = { id: 'pool_1', name: 'Inbound', version: 3 };
    const after = { ...before, name: 'Inbound EMEA', version: 4 };
    expect(changeEntry({ actor: TEST_ADMIN, at, kind: 'pool', before, after })).toMatchObject({
      id: expect.stringMatching(/^aud_/),
      at: at.toISOString(),
      actor: TEST_ADMIN,
      action: 'changed',
      entity: { kind: 'pool', id: 'pool_1', name: 'Inbound EMEA' },
      versionBefore: 3,
      versionAfter: 4,
      changes: [{ field: 'name', before: 'Inbound', after: 'Inbound EMEA' }],
    });
    expect(changeEntry({ actor: TEST_ADMIN, at, kind: 'pool', after }).action).toBe('created');
    expect(changeEntry({ actor: TEST_ADMIN, at, kind: 'pool', before }).action).toBe('deleted');
  });
});
