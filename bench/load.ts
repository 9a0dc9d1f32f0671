// A burst on the local stack: many clients posting leads at once to one round-robin pool,
// closed loop (each client sends its next lead when the last one was answered), to 127.0.0.1
// only. Then every lead is read back: was it accepted, assigned exactly once, notified once,
// and are the reps' counts within one of each other? Bounded: it sends a fixed number of
// leads, waits a bounded time for the last assignments, and stops the stack.
import type { AdminDeps } from '../functions/core/admin/admin-deps';
import type { Lead } from '../functions/core/leads/lead';
import type { RepNotification } from '../functions/core/notices/ports';
import type { AdminConfig } from '../functions/http/handlers/admin-handlers';
import { startLocalStack } from '../functions/local/local-stack';
import { createReps, createRoutedPool, type MethodSetup, sampleLeadPayload } from './scenario';
import { type Summary, spread, summarize } from './stats';

export interface LoadRun {
  leads: number;
  clients: number;
  reps: number;
  /** Requests answered 202 with a lead id. */
  accepted: number;
  /** Requests answered otherwise, or not at all within the client's timeout. */
  failed: number;
  /** Accepted leads that were never assigned before the run stopped waiting. */
  notAssigned: number;
  /** Leads whose decisions record more than one assignment. */
  assignedMoreThanOnce: number;
  /** Leads whose rep got more than one assignment notice. */
  notifiedMoreThanOnce: number;
  /** Accepted leads assigned exactly once and notified exactly once. */
  assignedOnce: number;
  /** Leads per rep, in pool order, and max − min. */
  counts: number[];
  spread: number;
  /** Send → 202, per request. */
  ingestMs: Summary;
  /** The lead's intake (`createdAt`) → its assignment (`assignedAt`), both stamped by the stack. */
  assignmentLagMs: Summary;
  /** First request sent → the last lead's `assignedAt`. */
  lastAssignmentMs: number;
  /** First request sent → last request answered. */
  sendingMs: number;
}

/** Posts `leads` leads from `clients` concurrent clients to a fresh pool of `reps` reps on the local stack. */
export async function measureLoad(
  dynamoEndpoint: string,
  setup: MethodSetup,
  options: { leads: number; clients: number; reps: number; drainSeconds?: number },
): Promise<LoadRun> {
  // No sweep: it would only requeue held leads, and none should be held.
  const stack = await startLocalStack({
    port: 0,
    dynamoEndpoint,
    tablePrefix: 'bench-load',
    sourceCacheMs: 60_000,
    sweepEveryMs: 0,
  });
  try {
    const admin: AdminDeps<AdminConfig> = { config: stack.config, clock: { now: () => new Date() } };
    const repIds = await createReps(admin, options.reps, 'Load rep');
    const { source } = await createRoutedPool(admin, setup, repIds, 'Load');
    const hook = `${stack.url.replace('localhost', '127.0.0.1')}/hooks/${source.key}`;

    const notices = new Map<string, number>();
    const count = (notification: RepNotification) => {
      if (notification.kind === 'assigned')
        notices.set(notification.leadId, (notices.get(notification.leadId) ?? 0) + 1);
    };
    const notify = stack.outbox.notify.bind(stack.outbox);
    const notifyMany = stack.outbox.notifyMany.bind(stack.outbox);
    stack.outbox.notify = async (notification) => {
      count(notification);
      return notify(notification);
    };
    stack.outbox.notifyMany = async (notifications) => {
      for (const notification of notifications) count(notification);
      return notifyMany(notifications);
    };

    const leadIds: string[] = [];
    const ingestMs: number[] = [];
    let failed = 0;
    let next = 0;
    const startedWall = Date.now();
    const started = performance.now();
    const client = async () => {
      while (next < options.leads) {
        const i = next++;
        const sentAt = performance.now();
        try {
          const response = await fetch(hook, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(sampleLeadPayload(200_000 + i)),
            signal: AbortSignal.timeout(30_000),
          });
          const body = (await response.json().catch(() => ({}))) as { leadId?: string };
          if (response.status === 202 && body.leadId) {
            leadIds.push(body.leadId);
            ingestMs.push(performance.now() - sentAt);
          } else failed++;
        } catch {
          failed++;
        }
      }
    };
    await Promise.all(Array.from({ length: options.clients }, client));
    const sendingMs = performance.now() - started;

    // Bounded wait for the last assignments: every accepted lead notified, or the deadline.
    const deadline = performance.now() + (options.drainSeconds ?? 60) * 1000;
    while (leadIds.some((id) => !notices.has(id)) && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));

    const leads = await readAll(leadIds, (id) => stack.leads.get(id));
    const assignments = (lead: Lead | undefined) => lead?.decisions.filter((d) => d.outcome === 'assigned').length ?? 0;
    const assigned = leads.filter((lead) => lead?.status === 'assigned' && lead.assignedAt);
    const perRep = new Map(repIds.map((id) => [id, 0]));
    for (const lead of assigned) perRep.set(lead!.repId!, (perRep.get(lead!.repId!) ?? 0) + 1);
    const counts = repIds.map((id) => perRep.get(id) ?? 0);
    return {
      leads: options.leads,
      clients: options.clients,
      reps: options.reps,
      accepted: leadIds.length,
      failed,
      notAssigned: leadIds.length - assigned.length,
      assignedMoreThanOnce: leads.filter((lead) => assignments(lead) > 1).length,
      notifiedMoreThanOnce: leadIds.filter((id) => (notices.get(id) ?? 0) > 1).length,
      assignedOnce: leads.filter((lead) => assignments(lead) === 1 && notices.get(lead!.id) === 1).length,
      counts,
      spread: spread(counts),
      ingestMs: summarize(ingestMs),
      assignmentLagMs: summarize(assigned.map((lead) => Date.parse(lead!.assignedAt!) - Date.parse(lead!.createdAt))),
      lastAssignmentMs: assigned.length
        ? Math.max(...assigned.map((lead) => Date.parse(lead!.assignedAt!))) - startedWall
        : Number.NaN,
      sendingMs,
    };
  } finally {
    await stack.stop();
  }
}

/** Reads every lead back, a few at a time. */
async function readAll(ids: readonly string[], read: (id: string) => Promise<Lead | undefined>) {
  const leads: (Lead | undefined)[] = new Array(ids.length);
  let next = 0;
  const reader = async () => {
    while (next < ids.length) {
      const i = next++;
      leads[i] = await read(ids[i]!);
    }
  };
  await Promise.all(Array.from({ length: 16 }, reader));
  return leads;
}
