// The shape of bench/results.json, and the budget verdicts computed from it. Pure.

import type { CostEstimate, CostLine, PriceTable, UsagePerLead } from './aws-cost';
import type { CeilingRun } from './ceiling';
import type { HandlerRuns, InitComparison } from './cold-start';
import type { BenchConfig } from './config';
import type { DeployedConfig } from './deployed-config';
import type { DynamoCost } from './dynamo-cost';
import type { LatencyRun } from './latency';
import type { LoadRun } from './load';
import type { PeerName, PeerRun } from './peers';
import type { AwsLimits } from './report/scale';
import type { StatsCost } from './stats-cost';
import { cacheRefreshPerLead, type SteadyStateRun } from './steady-state';
import type { OursRun, ThroughputRound } from './throughput';

export interface Budget {
  name: string;
  value: number;
  unit: string;
  limit: number;
  /** `value <= limit` or `value >= limit`. */
  comparison: '<=' | '>=';
  pass: boolean;
}

export interface MethodThroughput {
  method: string;
  ours: OursRun;
  /** Rounds of ours, each between two runs of the engine ceiling as long as the round. */
  rounds: ThroughputRound[];
  ceilings: CeilingRun[];
  /** Median over rounds of ours in leads/s ÷ the ceiling in updates/s around it. */
  ratio: number;
  /** Whether the per-rep counts are what the method promises (spread ≤ 1, exact weights...). */
  verified: { ok: boolean; detail: string };
  /** Per peer that ran beside it (round robin), the median over rounds of ours ÷ the peer. */
  peerRatios: Partial<Record<PeerName, number>>;
}

export interface BundleFigures {
  name: string;
  bytes: number;
  mapBytes: number;
  naiveBytes: number;
  /** The naive bundle's module format, what it leaves to the runtime, and how it departs from NodejsFunction's defaults. */
  naiveFormat: 'cjs' | 'esm';
  naiveExternal: string[];
  naiveChanges: string[];
  /** Largest contributors to the deployed bundle, bytes. */
  topPackages: { name: string; bytes: number }[];
  naiveTopPackages: { name: string; bytes: number }[];
  /** A handler with nothing but this function's AWS clients and libraries, built the same way. */
  floor: { packages: string[]; bytes: number };
}

export interface OursBuild {
  format: string;
  target: string;
  minify: boolean;
  sourcemap: boolean;
  mainFields: string[];
  /** Modules replaced by small local ones. */
  aliases: string[];
}

export interface BenchResults {
  benchmark: 'leadrouter';
  generatedAt: string;
  durationSeconds: number;
  quick: boolean;
  machine: {
    node: string;
    platform: string;
    cpus: string;
    memoryGiB: number;
    dynamodbLocal: string;
    /** 1-minute load average at the start and at the end of each phase. */
    loadAverage: Record<string, number>;
  };
  config: Omit<BenchConfig, 'outputs'>;
  methods: { method: string; available: boolean; why?: string }[];
  throughput: MethodThroughput[];
  /** The round robins a DynamoDB user writes by hand, run beside our round robin. */
  peers: PeerRun[];
  dynamo: {
    steady: SteadyStateRun[];
    /** The assignment's cost per lead under the contention of the throughput run. */
    contended: { method: string; assignment: DynamoCost }[];
  };
  latency: LatencyRun;
  /** Many clients at once on the local stack: every lead accepted, assigned once, evenly spread? */
  load: LoadRun;
  bundles: BundleFigures[];
  init: InitComparison[];
  handlers: HandlerRuns;
  deployed: DeployedConfig;
  /** How ours is built (lib/bundling.ts), as the run built it. */
  oursBuild: OursBuild;
  aws: {
    prices: PriceTable;
    usage: UsagePerLead[];
    scenarios: CostEstimate[];
    messaging: CostLine[];
    smsPartsPerNotice: number;
    /** AWS limits the scale section computes with (bench/aws-limits.json). */
    limits?: AwsLimits;
    /**
     * What the leads table's change stream adds, off the webhook and assignment path: the stats
     * aggregates (folded from a seeded history of leads) and lead events with webhook deliveries.
     */
    offPath?: {
      stats: StatsCost;
      events: { usdPerMillionLeads: number; eventsPerLead: number; deliveriesPerEvent: number };
    };
  };
  budgets: Budget[];
}

const budget = (
  name: string,
  value: number,
  unit: string,
  comparison: Budget['comparison'],
  limit: number,
): Budget => ({
  name,
  value,
  unit,
  limit,
  comparison,
  pass: Number.isFinite(value) && (comparison === '<=' ? value <= limit : value >= limit),
});

