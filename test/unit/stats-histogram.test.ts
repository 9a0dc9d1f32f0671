import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  histogramOf,
  LAST_BUCKET,
  mergeHistograms,
  percentilesOf,
  quantileOf,
  RELATIVE_PRECISION,
  SUBSECOND_PRECISION_SECONDS,
} from '../../functions/core/stats/histogram';

/** The nearest-rank quantile of the durations themselves. */
function exactQuantile(durations: readonly number[], q: number): number {
  const sorted = [...durations].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

// Speed-to-lead-like durations: sub-second to two months, many orders of magnitude.
const duration = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.double({ min: 1, max: 5_000_000, noNaN: true }),
  fc.integer({ min: 0, max: 86_400 }),
);

describe('duration histograms', () => {
  it('read every percentile within the stated precision of the exact one', () => {
    fc.assert(
      fc.property(
        fc.array(duration, { minLength: 1, maxLength: 400 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (ds, q) => {
          const exact = exactQuantile(ds, q);
          const estimate = quantileOf(histogramOf(ds), q)!;
          const allowed = Math.max(exact * RELATIVE_PRECISION, SUBSECOND_PRECISION_SECONDS) + 0.001;
          expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(allowed);
        },
      ),
      { seed: 15, numRuns: 500 },
    );
  });

  it('add across days: the merged histogram is the histogram of all the durations', () => {
    fc.assert(
      fc.property(fc.array(fc.array(duration, { maxLength: 50 }), { maxLength: 6 }), (days) => {
        expect(mergeHistograms(...days.map(histogramOf))).toEqual(histogramOf(days.flat()));
      }),
      { seed: 15 },
    );
  });

  it('keep a precision of about 4.4 % with eight buckets per doubling', () => {
    expect(RELATIVE_PRECISION).toBeCloseTo(0.0443, 4);
    expect(bucketOf(1)).toBe(1);
    expect(bucketOf(2)).toBe(9);
    expect(bucketOf(0.3)).toBe(0);
    expect(bucketOf(-4)).toBe(0);
    expect(bucketOf(1e12)).toBe(LAST_BUCKET);
  });

  it('answer p50, p90 and p95 with the count, and nulls without data', () => {
    const tens = Array.from({ length: 100 }, (_, i) => (i < 50 ? 10 : i < 90 ? 60 : 600));
    const p = percentilesOf(histogramOf(tens));
    expect(p.count).toBe(100);
    expect(p.p50! / 10).toBeCloseTo(1, 1);
    expect(p.p90! / 60).toBeCloseTo(1, 1);
    expect(p.p95! / 600).toBeCloseTo(1, 1);
    expect(percentilesOf({})).toEqual({ count: 0, p50: null, p90: null, p95: null });
  });
});
