// What every measurement starts from: reps, a pool for a distribution method and a source,
// created through the real admin use cases, and leads received through the real ingest
// use case. Also the list of methods the benchmark knows how to configure and check.

import type { AdminDeps } from '../functions/core/admin/admin-deps';
import type { RoutingQueue } from '../functions/core/assignment/ports';
import type { LeadMessage } from '../functions/core/leads/lead';
import { systemActor } from '../functions/core/shared/actor';
import { ValidationError } from '../functions/core/shared/errors';
import { parseInput } from '../functions/core/shared/validation';
import { findWebhookSource, type ReceiveLeadDeps, receiveWebhook } from '../functions/core/sources/receive-webhook';
import type { Source } from '../functions/core/sources/source';
import { createSource } from '../functions/core/sources/source-admin';
import { DISTRIBUTION_METHODS } from '../functions/core/team/pool';
import { createPool } from '../functions/core/team/pool-admin';
import { PoolCreateSchema } from '../functions/core/team/pool-schemas';
import { createRep } from '../functions/core/team/rep-admin';
import type { AdminConfig } from '../functions/http/handlers/admin-handlers';
import { spread } from './stats';

/** How to set up a pool for one distribution method, and what a correct spread looks like. */
export interface MethodSetup {
  method: string;
  /** The `POST /admin/pools` body for these reps (in pool order). */
  poolBody(name: string, repIds: readonly string[]): unknown;
  /** Leads per full cycle: runs use a multiple of it, so the expected counts are exact. */
  cycle(repCount: number): number;
  /** Checks per-rep counts (pool order) after `leads` leads from a fresh rotation. */
  verify(counts: readonly number[], leads: number): { ok: boolean; detail: string };
}

/** Weights for the weighted pool of the benchmark, in pool order (cycle of 18). */
const BENCH_WEIGHTS = [5, 3, 2, 2, 1, 1, 1, 1, 1, 1] as const;

const evenSpread = (counts: readonly number[]) => {
  const s = spread(counts);
  return { ok: s <= 1, detail: `spread (max − min) ${s}, expected ≤ 1` };
};

/** The methods the benchmark can configure; others in DISTRIBUTION_METHODS are reported as such. */
export const METHOD_SETUPS: readonly MethodSetup[] = [
  {
    method: 'round_robin',
    poolBody: (name, repIds) => ({ name, method: 'round_robin', members: repIds.map((repId) => ({ repId })) }),
    cycle: (repCount) => repCount,
    verify: evenSpread,
  },
  {
    method: 'weighted',
    poolBody: (name, repIds) => ({
      name,
      method: 'weighted',
      members: repIds.map((repId, i) => ({ repId, weight: BENCH_WEIGHTS[i % BENCH_WEIGHTS.length] })),
    }),
    cycle: (repCount) => weightsFor(repCount).reduce((a, b) => a + b, 0),
    verify: (counts, leads) => {
      const weights = weightsFor(counts.length);
      const cycles = leads / weights.reduce((a, b) => a + b, 0);
      const expected = weights.map((w) => w * cycles);
      const ok = Number.isInteger(cycles) && counts.every((c, i) => c === expected[i]);
      return { ok, detail: `counts ${counts.join('/')}, expected ${expected.join('/')} (weights × ${cycles} cycles)` };
    },
  },
  {
    // The first half of the reps in tier 1, the rest in tier 2: with everyone available,
    // tier 1 shares every lead by round robin and tier 2 gets none.
    method: 'priority_tiers',
    poolBody: (name, repIds) => ({
      name,
      method: 'priority_tiers',
      members: repIds.map((repId, i) => ({ repId, tier: i < Math.ceil(repIds.length / 2) ? 1 : 2 })),
    }),
    cycle: (repCount) => Math.ceil(repCount / 2),
    verify: (counts) => {
      const top = counts.slice(0, Math.ceil(counts.length / 2));
      const rest = counts.slice(top.length);
      const s = spread(top);
      const ok = s <= 1 && rest.every((c) => c === 0);
      return {
        ok,
        detail: `tier 1 spread ${s} (expected ≤ 1), tier 2 got ${rest.reduce((a, b) => a + b, 0)} (expected 0)`,
      };
    },
  },
  {
    // Nobody closes a lead during the run, so "fewest open leads, ties by rotation" rotates.
    method: 'least_loaded',
    poolBody: (name, repIds) => ({ name, method: 'least_loaded', members: repIds.map((repId) => ({ repId })) }),
    cycle: (repCount) => repCount,
    verify: evenSpread,
  },
  {
    method: 'random',
    poolBody: (name, repIds) => ({ name, method: 'random', members: repIds.map((repId) => ({ repId })) }),
    cycle: () => 1,
    verify: (counts) => ({
      ok: counts.every((c) => c > 0),
      detail: `every rep drew leads (spread ${spread(counts)}, random by design)`,
    }),
  },
];

