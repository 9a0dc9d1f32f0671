import { describe, expect, it } from 'vitest';
import { auditActor, auditDetails, auditWhat, fieldChangeText } from '../../console/src/audit-text';
import { namer } from '../../console/src/directory';
import { changeEntry } from '../../functions/core/audit/audit-entry';

const nameOf = namer(
  [
    { id: 'rep_a', name: 'Ana' },
    { id: 'rep_b', name: 'Ben' },
  ],
  [{ id: 'pool_in', name: 'Inbound' }],
);
const at = new Date('2026-12-01T09:00:00Z');
const admin = { type: 'admin' as const, keyId: 'key_1', keyName: 'ops laptop' };

describe('the audit log in words', () => {
  it('says who changed what, from which version to which, field by field, and a secret only as changed', () => {
    const entry = changeEntry({
      actor: admin,
      at,
      kind: 'source',
      before: { id: 'src_1', name: 'Partner feed', version: 3, poolId: 'pool_a', signingSecret: 'old' } as never,
      after: { id: 'src_1', name: 'Partner feed', version: 4, poolId: 'pool_in', signingSecret: 'new' } as never,
      secrets: ['signingSecret'],
    });
    expect(auditActor(entry.actor, nameOf)).toBe('Admin key “ops laptop”');
    expect(auditWhat(entry, nameOf)).toBe('Source Partner feed changed (version 3 → 4)');
    const lines = (entry.changes ?? []).map((change) => fieldChangeText(change, nameOf));
    expect(lines).toEqual(['poolId: “pool_a” → “Inbound”', 'signingSecret: changed (a secret: never shown)']);
    expect(lines.join(' ')).not.toContain('new');
  });

  it('names a rep who changed their own availability, and fields set, removed or too large', () => {
    expect(auditActor({ type: 'rep', repId: 'rep_a', via: 'availability_link' }, nameOf)).toBe(
      'Ana, from their availability link',
    );
    expect(auditActor({ type: 'system', name: 'npm run admin' }, nameOf)).toBe('npm run admin');
    expect(fieldChangeText({ field: 'awayUntil', after: '2026-12-24T00:00:00Z' }, nameOf)).toBe(
      'awayUntil: set to “2026-12-24T00:00:00Z”',
    );
    expect(fieldChangeText({ field: 'maxOpen', before: 5 }, nameOf)).toBe('maxOpen: removed (was 5)');
    expect(fieldChangeText({ field: 'rules', large: true }, nameOf)).toBe('rules: changed (too large to show)');
    expect(
      fieldChangeText(
        { field: 'members', before: [{ repId: 'rep_a' }], after: [{ repId: 'rep_a', weight: 2 }] },
        nameOf,
      ),
    ).toBe('members: [{"repId":“Ana”}] → [{"repId":“Ana”,"weight":2}]');
  });

  it('tells a lead action by its owners and reason, and a departure by the leads it sent on', () => {
    const assigned = {
      id: 'aud_1',
      at: at.toISOString(),
      actor: admin,
      action: 'assigned' as const,
      entity: { kind: 'lead' as const, id: 'lead_1' },
      details: { statusBefore: 'held', repIdBefore: 'rep_a', repId: 'rep_b', force: true },
    };
    expect(auditWhat(assigned, nameOf)).toBe('Lead lead_1 assigned');
    expect(auditDetails(assigned, nameOf)).toEqual([
      'It was held for an admin.',
      'Its owner was Ana.',
      'Now it is Ben’s, past their caps.',
    ]);
    const closed = { ...assigned, action: 'closed' as const, details: { statusBefore: 'unassigned', reason: 'spam' } };
    expect(auditDetails(closed, nameOf)).toEqual(['It was waiting.', 'Reason: spam.']);
    const departed = {
      ...assigned,
      action: 'open_leads_reassigned' as const,
      entity: { kind: 'rep' as const, id: 'rep_a', name: 'Ana' },
      details: { leadIds: ['lead_1', 'lead_2'], notInAPool: ['lead_3'], more: true },
    };
    expect(auditWhat(departed, nameOf)).toBe('Rep Ana open leads sent on');
    expect(auditDetails(departed, nameOf)).toEqual([
      '2 lead(s) sent back through their pools.',
      '1 lead(s) in no pool, left for an admin.',
      'The rep had more open leads than one call sends on.',
    ]);
    expect(
      auditWhat({ ...assigned, action: 'changed', entity: { kind: 'rules', id: 'current' }, versionAfter: 1 }, nameOf),
    ).toBe('The routing rules changed (version 1)');
  });
});
