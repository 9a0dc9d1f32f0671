// How big the benchmark run is. The full run takes a few minutes on a 2-core machine;
// BENCH_QUICK=1 is a smoke run of about a minute whose outputs go to test-output/.
// Concurrency and batch size are the stack's own, read from the synthesised stack.
import type { DeployedConfig } from './deployed-config';

export interface BenchConfig {
  quick: boolean;
  /** Concurrent assigner instances in the throughput runs: the stack's maximum, unless BENCH_WORKERS says otherwise. */
  workers: number;
  /** Where `workers` came from. */
  workersFrom: 'stack' | 'BENCH_WORKERS';
  /** Records per SQS batch: the assigner's event source batch size. */
  batchSize: number;
  reps: number;
  /** Leads per throughput run (ours and the peer each get this many, fresh). */
  leads: number;
  /** Rounds of ours, each between two runs of the engine ceiling. */
  throughputRounds: number;
  /** Leads through the assigner before anything is measured (JIT, connections, engine). */
  warmUpLeads: number;
  /** Leads per steady-state cost run. */
  steadyLeads: number;
  latencyRate: number;
  latencySeconds: number;
  /** The load run: this many leads from this many concurrent clients, through the local stack. */
  loadLeads: number;
  loadClients: number;
  /** Fresh-process imports per bundle variant. */
  initRuns: number;
  /** Webhooks through the deployed bundles in the handler runs. */
  handlerLeads: number;
  /** Where results.json, spread.svg and performance.md are written. */
  outputs: { results: string; chart: string; doc: string };
}

const number = (env: NodeJS.ProcessEnv, name: string, fallback: number) => {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${name} must be a positive number, not "${value}"`);
  return parsed;
};

/** The run's configuration from the deployed stack and the environment (BENCH_QUICK, BENCH_LEADS, ...). */
export function benchConfig(
  deployed: Pick<DeployedConfig, 'assignerEventSource'>,
  env: NodeJS.ProcessEnv = process.env,
): BenchConfig {
  const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  const outDir = env.BENCH_OUT ?? (quick ? 'test-output/bench-quick' : undefined);
  const stackWorkers = deployed.assignerEventSource.maxConcurrency;
  if (!env.BENCH_WORKERS && !stackWorkers)
    throw new Error('The stack sets no maximum concurrency for the assigner: say how many with BENCH_WORKERS');
  return {
    quick,
    workers: number(env, 'BENCH_WORKERS', stackWorkers ?? 0),
    workersFrom: env.BENCH_WORKERS ? 'BENCH_WORKERS' : 'stack',
    batchSize: deployed.assignerEventSource.batchSize,
    reps: 10,
    leads: number(env, 'BENCH_LEADS', quick ? 400 : 2400),
    throughputRounds: quick ? 2 : 3,
    warmUpLeads: quick ? 200 : 800,
    steadyLeads: number(env, 'BENCH_STEADY_LEADS', quick ? 50 : 200),
    latencyRate: number(env, 'BENCH_LATENCY_RATE', 50),
    latencySeconds: number(env, 'BENCH_LATENCY_SECONDS', quick ? 5 : 20),
    loadLeads: number(env, 'BENCH_LOAD_LEADS', quick ? 500 : 5000),
    loadClients: number(env, 'BENCH_LOAD_CLIENTS', 50),
    initRuns: number(env, 'BENCH_INIT_RUNS', quick ? 3 : 7),
    handlerLeads: quick ? 20 : 100,
    outputs: outDir
      ? { results: `${outDir}/results.json`, chart: `${outDir}/spread.svg`, doc: `${outDir}/performance.md` }
      : { results: 'bench/results.json', chart: 'bench/spread.svg', doc: 'docs/performance.md' },
  };
}