/** Why the methods without a setup are not measured: they do not assign on the assigner's own. */
const UNMEASURED_METHODS: Record<string, string> = {
  shotgun:
    'not measured: a shotgun lead is offered to every rep and waits for a claim, so the assigner alone never assigns it',
  manual: 'not measured: a manual pool holds each lead for an admin to assign',
};

/** The methods whose throughput the issue asks for; the others get cost figures only. */
export const THROUGHPUT_METHODS: readonly string[] = ['round_robin', 'weighted'];

function weightsFor(repCount: number): number[] {
  return Array.from({ length: repCount }, (_, i) => BENCH_WEIGHTS[i % BENCH_WEIGHTS.length]!);
}

export type MethodAvailability =
  | { setup: MethodSetup; available: true }
  | { method: string; available: false; why: string };

/**
 * Which methods can be benchmarked now: a known setup whose method the pool schema accepts.
 * A method that exists without a setup, or a setup the schema refuses, is reported, not hidden.
 */
export async function methodAvailability(
  deps: AdminDeps<AdminConfig>,
  repIds: readonly string[],
): Promise<MethodAvailability[]> {
  const known = new Set<string>(DISTRIBUTION_METHODS);
  const result: MethodAvailability[] = [];
  for (const setup of METHOD_SETUPS) {
    if (!known.has(setup.method)) {
      result.push({ method: setup.method, available: false, why: 'not available yet: not in DISTRIBUTION_METHODS' });
      continue;
    }
    try {
      await createPool(
        deps,
        parseInput(PoolCreateSchema, setup.poolBody(`probe ${setup.method}`, repIds)),
        BENCH_ACTOR,
      );
      result.push({ setup, available: true });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      result.push({
        method: setup.method,
        available: false,
        why: `not available yet: the pool schema refuses it (${error.message})`,
      });
    }
  }
  for (const method of DISTRIBUTION_METHODS) {
    if (!METHOD_SETUPS.some((s) => s.method === method)) {
      result.push({
        method,
        available: false,
        why: UNMEASURED_METHODS[method] ?? 'no benchmark setup for this method yet',
      });
    }
  }
  return result;
}

/** The bench's own changes, as the audit log records them. */
const BENCH_ACTOR = systemActor('npm run bench');

/** Creates `count` active reps. */
export async function createReps(deps: AdminDeps<AdminConfig>, count: number, label = 'Rep'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const rep = await createRep(
      deps,
      { name: `${label} ${i + 1}`, email: `rep${i + 1}@example.com`, phone: `+1415555${String(1000 + i).slice(-4)}` },
      BENCH_ACTOR,
    );
    ids.push(rep.id);
  }
  return ids;
}

/** A pool for `setup` over these reps, and a web-form source routed to it. */
export async function createRoutedPool(
  deps: AdminDeps<AdminConfig>,
  setup: MethodSetup,
  repIds: readonly string[],
  name: string,
) {
  const pool = await createPool(deps, parseInput(PoolCreateSchema, setup.poolBody(name, repIds)), BENCH_ACTOR);
  const source = await createSource(deps, { name: `${name} form`, kind: 'form', poolId: pool.id }, BENCH_ACTOR);
  return { pool, source };
}

/** A web-form lead as forms really send it: contact data, a message and UTM tags. */
export function sampleLeadPayload(i: number): Record<string, string> {
  return {
    first_name: 'Ada',
    last_name: `Lovelace ${i}`,
    email: `ada.lovelace+${i}@example.com`,
    phone: `+1 415 555 ${String(i % 10_000).padStart(4, '0')}`,
    company: 'Analytical Engines Ltd',
    company_size: '51-200',
    country: 'US',
    message: 'We route about 400 inbound leads a month and would like a demo for our sales team.',
    utm_source: 'google',
    utm_medium: 'cpc',
    utm_campaign: 'brand-search',
  };
}

/** A queue that keeps what ingest sends, in order. */
class CollectingQueue implements RoutingQueue {
  readonly messages: LeadMessage[] = [];
  async enqueue(message: LeadMessage) {
    this.messages.push(message);
  }
}

/** What the ingest use case needs, but the queue, which each call brings. */
export type IngestDeps = Omit<ReceiveLeadDeps, 'queue'>;

/**
 * Receives `count` leads for a source through the real webhook use case (source lookup by
 * key, normalise, store as `received` with the intake's idempotency step, queue), as JSON
 * posts, `concurrency` at a time; returns the queued messages in order.
 */
export async function ingestLeads(
  deps: IngestDeps,
  source: Source,
  count: number,
  options: { concurrency?: number; firstIndex?: number } = {},
): Promise<LeadMessage[]> {
  const slots: LeadMessage[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const body = Buffer.from(JSON.stringify(sampleLeadPayload((options.firstIndex ?? 0) + i)));
      const collected = new CollectingQueue();
      const found = await findWebhookSource(deps.sources, source.key);
      await receiveWebhook({ ...deps, queue: collected }, found, {
        raw: body,
        payload: () => JSON.parse(body.toString('utf8')),
        contentType: 'application/json',
      });
      slots[i] = collected.messages[0]!;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 1 }, worker));
  return slots;
}
