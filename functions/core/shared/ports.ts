/** Time, injectable so tests control it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Counters that operators watch (conflict retries, notification failures, ...). */
export interface Metrics {
  count(name: string, value?: number): void;
}

export const noMetrics: Metrics = { count: () => undefined };

/** Uniform in [0, 1): injected wherever the core rolls dice (the random method, backoff jitter). */
export type Random = () => number;
