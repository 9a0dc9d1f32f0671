// Latency on the local stack: the real HTTP server, ingest handler, in-process queue,
// assigner and outbox, driven at a fixed offered rate by an open-loop load generator.
import type { AdminDeps } from '../functions/core/admin/admin-deps';
import type { RepNotification } from '../functions/core/notices/ports';
import type { AdminConfig } from '../functions/http/handlers/admin-handlers';
import { startLocalStack } from '../functions/local/local-stack';
import { createReps, createRoutedPool, type MethodSetup, sampleLeadPayload } from './scenario';
import { type Summary, summarize } from './stats';

export interface LatencyRun {
  offeredRate: number;
  seconds: number;
  /** Leads sent before the measured ones. */
  warmUpLeads: number;
  sent: number;
  accepted: number;
  /** Requests that got no 202 (errors, or no answer in time). */
  failed: number;
  /** Leads that were never notified before the run gave up waiting. */
  unfinished: number;
  /** How late the generator started requests against its schedule (event loop lag). */
  scheduleLagMs: Summary;
  /** Send → 202 response. */
  webhookAcceptedMs: Summary;
  /** Send → the lead's `assignedAt` (the instant the assigner decided, stored on the lead). */
  webhookToAssignedMs: Summary;
  /** Send → the outbox received the notice (after the assignment transaction committed). */
  webhookToNotifiedMs: Summary;
}

interface Sent {
  scheduledAt: number;
  startedAt: number;
  startedWall: number;
  answeredAt?: number;
  leadId?: string;
  failed?: boolean;
}

/**
 * Offers `rate` leads per second for `seconds` to a round-robin pool on the local stack,
 * open loop: each request starts on its schedule whether or not earlier ones have answered
 * (bounded by `maxInFlight`). Times are measured in this process, which also runs the stack.
 */
export async function measureLatency(
  dynamoEndpoint: string,
  setup: MethodSetup,
  options: { rate: number; seconds: number; warmUpLeads: number; maxInFlight?: number; drainSeconds?: number },
): Promise<LatencyRun> {
  const stack = await startLocalStack({ port: 0, dynamoEndpoint, tablePrefix: 'bench-latency', sourceCacheMs: 60_000 });
  try {
    const admin: AdminDeps<AdminConfig> = { config: stack.config, clock: { now: () => new Date() } };
    const repIds = await createReps(admin, 10, 'Latency rep');
    const { source } = await createRoutedPool(admin, setup, repIds, 'Latency');
    const hook = `${stack.url.replace('localhost', '127.0.0.1')}/hooks/${source.key}`;

    const notifiedAt = new Map<string, number>();
    const notify = stack.outbox.notify.bind(stack.outbox);
    stack.outbox.notify = async (notification: RepNotification) => {
      notifiedAt.set(notification.leadId, performance.now());
      return notify(notification);
    };

    const post = async (i: number): Promise<{ status: number; leadId?: string }> => {
      const response = await fetch(hook, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(sampleLeadPayload(i)),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await response.json().catch(() => ({}))) as { leadId?: string };
      return { status: response.status, ...(body.leadId ? { leadId: body.leadId } : {}) };
    };

    // Warm-up: connections, JIT, caches; not measured.
    for (let i = 0; i < options.warmUpLeads; i++) await post(i);
    await stack.settled();

    const total = Math.round(options.rate * options.seconds);
    const interval = 1000 / options.rate;
    const maxInFlight = options.maxInFlight ?? 500;
    const sent: Sent[] = [];
    const inFlight = new Set<Promise<void>>();
    const start = performance.now() + 50;
    for (let i = 0; i < total; i++) {
      const scheduledAt = start + i * interval;
      const wait = scheduledAt - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const record: Sent = { scheduledAt, startedAt: performance.now(), startedWall: Date.now() };
      sent.push(record);
      if (inFlight.size >= maxInFlight) {
        record.failed = true;
        continue;
      }
      const request = post(100_000 + i).then(
        (r) => {
          record.answeredAt = performance.now();
          if (r.status === 202 && r.leadId) record.leadId = r.leadId;
          else record.failed = true;
        },
        () => {
          record.failed = true;
        },
      );
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request));
    }
    await Promise.all(inFlight);

    // Wait (bounded) until every accepted lead has been notified.
    const accepted = sent.filter((s) => s.leadId);
    const deadline = performance.now() + (options.drainSeconds ?? 30) * 1000;
    while (accepted.some((s) => !notifiedAt.has(s.leadId!)) && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }

    const assignedMs: number[] = [];
    const notifiedMs: number[] = [];
    for (const s of accepted) {
      const notified = notifiedAt.get(s.leadId!);
      if (notified !== undefined) notifiedMs.push(notified - s.startedAt);
      const lead = await stack.leads.get(s.leadId!);
      if (lead?.assignedAt) assignedMs.push(Date.parse(lead.assignedAt) - s.startedWall);
    }
    return {
      offeredRate: options.rate,
      warmUpLeads: options.warmUpLeads,
      seconds: options.seconds,
      sent: sent.length,
      accepted: accepted.length,
      failed: sent.filter((s) => s.failed).length,
      unfinished: accepted.filter((s) => !notifiedAt.has(s.leadId!)).length,
      scheduleLagMs: summarize(sent.map((s) => s.startedAt - s.scheduledAt)),
      webhookAcceptedMs: summarize(accepted.map((s) => s.answeredAt! - s.startedAt)),
      webhookToAssignedMs: summarize(assignedMs),
      webhookToNotifiedMs: summarize(notifiedMs),
    };
  } finally {
    await stack.stop();
  }
}
