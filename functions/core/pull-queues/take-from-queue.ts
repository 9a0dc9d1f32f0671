import type { Decision } from '../leads/lead';
import type { TransitionResult } from '../leads/ports';
import { notifyNewOwner } from '../notices/owner-notice';
import { queueOrder } from '../team/pool';
import type { RepLoad } from '../team/rep';
import { oneMoreLead } from '../team/rep';
import type { QueuedLeadKey } from './ports';
import {
  base,
  cards,
  MAX_PEEKS,
  MAX_TAKE_TRIES,
  NEXT_PEEK,
  OWNED,
  ownLead,
  type QueueView,
  type RepQueueDeps,
  type Resolved,
  readiness,
  refused,
  resolveQueue,
} from './queue-view';

/**
 * One take: the lead must still wait in this pool's queue, and the rep's counters move
 * under their caps, in one conditional transaction. The decision says a rep took it.
 */
function attemptTake(
  deps: RepQueueDeps,
  r: Resolved,
  key: QueuedLeadKey,
  load: RepLoad,
  now: Date,
): Promise<TransitionResult> {
  const at = now.toISOString();
  const decision: Decision = {
    at,
    outcome: 'assigned',
    actor: 'rep',
    poolId: r.pool.id,
    method: r.pool.method,
    candidates: [r.rep.id],
    skipped: [],
    repId: r.rep.id,
  };
  return deps.transitions.apply({
    leadId: key.leadId,
    createdAt: key.createdAt,
    from: ['queued'],
    owner: null,
    inPool: r.pool.id,
    to: { status: 'assigned', repId: r.rep.id, poolId: r.pool.id },
    decision,
    load: oneMoreLead(r.rep, load, now, false),
    releases: [],
    at,
  });
}

/** After a take: the same effects as any assignment (accept deadline, notice with accept link). */
async function took(deps: RepQueueDeps, r: Resolved, leadId: string, now: Date, missed: number): Promise<QueueView> {
  deps.metrics.count('LeadsTaken');
  const lead = await deps.leads.get(leadId);
  if (lead) {
    try {
      await notifyNewOwner(deps, {
        leadId,
        fields: lead.fields,
        repId: r.rep.id,
        rep: r.rep,
        sla: r.pool.sla,
        reassignments: lead.slaReassignments ?? 0,
        now,
        assignedAt: lead.assignedAt ?? now.toISOString(),
      });
    } catch {
      // The lead is the rep's either way, and this page shows it with its accept link.
      deps.metrics.count('NotificationFailures');
    }
  }
  return {
    ...base(r, 'done'),
    ...(lead ? { lead: ownLead(deps, lead, r.rep.id, now) } : {}),
    ...(missed > 0 ? { missed } : {}),
  };
}

export function pause(deps: RepQueueDeps, tries: number): Promise<void> {
  const ms = Math.floor(deps.random() * Math.min(100, 5 * 2 ** Math.min(tries, 5)));
  return (deps.sleep ?? ((n: number) => new Promise<void>((resolve) => setTimeout(resolve, n))))(ms);
}

/**
 * `POST /q/{token}/next`: takes the first waiting lead in the pool's order. When another
 * rep takes it first (the write's condition fails), the next one is tried, and the answer
 * says how many were missed. A write that merely collided with another transaction is
 * tried again on the same lead: skipping it could serve a younger lead while an older one
 * still waits. Bounded: past `MAX_TAKE_TRIES` writes the rep is asked to try again.
 */
export async function takeNext(deps: RepQueueDeps, token: string): Promise<QueueView> {
  const r = await resolveQueue(deps, token);
  if (!('claims' in r)) return r;
  const now = deps.clock.now();
  let ready = await readiness(deps, r, now);
  if (ready.reason) return refused(r, ready.reason);
  const order = queueOrder(r.pool);
  const gone = new Set<string>();
  let tries = 0;
  for (let peek = 0; peek < MAX_PEEKS; peek++) {
    // Indexes lag behind writes: a lead found gone may still be listed, so read past it.
    const keys = (await deps.queued.peek(r.pool.id, order, NEXT_PEEK + gone.size)).filter((k) => !gone.has(k.leadId));
    if (keys.length === 0)
      return {
        ...base(r, 'empty'),
        waiting: { count: 0, more: false },
        ...(gone.size > 0 ? { missed: gone.size } : {}),
      };
    for (const key of keys) {
      for (;;) {
        if (++tries > MAX_TAKE_TRIES) return base(r, 'busy');
        const result = await attemptTake(deps, r, key, ready.load, now);
        if (result === 'applied') return took(deps, r, key.leadId, now, gone.size);
        if (result === 'lead_changed') {
          gone.add(key.leadId);
          break;
        }
        if (result === 'rep_at_cap') {
          // The counters moved since they were read (another take, a new day): read them again.
          ready = await readiness(deps, r, now);
          if (ready.reason) return refused(r, ready.reason);
          continue;
        }
        await pause(deps, tries);
      }
    }
  }
  return base(r, 'busy');
}

/**
 * `POST /q/{token}/take/{leadId}` (preview pools): takes the lead the rep chose, in one
 * conditional write. If another rep took it first, the answer is `taken` and offers the
 * next waiting lead instead.
 */
export async function takeLead(deps: RepQueueDeps, token: string, leadId: string): Promise<QueueView> {
  const r = await resolveQueue(deps, token);
  if (!('claims' in r)) return r;
  // A blind queue hides its leads: there is no lead to choose in it.
  if (r.pool.method !== 'pull_preview') return base(r, 'not_found');
  const now = deps.clock.now();
  let ready = await readiness(deps, r, now);
  if (ready.reason) return refused(r, ready.reason);
  let lead = await deps.leads.get(leadId);
  for (let tries = 1; ; tries++) {
    if (!lead || lead.poolId !== r.pool.id) return base(r, 'not_found');
    if (lead.repId === r.rep.id && OWNED.includes(lead.status))
      return { ...base(r, 'already_yours'), lead: ownLead(deps, lead, r.rep.id, now) };
    if (lead.status !== 'queued') {
      const next = (await cards(deps, r.pool, 3, now))[0];
      return { ...base(r, 'taken'), ...(next ? { next } : {}) };
    }
    if (tries > MAX_TAKE_TRIES) return base(r, 'busy');
    const result = await attemptTake(deps, r, { leadId: lead.id, createdAt: lead.createdAt }, ready.load, now);
    if (result === 'applied') return took(deps, r, lead.id, now, 0);
    if (result === 'rep_at_cap') {
      ready = await readiness(deps, r, now);
      if (ready.reason) return refused(r, ready.reason);
    } else if (result === 'contended') {
      await pause(deps, tries);
    }
    // Read where the lead stands now: taken by someone else, or still waiting.
    lead = await deps.leads.get(leadId);
  }
}
