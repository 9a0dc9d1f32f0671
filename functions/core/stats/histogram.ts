// Durations as histograms with fixed logarithmic buckets. The buckets are the same for every
// histogram, so histograms of days, reps and pools add bucket by bucket, and percentiles of a
// sum come from the summed buckets.

/** Buckets per doubling: each bucket's upper bound is 2^(1/8) ≈ 1.0905 times its lower one. */
export const BUCKETS_PER_DOUBLING = 8;
const RATIO = 2 ** (1 / BUCKETS_PER_DOUBLING);
/** The last bucket takes every duration from 2^24 s (about 194 days) up. */
export const LAST_BUCKET = 24 * BUCKETS_PER_DOUBLING + 1;

/**
 * The precision of a percentile read from buckets: within this fraction of the exact
 * percentile (√1.0905 − 1 ≈ 4.43 %), or within half a second for durations under a second.
 */
export const RELATIVE_PRECISION = Math.sqrt(RATIO) - 1;
export const SUBSECOND_PRECISION_SECONDS = 0.5;

/** Bucket index → how many durations fell in it. Bucket 0 is [0, 1) s; bucket k ≥ 1 is [r^(k−1), r^k) s. */
export type Histogram = Record<string, number>;

/** The bucket a duration in seconds falls in (negative durations count as 0). */
export function bucketOf(seconds: number): number {
  if (!(seconds >= 1)) return 0;
  const k = Math.floor(Math.log2(seconds) * BUCKETS_PER_DOUBLING) + 1;
  return Math.min(k, LAST_BUCKET);
}

/** The value a bucket stands for: its geometric middle (0.5 s for bucket 0). */
export function bucketValue(bucket: number): number {
  return bucket === 0 ? 0.5 : RATIO ** (bucket - 0.5);
}

/** A histogram of these durations. */
export function histogramOf(durations: readonly number[]): Histogram {
  const histogram: Histogram = {};
  for (const seconds of durations) {
    const key = String(bucketOf(seconds));
    histogram[key] = (histogram[key] ?? 0) + 1;
  }
  return histogram;
}

/** The bucket-wise sum of histograms (they add across days, reps and pools). */
export function mergeHistograms(...histograms: readonly Histogram[]): Histogram {
  const sum: Histogram = {};
  for (const histogram of histograms) {
    for (const [bucket, count] of Object.entries(histogram)) sum[bucket] = (sum[bucket] ?? 0) + count;
  }
  return sum;
}

/** How many durations a histogram holds. */
export function countOf(histogram: Histogram): number {
  return Object.values(histogram).reduce((sum, n) => sum + n, 0);
}

/**
 * The duration at quantile `q` (0 < q ≤ 1) by nearest rank: the ⌈q·n⌉-th smallest, read as
 * its bucket's value. `null` for an empty histogram.
 */
export function quantileOf(histogram: Histogram, q: number): number | null {
  const buckets = Object.entries(histogram)
    .map(([bucket, count]) => [Number(bucket), count] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [bucket, count] of buckets) {
    seen += count;
    if (seen >= rank) return roundSeconds(bucketValue(bucket));
  }
  return roundSeconds(bucketValue(buckets[buckets.length - 1]![0]));
}

/** The percentiles the stats answer with: p50, p90 and p95 in seconds (`null` without data). */
export interface Percentiles {
  count: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
}

/** p50, p90 and p95 of a histogram, with how many durations it holds. */
export function percentilesOf(histogram: Histogram): Percentiles {
  return {
    count: countOf(histogram),
    p50: quantileOf(histogram, 0.5),
    p90: quantileOf(histogram, 0.9),
    p95: quantileOf(histogram, 0.95),
  };
}

// Three decimals: far below the buckets' precision, and readable in CSV.
function roundSeconds(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
