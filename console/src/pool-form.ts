// A pool's editable settings as the form holds them (text), and the PATCH body they make.
import { wholeNumber } from './rep-form';
import type { Pool } from './types';
import { PULL_METHODS } from './vocabulary';

export interface MemberDraft {
  repId: string;
  weight: string;
  tier: string;
}

export interface PoolDraft {
  name: string;
  method: string;
  respectWorkingHours: boolean;
  members: MemberDraft[];
  fallback: string;
  slaSeconds: string;
  slaMaxReassignments: string;
  shotgunWindowSeconds: string;
  shotgunThen: string;
  queueOrder: string;
  queueRemindEveryMinutes: string;
  queueLinkTtlHours: string;
  stickyDays: string;
}

const text = (n: number | undefined) => (n === undefined ? '' : String(n));

/** Whether members of this method carry a weight (leads per cycle, or relative chance). */
export const usesWeight = (method: string) => method === 'weighted' || method === 'random';
/** Whether members of this method carry a tier. */
export const usesTier = (method: string) => method === 'priority_tiers' || method === 'shotgun';
export const isPull = (method: string) => PULL_METHODS.includes(method);

/** The form's values for a pool. */
export function poolDraft(pool: Pool): PoolDraft {
  return {
    name: pool.name,
    method: pool.method,
    respectWorkingHours: pool.respectWorkingHours ?? false,
    members: pool.members.map((m) => ({ repId: m.repId, weight: text(m.weight), tier: text(m.tier) })),
    fallback: pool.fallback ?? 'hold',
    slaSeconds: text(pool.sla?.acceptWithinSeconds),
    slaMaxReassignments: text(pool.sla?.maxReassignments),
    shotgunWindowSeconds: text(pool.shotgun?.windowSeconds),
    shotgunThen: pool.shotgun?.then ?? '',
    queueOrder: pool.queue?.order ?? '',
    queueRemindEveryMinutes: text(pool.queue?.remindEveryMinutes),
    queueLinkTtlHours: text(pool.queue?.linkTtlHours),
    stickyDays: text(pool.stickyDays),
  };
}

/** An object of the set values; `null` (clear it) when none is set. */
function group(values: Record<string, unknown>): Record<string, unknown> | null {
  const set = Object.entries(values).filter(([, v]) => v !== null && v !== '');
  return set.length ? Object.fromEntries(set) : null;
}

/** The PATCH body: what changed from `before`; emptied settings are `null` (cleared). */
export function poolChanges(draft: PoolDraft, before: PoolDraft): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const changed = (...keys: (keyof PoolDraft)[]) =>
    keys.some((key) => JSON.stringify(draft[key]) !== JSON.stringify(before[key]));
  if (changed('name')) body.name = draft.name.trim();
  if (changed('method')) body.method = draft.method;
  if (changed('respectWorkingHours')) body.respectWorkingHours = draft.respectWorkingHours;
  if (changed('members', 'method')) {
    body.members = draft.members.map((m) => ({
      repId: m.repId,
      ...(usesWeight(draft.method) && m.weight.trim() ? { weight: wholeNumber(m.weight) } : {}),
      ...(usesTier(draft.method) && m.tier.trim() ? { tier: wholeNumber(m.tier) } : {}),
    }));
  }
  if (changed('fallback') && !isPull(draft.method)) body.fallback = draft.fallback;
  if (changed('slaSeconds', 'slaMaxReassignments')) {
    body.sla = draft.slaSeconds.trim()
      ? group({
          acceptWithinSeconds: wholeNumber(draft.slaSeconds),
          maxReassignments: wholeNumber(draft.slaMaxReassignments),
        })
      : null;
  }
  if (changed('shotgunWindowSeconds', 'shotgunThen') && draft.method === 'shotgun') {
    body.shotgun = group({ windowSeconds: wholeNumber(draft.shotgunWindowSeconds), then: draft.shotgunThen });
  }
  if (changed('queueOrder', 'queueRemindEveryMinutes', 'queueLinkTtlHours') && isPull(draft.method)) {
    body.queue = group({
      order: draft.queueOrder,
      remindEveryMinutes: wholeNumber(draft.queueRemindEveryMinutes),
      linkTtlHours: wholeNumber(draft.queueLinkTtlHours),
    });
  }
  if (changed('stickyDays')) body.stickyDays = wholeNumber(draft.stickyDays);
  return body;
}

/** Moves the item at `from` by `by` places (−1 up, +1 down), if it can. */
export function move<T>(items: readonly T[], from: number, by: number): T[] {
  const to = from + by;
  if (to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}
