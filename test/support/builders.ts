import type { LeadMessage } from '../../functions/core/leads/lead';
import type { Actor } from '../../functions/core/shared/actor';
import type { Clock } from '../../functions/core/shared/ports';
import type { Pool } from '../../functions/core/team/pool';
import type { Rep } from '../../functions/core/team/rep';

/** A clock that stands still until told to move. */
export function fixedClock(
  iso = '2026-11-23T10:00:00.000Z',
): Clock & { set(iso: string): void; advance(ms: number): void } {
  let now = new Date(iso).getTime();
  return {
    now: () => new Date(now),
    set: (next) => (now = new Date(next).getTime()),
    advance: (ms) => (now += ms),
  };
}

export function aRep(id: string, overrides: Partial<Rep> = {}): Rep {
  return {
    id,
    name: `Rep ${id}`,
    timezone: 'UTC',
    status: 'active',
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

export function aPool(id: string, repIds: string[], overrides: Partial<Pool> = {}): Pool {
  return {
    id,
    name: `Pool ${id}`,
    method: 'round_robin',
    members: repIds.map((repId) => ({ repId })),
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

export function aLeadMessage(leadId: string, sourceId = 'src_1'): LeadMessage {
  return {
    leadId,
    sourceId,
    createdAt: '2026-11-23T09:59:59.000Z',
    fields: { name: `Lead ${leadId}`, email: `${leadId.toLowerCase()}@example.com` },
    custom: {},
  };
}

export function repsById(...reps: Rep[]): Map<string, Rep> {
  return new Map(reps.map((r) => [r.id, r]));
}

/** The admin key tests act as, as the audit log records it. */
export const TEST_ADMIN: Actor = { type: 'admin', keyId: 'key_test', keyName: 'test key' };