/** Every budget of the issue, judged from the results. */
export function evaluateBudgets(r: Omit<BenchResults, 'budgets'>): Budget[] {
  const budgets: Budget[] = [];
  for (const t of r.throughput) {
    budgets.push(
      budget(
        `Assignment throughput ÷ engine ceiling (${t.method}, ${t.ours.workers} workers)`,
        round3(t.ratio),
        '×',
        '>=',
        0.5,
      ),
    );
    const atomic = t.peerRatios.atomicCounter;
    if (atomic !== undefined)
      budgets.push(
        budget(
          `Assignment throughput ÷ atomic-counter peer (${t.method}, ${t.ours.workers} workers)`,
          round3(atomic),
          '×',
          '>=',
          1,
        ),
      );
  }
  const roundRobin = r.dynamo.steady.filter((s) => s.method === 'round_robin');
  const worst = roundRobin.reduce<SteadyStateRun | undefined>(
    (w, s) => (!w || s.total.requests > w.total.requests ? s : w),
    undefined,
  );
  if (worst) {
    budgets.push(
      budget(
        `DynamoDB requests per lead, steady state with warm caches, round robin (ingest + assignment, ${worst.batchSize} lead(s) per batch)`,
        round3(worst.total.requests),
        'requests',
        '<=',
        2,
      ),
    );
  }
  const trickle = roundRobin.find((s) => s.batchSize === 1);
  const trickleUsage = r.aws.usage.find((u) => u.leadsPerBatch === 1);
  if (trickle && trickleUsage) {
    const refresh = cacheRefreshPerLead(trickle.cacheRefresh, trickleUsage.leadsPerSecond);
    budgets.push(
      budget(
        `DynamoDB requests per lead at a trickle, cache refreshes included, round robin (${trickleUsage.leadsPerSecond} leads/s, one warm instance of each function)`,
        round3(trickle.total.requests + refresh.requests),
        'requests',
        '<=',
        2.2,
      ),
    );
  }
  budgets.push(
    budget(
      `Webhook-to-assigned p99 at ${r.latency.offeredRate} leads/s (local stack)`,
      round1(r.latency.webhookToAssignedMs.p99),
      'ms',
      '<=',
      150,
    ),
  );
  budgets.push(
    budget(
      `All accepted, assigned once, spread ≤ 1: ${r.load.leads} leads from ${r.load.clients} clients (local stack), leads short`,
      loadShortfall(r.load),
      'leads',
      '<=',
      0,
    ),
  );
  for (const b of r.bundles)
    budgets.push(budget(`Bundle size, ${b.name} (minified)`, round1(b.bytes / 1000), 'KB', '<=', 300));
  for (const i of r.init)
    budgets.push(budget(`Module initialisation, ${i.name}: ours ÷ naive (medians)`, round3(i.ratio), '×', '<=', 0.5));
  for (const s of r.aws.scenarios) {
    const usage = r.aws.usage.find((u) => u.scenario === s.scenario);
    // A trickle pays per lead what busy traffic shares over a batch (invocations, queue receives).
    const limit = usage?.leadsPerBatch === 1 ? 7 : 5;
    budgets.push(
      budget(`AWS infrastructure per million leads, ${s.scenario}`, round2(s.usdPerMillionLeads), 'USD', '<=', limit),
    );
  }
  const rr = r.throughput.find((t) => t.method === 'round_robin');
  if (rr) {
    const peersHad = (figure: (p: PeerRun) => number) =>
      r.peers.map((p) => `${p.label} ${figure(p)}`).join(', ') || 'no peers ran';
    const f = rr.ours.fairness;
    budgets.push(
      budget(
        `Duplicate turns, ours (round robin, ${rr.ours.workers} workers; peers: ${peersHad((p) => p.fairness.duplicateTurns)})`,
        f.duplicateTurns,
        'leads',
        '<=',
        0,
      ),
      budget(
        `Lead-count spread, ours (round robin, max − min; peers: ${peersHad((p) => p.fairness.spread)})`,
        f.spread,
        'leads',
        '<=',
        1,
      ),
      budget(
        `Skipped turns, ours (round robin; peers: ${peersHad((p) => p.fairness.skippedTurns)})`,
        f.skippedTurns,
        'turns',
        '<=',
        0,
      ),
    );
  }
  return budgets;
}

/**
 * The leads that break "all accepted, assigned once, spread ≤ 1": those not accepted, not
 * assigned, or assigned or notified more than once, plus the spread beyond 1 (in leads too).
 */
export function loadShortfall(run: LoadRun): number {
  return run.leads - run.assignedOnce + Math.max(0, run.spread - 1);
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
