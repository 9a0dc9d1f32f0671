import { describe, expect, it } from 'vitest';
import { benchConfig } from './config';

describe('the bench configuration', () => {
  const stack = { assignerEventSource: { batchSize: 10, maxConcurrency: 5, visibilityTimeoutSeconds: 180 } };

  it("runs the stack's concurrency and batch size, full into the repository, quick into test-output", () => {
    expect(benchConfig(stack, {})).toMatchObject({
      quick: false,
      workers: 5,
      workersFrom: 'stack',
      batchSize: 10,
      leads: 2400,
      loadLeads: 5000,
      loadClients: 50,
      outputs: { results: 'bench/results.json', doc: 'docs/performance.md' },
    });
    expect(benchConfig(stack, { BENCH_QUICK: '1' })).toMatchObject({
      quick: true,
      outputs: { results: 'test-output/bench-quick/results.json' },
    });
  });

  it('takes other sizes from the environment and refuses nonsense', () => {
    expect(benchConfig(stack, { BENCH_LEADS: '500' }).leads).toBe(500);
    expect(benchConfig(stack, { BENCH_LOAD_LEADS: '800', BENCH_LOAD_CLIENTS: '20' })).toMatchObject({
      loadLeads: 800,
      loadClients: 20,
    });
    expect(benchConfig(stack, { BENCH_WORKERS: '8' })).toMatchObject({ workers: 8, workersFrom: 'BENCH_WORKERS' });
    expect(() => benchConfig(stack, { BENCH_LEADS: 'lots' })).toThrow(/BENCH_LEADS/);
  });

  it('asks for a concurrency when the stack sets none', () => {
    const uncapped = { assignerEventSource: { batchSize: 10, visibilityTimeoutSeconds: 180 } };
    expect(() => benchConfig(uncapped, {})).toThrow(/BENCH_WORKERS/);
    expect(benchConfig(uncapped, { BENCH_WORKERS: '3' }).workers).toBe(3);
  });
});
