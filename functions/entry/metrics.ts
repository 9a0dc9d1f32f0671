import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Metrics as MetricsPort } from '../core/shared/ports';

/** The function's one Metrics (EMF); Powertools reads namespace and service from env. */
export const metrics = new Metrics();

/** The core's Metrics port, recorded as Powertools count metrics. */
export const metricsPort: MetricsPort = {
  count: (name, value = 1) => metrics.addMetric(name, MetricUnit.Count, value),
};

/** Flushes the invocation's metrics when it ends. */
export const metricsMiddleware = () => logMetrics(metrics);
