// What one lead uses on AWS in each traffic scenario, from the run's measurements: the
// input of the cost model (aws-cost.ts), with how each quantity was obtained. Pure.
import { sampledFraction, type UsagePerLead } from './aws-cost';
import type { HandlerRuns } from './cold-start';
import type { DeployedConfig } from './deployed-config';
import { cacheRefreshPerLead, type RefreshStep, type SteadyStateRun } from './steady-state';

// Representative log lines for what the benchmark cannot capture locally, measured by length:
// Lambda's platform lines in JSON log format (start and report, with a trace header) and one
// API Gateway access log line in the stack's format (jsonWithStandardFields).
const PLATFORM_LOG_LINES = [
  '{"time":"2026-11-23T10:00:00.000Z","type":"platform.start","record":{"requestId":"8f5d0c8e-2f1a-4c1e-9d7b-3b9a7e0f1c2d","version":"$LATEST","tracing":{"spanId":"1a2b3c4d5e6f7a8b","type":"X-Amzn-Trace-Id","value":"Root=1-6741a8c0-3f2b1c0d9e8f7a6b5c4d3e2f;Parent=1a2b3c4d5e6f7a8b;Sampled=1"}}}',
  '{"time":"2026-11-23T10:00:00.045Z","type":"platform.report","record":{"requestId":"8f5d0c8e-2f1a-4c1e-9d7b-3b9a7e0f1c2d","metrics":{"durationMs":44.12,"billedDurationMs":45,"memorySizeMB":512,"maxMemoryUsedMB":98},"tracing":{"spanId":"1a2b3c4d5e6f7a8b","type":"X-Amzn-Trace-Id","value":"Root=1-6741a8c0-3f2b1c0d9e8f7a6b5c4d3e2f;Parent=1a2b3c4d5e6f7a8b;Sampled=1"},"status":"success"}}',
] as const;
const ACCESS_LOG_LINE =
  '{"requestId":"BxYz1hGsoAMEV5Q=","ip":"203.0.113.7","user":"-","caller":"-","requestTime":"23/Nov/2026:10:00:00 +0000","httpMethod":"POST","resourcePath":"/hooks/{sourceKey}","status":"202","protocol":"HTTP/1.1","responseLength":"37"}';

const bytes = (lines: readonly string[]) => lines.reduce((sum, l) => sum + Buffer.byteLength(l) + 1, 0);

/** The two traffic scenarios of the cost model, from the measurements. Pure. */
export function costUsage(input: {
  steady: readonly SteadyStateRun[];
  handlers: HandlerRuns;
  deployed: DeployedConfig;
  batchSize: number;
}): { usage: UsagePerLead; basis: Record<string, string> }[] {
  const { handlers, deployed } = input;
  const scenarios = [
    {
      name: `busy (${input.batchSize} leads per assigner batch, ~10 leads/s)`,
      batch: input.batchSize,
      rate: 10,
      assignerMs: handlers.assignerBatchOf10Ms.p50,
    },
    {
      name: 'trickle (1 lead per assigner batch, under 1 lead/s)',
      batch: 1,
      rate: 0.5,
      assignerMs: handlers.assignerBatchOf1Ms.p50,
    },
  ];
  const platform = bytes(PLATFORM_LOG_LINES);
  const access = bytes([ACCESS_LOG_LINE]);
  return scenarios.flatMap((s) => {
    const measured = input.steady.find((r) => r.batchSize === s.batch);
    if (!measured) return [];
    const refresh = cacheRefreshPerLead(measured.cacheRefresh, s.rate);
    const logBytes =
      handlers.ingestLogBytesPerInvocation +
      platform +
      access +
      (handlers.assignerLogBytesPerInvocation + platform) / s.batch;
    const usage: UsagePerLead = {
      scenario: s.name,
      leadsPerBatch: s.batch,
      leadsPerSecond: s.rate,
      apiRequests: 1,
      ingest: {
        invocations: 1,
        memoryMb: deployed.functions.ingest.memoryMb,
        billedMsPerInvocation: Math.ceil(handlers.ingestMs.p50),
      },
      assigner: {
        invocations: 1 / s.batch,
        memoryMb: deployed.functions.assigner.memoryMb,
        billedMsPerInvocation: Math.ceil(s.assignerMs),
      },
      sqsRequests: 1 + 2 / s.batch,
      dynamoWriteUnits: measured.total.writeUnits,
      dynamoReadUnits: measured.total.readUnits + refresh.readUnits,
      snsPublishes: 1,
      logBytes,
      xrayTraces:
        deployed.functions.ingest.tracing === 'Active'
          ? sampledFraction(s.rate) + sampledFraction(s.rate / s.batch) / s.batch
          : 0,
    };
    const basis = {
      api: 'one webhook request per lead',
      lambdaRequests: `ingest 1 + assigner 1/${s.batch} per lead`,
      ingestDuration: `measured median warm ingest invocation, ${fmt(handlers.ingestMs.p50, 1)} ms, billed per ms`,
      assignerDuration: `measured median warm assigner invocation with ${s.batch} record(s), ${fmt(s.assignerMs, 1)} ms, ÷ ${s.batch}`,
      sqs: `SendMessage 1 + ReceiveMessage 1/${s.batch} + DeleteMessageBatch 1/${s.batch}`,
      dynamoWrites:
        `measured: ingest ${fmt(measured.ingest.writeUnits, 2)} + assignment ${fmt(measured.assignment.writeUnits, 2)} ` +
        '(transaction units computed from item sizes)',
      dynamoReads:
        `measured: ${fmt(measured.total.readUnits, 3)} per lead with warm caches, plus cache refreshes at ${s.rate} leads/s: ` +
        `ingest ${refreshes(measured.cacheRefresh.ingest)}; assigner ${refreshes(measured.cacheRefresh.assigner)}; ` +
        `${fmt(refresh.readUnits, 3)} per lead`,
      sns: 'one Publish per assigned lead',
      logs:
        `measured function output ${fmt(handlers.ingestLogBytesPerInvocation, 0)} B per ingest, ` +
        `${fmt(handlers.assignerLogBytesPerInvocation, 0)} B per assigner call; ` +
        `estimated ${platform} B Lambda platform lines per call and ${access} B API access log line per request`,
      xray: `estimated: active tracing with default sampling (1 request/s, then 5%) at ${s.rate} leads/s; one trace per ingest and per assigner call`,
    };
    return [{ usage, basis }];
  });
}

/** "2 RRU per 60 s (source), …": what each cache lifetime's expiry reads. */
function refreshes(steps: readonly RefreshStep[]): string {
  return steps.map((s) => `${fmt(s.readUnits, 0)} RRU per ${s.seconds} s (${s.caches})`).join(', ');
}

function fmt(x: number, digits: number): string {
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
