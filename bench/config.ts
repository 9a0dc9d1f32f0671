// How big the benchmark run is. The full run takes a few minutes on a 2-core machine;
// BENCH_QUICK=1 is a smoke run of about a minute whose outputs go to test-output/.

export interface BenchConfig {
  quick: boolean;
  /** Concurrent assigner instances in the throughput runs (the issue fixes 8). */
  workers: number;
  /** Records per SQS batch (the event source's batch size). */
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

/** The run's configuration from the environment (BENCH_QUICK, BENCH_LEADS, ...). */
export function benchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  const outDir = env.BENCH_OUT ?? (quick ? 'test-output/bench-quick' : undefined);
  return {
    quick,
    workers: number(env, 'BENCH_WORKERS', 8),
    batchSize: 10,
    reps: 10,
    leads: number(env, 'BENCH_LEADS', quick ? 400 : 2400),
    throughputRounds: quick ? 2 : 3,
    warmUpLeads: quick ? 200 : 800,
    steadyLeads: number(env, 'BENCH_STEADY_LEADS', quick ? 50 : 200),
    latencyRate: number(env, 'BENCH_LATENCY_RATE', 50),
    latencySeconds: number(env, 'BENCH_LATENCY_SECONDS', quick ? 5 : 20),
    initRuns: number(env, 'BENCH_INIT_RUNS', quick ? 3 : 7),
    handlerLeads: quick ? 20 : 100,
    outputs: outDir
      ? { results: `${outDir}/results.json`, chart: `${outDir}/spread.svg`, doc: `${outDir}/performance.md` }
      : { results: 'bench/results.json', chart: 'bench/spread.svg', doc: 'docs/performance.md' },
  };
}
