// Count (and seconds) metrics in CloudWatch's embedded metric format: one JSON document per invocation on
// stdout, which CloudWatch turns into metrics. A metrics library bought 16 KB of every bundle
// for what is one object and one line here.
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Metrics as MetricsPort } from '../core/shared/ports';

const values = new Map<string, { value: number; unit: 'Count' | 'Seconds' }>();

/** The core's Metrics port: counts, summed over the invocation. */
export const metricsPort: MetricsPort = {
  count: (name, value = 1) => {
    values.set(name, { value: (values.get(name)?.value ?? 0) + value, unit: 'Count' });
  },
};

/** A measurement in seconds (the last one of the invocation counts), e.g. an age an alarm watches. */
export function recordSeconds(name: string, seconds: number): void {
  values.set(name, { value: seconds, unit: 'Seconds' });
}

/** The invocation's counts as one EMF document (namespace and service from the stack's env), or undefined when none. */
export function metricsDocument(now: number): string | undefined {
  if (values.size === 0) return undefined;
  const service = process.env.SERVICE_NAME ?? 'leadrouter';
  const document: Record<string, unknown> = {
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [
        {
          Namespace: process.env.METRICS_NAMESPACE ?? 'LeadRouter',
          Dimensions: [['service']],
          Metrics: [...values].map(([Name, { unit }]) => ({ Name, Unit: unit })),
        },
      ],
    },
    service,
    ...Object.fromEntries([...values].map(([name, { value }]) => [name, value])),
  };
  values.clear();
  return JSON.stringify(document);
}

/** Writes the invocation's metrics now (handlers without the middleware call it themselves). */
export function flushMetrics(): void {
  const document = metricsDocument(Date.now());
  if (document) process.stdout.write(`${document}\n`);
}

/** Writes the invocation's metrics when it ends, failed or not. */
export function metricsMiddleware<E, R>(): MiddlewareObj<E, R, Error, Context> {
  return { after: flushMetrics, onError: flushMetrics };
}
