import { describe, expect, it } from 'vitest';
import { median, percentile, spread, summarize } from './stats';

describe('statistics', () => {
  it('takes percentiles by nearest rank, always an observed sample', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect([
      percentile(samples, 50),
      percentile(samples, 95),
      percentile(samples, 99),
      percentile(samples, 100),
    ]).toEqual([50, 95, 99, 100]);
    expect(percentile([7, 1, 3], 50)).toBe(3);
    expect(percentile([42], 99)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
  });

  it('summarizes count, extremes, percentiles and mean, and measures spread as max − min', () => {
    expect(summarize([10, 20, 30, 40])).toEqual({ count: 4, min: 10, p50: 20, p95: 40, p99: 40, max: 40, mean: 25 });
    expect(spread([30, 30, 31])).toBe(1);
  });
});
