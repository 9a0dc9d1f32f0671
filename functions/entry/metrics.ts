// Count metrics in CloudWatch's embedded metric format: one JSON document per invocation on
// stdout, which CloudWatch turns into metrics. A metrics library bought 16 KB of every bundle
// for what is one object and one line here.
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Metrics as MetricsPort } from '../core/shared/ports';

const counts = new Map<string, number>();

/** The core's Metrics port: counts, summed over the invocation. */
export const metricsPort: MetricsPort = {
  count: (name, value = 1) => {
    counts.set(name, (counts.get(name) ?? 0) + value);
  },
};

/** The invocation's counts as one EMF document (namespace and service from the stack's env), or undefined when none. */
export function metricsDocument(now: number): string | undefined {
  if (counts.size === 0) return undefined;
  const service = process.env.SERVICE_NAME ?? 'leadrouter';
  const document: Record<string, unknown> = {
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [
        {
          Namespace: process.env.METRICS_NAMESPACE ?? 'LeadRouter',
          Dimensions: [['service']],
          Metrics: [...counts.keys()].map((Name) => ({ Name, Unit: 'Count' })),
        },
      ],
    },
    service,
    ...Object.fromEntries(counts),
  };
  counts.clear();
  return JSON.stringify(document);
}

function flush(): void {
  const document = metricsDocument(Date.now());
  if (document) process.stdout.write(`${document}\n`);
}

/** Writes the invocation's metrics when it ends, failed or not. */
export function metricsMiddleware<E, R>(): MiddlewareObj<E, R, Error, Context> {
  return { after: flush, onError: flush };
}
