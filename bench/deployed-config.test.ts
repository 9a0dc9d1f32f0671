import { describe, expect, it } from 'vitest';
import { readDeployedConfig } from './deployed-config';

describe('the deployed configuration the benchmark measures', () => {
  it('is read from the stack: source maps and tracing off by default, on with the switches', () => {
    const defaults = readDeployedConfig();
    expect(defaults.functions.assigner).toMatchObject({
      sourceMaps: false,
      tracing: 'PassThrough',
      runtime: 'nodejs24.x',
      readsLinkKey: true,
    });
    expect(defaults.functions.ingest.readsLinkKey).toBe(false);
    expect(defaults.assignerEventSource).toMatchObject({ batchSize: 10, maxConcurrency: 5 });
    expect(defaults.apiThrottle).toEqual({ rateLimit: 50, burstLimit: 100 });
    expect(defaults.assignerEventSource.visibilityTimeoutSeconds).toBeGreaterThan(
      defaults.functions.assigner.timeoutSeconds,
    );
    const switched = readDeployedConfig({ tracing: true, sourceMapStackTraces: true, assignerMaxConcurrency: 3 });
    expect(Object.values(switched.functions).every((f) => f.sourceMaps && f.tracing === 'Active')).toBe(true);
    expect(switched.assignerEventSource.maxConcurrency).toBe(3);
  }, 60_000);
});
