// Turns measurements into the cost model's usage, the console table, docs/performance.md and
// the spread chart. Pure (no I/O).

import { TABLES } from '../functions/adapters/dynamodb/table-definitions';
import { smsLength } from '../functions/core/notices/sms';
import { type CostEstimate, type CostLine, sampledFraction, type UsagePerLead } from './aws-cost';
import { withIndex, writeUnitsPerLead } from './capacity';
import type { HandlerRuns } from './cold-start';
import { CACHE_SECONDS, cacheRefreshPerLead, type SteadyStateRun } from './cost-per-lead';
import type { DeployedConfig } from './deployed-config';
import type { BenchResults, Budget } from './results';
import { spreadChart } from './spread-chart';
import type { Summary } from './stats';

// Representative log lines for what the benchmark cannot capture locally, measured by length:
// Lambda's platform lines in JSON log format (start and report, with a trace header) and one
// API Gateway access log line in the stack's format (jsonWithStandardFields).
export const PLATFORM_LOG_LINES = [
  '{"time":"2026-11-23T10:00:00.000Z","type":"platform.start","record":{"requestId":"8f5d0c8e-2f1a-4c1e-9d7b-3b9a7e0f1c2d","version":"$LATEST","tracing":{"spanId":"1a2b3c4d5e6f7a8b","type":"X-Amzn-Trace-Id","value":"Root=1-6741a8c0-3f2b1c0d9e8f7a6b5c4d3e2f;Parent=1a2b3c4d5e6f7a8b;Sampled=1"}}}',
  '{"time":"2026-11-23T10:00:00.045Z","type":"platform.report","record":{"requestId":"8f5d0c8e-2f1a-4c1e-9d7b-3b9a7e0f1c2d","metrics":{"durationMs":44.12,"billedDurationMs":45,"memorySizeMB":512,"maxMemoryUsedMB":98},"tracing":{"spanId":"1a2b3c4d5e6f7a8b","type":"X-Amzn-Trace-Id","value":"Root=1-6741a8c0-3f2b1c0d9e8f7a6b5c4d3e2f;Parent=1a2b3c4d5e6f7a8b;Sampled=1"},"status":"success"}}',
] as const;
export const ACCESS_LOG_LINE =
  '{"requestId":"BxYz1hGsoAMEV5Q=","ip":"203.0.113.7","user":"-","caller":"-","requestTime":"23/Nov/2026:10:00:00 +0000","httpMethod":"POST","resourcePath":"/hooks/{sourceKey}","status":"202","protocol":"HTTP/1.1","responseLength":"37"}';

const bytes = (lines: readonly string[]) => lines.reduce((sum, l) => sum + Buffer.byteLength(l) + 1, 0);

/** The two traffic scenarios of the cost model, from the measurements. Pure. */
export function costUsage(input: {
  steady: readonly SteadyStateRun[];
  handlers: HandlerRuns;
  deployed: DeployedConfig;
  batchSize: number;
}): { usage: UsagePerLead; basis: Record<string, string>; assumptions: string[] }[] {
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
    const refresh = cacheRefreshPerLead(measured.cacheFill, s.rate);
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
      dynamoWrites: `measured: ingest ${fmt(measured.ingest.writeUnits, 2)} + assignment ${fmt(measured.assignment.writeUnits, 2)} (transaction units computed from item sizes)`,
      dynamoReads:
        `measured: ${fmt(measured.total.readUnits, 3)} per lead with warm caches, plus cache refreshes at ${s.rate} leads/s: ` +
        `${fmt(measured.cacheFill.ingest.readUnits, 0)} RRU per ${CACHE_SECONDS.source} s (ingest source cache) and ${fmt(measured.cacheFill.assigner.readUnits, 0)} RRU per ${CACHE_SECONDS.poolSnapshot} s (assigner source and pool snapshot), ${fmt(refresh.readUnits, 3)} per lead`,
      sns: 'one Publish per assigned lead',
      logs:
        `measured function output ${fmt(handlers.ingestLogBytesPerInvocation, 0)} B per ingest, ${fmt(handlers.assignerLogBytesPerInvocation, 0)} B per assigner call; ` +
        `estimated ${platform} B Lambda platform lines per call and ${access} B API access log line per request`,
      xray: `estimated: active tracing with default sampling (1 request/s, then 5%) at ${s.rate} leads/s; one trace per ingest and per assigner call`,
    };
    const assumptions = [
      'Lambda durations were measured on this machine against DynamoDB Local; in AWS each DynamoDB call takes a few ms more over the network and 512 MB gets about a third of a vCPU, so real durations are likely 2–3 times higher. Even at 3×, duration stays a small line.',
      'Fixed monthly costs are not per lead and not included: SQS empty long polls by the event source (~650,000 requests a month, about $0.26), CloudWatch custom metrics from EMF (5 metrics, about $1.50 a month), alarm ($0.10), storage (DynamoDB $0.25 per GB-month, about 2 KB per lead with its index entries; logs $0.03 per GB-month).',
      'Free tiers are ignored. Init (cold start) duration is billed since August 2025 but is not counted; at steady traffic it is a small fraction of invocations.',
      'Messaging (SMS, email) is shown separately and excluded from the infrastructure total.',
    ];
    return [{ usage, basis, assumptions }];
  });
}

// ---------- formatting helpers ----------

/** The machine's core count, from the "2 × model" description. */
function cpus(r: BenchResults): number {
  return Number.parseInt(r.machine.cpus, 10) || 1;
}

function fmt(x: number | undefined, digits = 1): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const kb = (n: number) => fmt(n / 1000, 1);
const usd = (n: number) => `$${fmt(n, 2)}`;
const pct = (x: number) => `${fmt(x * 100, 0)}%`;

type Row = (string | number)[];

/** A fixed-width text table: text columns left-aligned, numeric ones right-aligned. */
function textTable(headers: string[], rows: Row[]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.every((r) => isNumeric(String(r[i] ?? ''))));
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** A Markdown table: text columns left-aligned, numeric ones right-aligned. */
function mdTable(headers: string[], rows: Row[]): string {
  const escapeCell = (c: string | number) => String(c).replace(/\|/g, '\\|');
  const numeric = headers.map((_, i) => rows.every((r) => isNumeric(String(r[i] ?? ''))));
  return [
    `| ${headers.map(escapeCell).join(' | ')} |`,
    `| ${headers.map((_, i) => (numeric[i] ? '--:' : ':--')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`),
  ].join('\n');
}

function isNumeric(cell: string): boolean {
  return /^[-+$]?[\d,.]*\d[\d,.]*(e[-+]?\d+)?\s*(×|%|ms|KB|USD|requests|leads|turns)?$|^–?$/.test(cell);
}

const verdict = (b: Budget) => (b.pass ? 'PASS' : 'FAIL');
const budgetRow = (b: Budget): Row => [
  verdict(b),
  b.name,
  `${b.value} ${b.unit}`,
  `${b.comparison} ${b.limit} ${b.unit}`,
];
const summaryRow = (label: string, s: Summary): Row => [label, fmt(s.p50), fmt(s.p95), fmt(s.p99), fmt(s.max), s.count];

function throughputRows(r: BenchResults): Row[] {
  return r.throughput.map((t) => {
    const ceiling =
      t.ceilings.reduce((sum, c) => sum + c.updates, 0) / t.ceilings.reduce((sum, c) => sum + c.seconds, 0);
    const tx = t.ours.requests.requests.TransactWriteItems ?? 0;
    const failedTx = t.ours.requests.failed.TransactWriteItems ?? 0;
    return [
      t.method,
      t.ours.leads,
      fmt(t.ours.leadsPerSecond, 0),
      fmt(ceiling, 0),
      t.rounds.map((round) => fmt(round.ratio, 2)).join(' / '),
      `${fmt(t.ratio, 2)}×`,
      `${failedTx}/${tx}`,
      t.ours.redeliveries,
      t.ours.everyLeadOnce ? 'yes' : 'NO',
      t.verified.ok ? 'yes' : 'NO',
    ];
  });
}
const THROUGHPUT_HEADERS = [
  'method',
  'leads',
  'leads/s',
  'ceiling (upd/s)',
  'ratio by round',
  'ratio (median)',
  'failed tx',
  'redelivered',
  'each lead once',
  'spread ok',
];

function roundRows(r: BenchResults): Row[] {
  return r.throughput.flatMap((t) =>
    t.rounds.map((round, i) => [
      `${t.method}, round ${i + 1}`,
      round.leads,
      fmt(round.seconds, 1),
      fmt(round.leadsPerSecond, 0),
      fmt(round.ceilingBefore.updatesPerSecond, 0),
      fmt(round.ceilingAfter.updatesPerSecond, 0),
      `${fmt(round.ratio, 2)}×`,
    ]),
  );
}

function peerRows(r: BenchResults): Row[] {
  const ours = r.throughput.find((t) => t.method === 'round_robin');
  if (!ours) return [];
  const o = ours.ours;
  const p = r.peer;
  const assignPerLead = (requests: Record<string, number>, leads: number) =>
    Object.values(requests).reduce((a, b) => a + b, 0) / leads;
  return [
    ['leads', o.leads, p.leads],
    ['throughput, leads/s', fmt(o.leadsPerSecond, 0), fmt(p.leadsPerSecond, 0)],
    ['duplicate turns (two leads, one turn)', o.fairness.duplicateTurns, p.fairness.duplicateTurns],
    ['skipped turns', o.fairness.skippedTurns, p.fairness.skippedTurns],
    ['lost counter updates', o.fairness.lostUpdates, p.fairness.lostUpdates],
    ['spread, max − min leads per rep', o.fairness.spread, p.fairness.spread],
    ['leads above the even share (summed)', o.fairness.excessLeads, p.fairness.excessLeads],
    ['leads per rep', o.fairness.counts.join(' '), p.fairness.counts.join(' ')],
    [
      'DynamoDB requests per lead (assignment)',
      fmt(assignPerLead(o.requests.requests, o.leads), 2),
      fmt(assignPerLead(p.requests.requests, p.leads), 2),
    ],
    ['write units per lead (assignment)', fmt(o.cost.writeUnits, 2), fmt(p.requests.writeUnits.total / p.leads, 2)],
  ];
}

function steadyRows(r: BenchResults): Row[] {
  return r.dynamo.steady.map((s) => [
    s.method,
    s.batchSize,
    fmt(s.ingest.requests, 2),
    fmt(s.assignment.requests, 2),
    fmt(s.total.requests, 2),
    fmt(s.ingest.writeUnits, 2),
    fmt(s.assignment.writeUnits, 2),
    fmt(s.total.writeUnits, 2),
    fmt(s.total.readUnits, 3),
  ]);
}
const STEADY_HEADERS = [
  'method',
  'leads/batch',
  'req ingest',
  'req assign',
  'req total',
  'WRU ingest',
  'WRU assign',
  'WRU total',
  'RRU total',
];

function contendedRows(r: BenchResults): Row[] {
  return r.dynamo.contended.map((c) => [
    c.method,
    fmt(c.assignment.requests, 2),
    fmt(c.assignment.failedRequests, 3),
    fmt(c.assignment.writeUnits, 2),
    fmt(c.assignment.readUnits, 2),
    Object.entries(c.assignment.requestsByOperation)
      .map(([op, n]) => `${op} ${fmt(n, 3)}`)
      .join(', '),
  ]);
}

function targetRows(s: SteadyStateRun): Row[] {
  const targets = Object.keys(s.total.writeUnitsByTarget).sort();
  return targets.map((t) => [
    t,
    fmt(s.ingest.writeUnitsByTarget[t] ?? 0, 2),
    fmt(s.assignment.writeUnitsByTarget[t] ?? 0, 2),
    fmt(s.total.writeUnitsByTarget[t] ?? 0, 2),
  ]);
}

/** Write units per lead for alternative table layouts, priced from the measured lead items. Pure. */
export function whatIfLayouts(r: BenchResults) {
  const busy = r.dynamo.steady.find((s) => s.method === 'round_robin' && s.batchSize === r.config.batchSize);
  const trickle = r.dynamo.steady.find((s) => s.method === 'round_robin' && s.batchSize === 1);
  if (!busy || !trickle) return [];
  const noWaiting = withIndex(TABLES.leads, 'byWaitingStatus', undefined);
  const noContacts = withIndex(withIndex(noWaiting, 'byEmail', undefined), 'byPhone', undefined);
  const layouts = [
    { name: 'as deployed (model)', leads: TABLES.leads, transactional: true },
    { name: 'no `byWaitingStatus` index', leads: noWaiting, transactional: true },
    { name: '… and no sticky-owner indexes', leads: noContacts, transactional: true },
    { name: '… and plain conditional writes instead of a transaction', leads: noContacts, transactional: false },
  ];
  const wruLine = r.aws.scenarios[0]?.lines.find((l) => l.unit === 'WRU');
  const usdPerUnit = wruLine && wruLine.perLead > 0 ? wruLine.usdPerMillionLeads / wruLine.perLead : 0.625;
  return layouts.map((layout) => {
    const tables = { leads: layout.leads };
    const b = writeUnitsPerLead(tables, busy.sample, { transactional: layout.transactional });
    const t = writeUnitsPerLead(tables, trickle.sample, { transactional: layout.transactional });
    return {
      name: layout.name,
      busy: b.total,
      trickle: t.total,
      busyUsd: b.total * usdPerUnit,
      trickleUsd: t.total * usdPerUnit,
    };
  });
}

function whatIfRows(r: BenchResults): Row[] {
  const busy = r.dynamo.steady.find((s) => s.method === 'round_robin' && s.batchSize === r.config.batchSize);
  const trickle = r.dynamo.steady.find((s) => s.method === 'round_robin' && s.batchSize === 1);
  const rows: Row[] =
    busy && trickle ? [['measured', fmt(busy.total.writeUnits, 2), fmt(trickle.total.writeUnits, 2), '', '']] : [];
  return [
    ...rows,
    ...whatIfLayouts(r).map((w) => [w.name, fmt(w.busy, 2), fmt(w.trickle, 2), usd(w.busyUsd), usd(w.trickleUsd)]),
  ];
}

function bundleRows(r: BenchResults): Row[] {
  return r.bundles.map((b) => {
    const init = r.init.find((i) => i.name === b.name)!;
    return [
      b.name,
      kb(b.bytes),
      kb(b.mapBytes),
      kb(b.naiveBytes),
      fmt(init.initMs.oursWithoutSourceMaps.p50),
      fmt(init.initMs.oursWithSourceMaps.p50),
      fmt(init.initMs.naive.p50),
      `${fmt(init.ratio, 2)}×`,
    ];
  });
}
const BUNDLE_HEADERS = [
  'function',
  'bundle KB',
  'map KB',
  'naive KB',
  'init ms (ours)',
  'init ms (ours, source maps on)',
  'init ms (naive)',
  'as deployed ÷ naive',
];

function costRows(s: CostEstimate): Row[] {
  return [
    ...s.lines.map((l) => [
      `${l.service}: ${l.item}`,
      fmtQuantity(l.perLead),
      l.unit,
      l.price,
      usd(l.usdPerMillionLeads),
    ]),
    ['Total (infrastructure)', '', '', '', usd(s.usdPerMillionLeads)],
  ];
}

function fmtQuantity(x: number): string {
  if (x === 0) return '0';
  if (x >= 0.1) return fmt(x, 3);
  return x.toExponential(2);
}

function messagingRows(lines: readonly CostLine[]): Row[] {
  return lines.map((l) => [
    `${l.service}: ${l.item}`,
    fmtQuantity(l.perLead),
    l.unit,
    l.price,
    usd(l.usdPerMillionLeads),
  ]);
}

// ---------- console ----------

/** The table `npm run bench` prints. */
export function renderConsole(r: BenchResults): string {
  const out: string[] = [];
  out.push(`leadrouter benchmark, ${r.generatedAt}${r.quick ? ' (QUICK smoke run: not representative)' : ''}`);
  out.push(`${r.machine.cpus}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}; ${r.durationSeconds} s`);
  for (const m of r.methods.filter((m) => !m.available)) out.push(`method ${m.method}: ${m.why}`);
  out.push('', 'BUDGETS', textTable(['', 'budget', 'value', 'limit'], r.budgets.map(budgetRow)));
  out.push(
    '',
    `1. ASSIGNMENT THROUGHPUT (${r.config.workers} workers, SQS batches of ${r.config.batchSize}) vs ENGINE CEILING (conditional UpdateItem on one item)`,
  );
  out.push(textTable(THROUGHPUT_HEADERS, throughputRows(r)));
  out.push(
    '',
    `2. OURS vs THE HAND-WRITTEN PEER (round robin, ${r.config.workers} workers)`,
    textTable(['', 'ours', 'peer'], peerRows(r)),
  );
  out.push(
    '',
    '3. DYNAMODB PER LEAD, steady state (one ingest and one assigner instance, caches warm)',
    textTable(STEADY_HEADERS, steadyRows(r)),
  );
  out.push(
    '',
    `   assignment under contention (${r.config.workers} workers)`,
    textTable(['method', 'req/lead', 'failed/lead', 'WRU/lead', 'RRU/lead', 'by operation'], contendedRows(r)),
  );
  out.push(
    '',
    `4. LATENCY on the local stack, ${r.latency.offeredRate} leads/s offered for ${r.latency.seconds} s (${r.latency.accepted}/${r.latency.sent} accepted, ${r.latency.unfinished} unfinished)`,
  );
  out.push(
    textTable(
      ['ms', 'p50', 'p95', 'p99', 'max', 'n'],
      [
        summaryRow('webhook → 202', r.latency.webhookAcceptedMs),
        summaryRow('webhook → assigned', r.latency.webhookToAssignedMs),
        summaryRow('webhook → notified', r.latency.webhookToNotifiedMs),
      ],
    ),
  );
  out.push(
    '',
    `5. COLD START (medians of ${r.config.initRuns} fresh-process imports)`,
    textTable(BUNDLE_HEADERS, bundleRows(r)),
  );
  for (const s of r.aws.scenarios)
    out.push(
      '',
      `6. AWS PER MILLION LEADS, ${s.scenario}`,
      textTable(['line', 'per lead', 'unit', 'price', 'per million'], costRows(s)),
    );
  out.push(
    '',
    `   messaging, separately (${r.aws.smsPartsPerNotice} SMS part(s) per notice)`,
    textTable(['line', 'per lead', 'unit', 'price', 'per million'], messagingRows(r.aws.messaging)),
  );
  return out.join('\n');
}

// ---------- SVG ----------

/** bench/spread.svg: leads per rep, ours and the peer. */
export function spreadSvg(r: BenchResults): string {
  const ours = r.throughput.find((t) => t.method === 'round_robin')?.ours;
  const leads = r.peer.leads;
  return spreadChart({
    title: `Leads per rep: ${leads} leads, ${r.config.reps} reps, ${r.config.workers} concurrent workers`,
    subtitle:
      `leadrouter round robin: spread ${ours?.fairness.spread ?? '–'}, duplicate turns ${ours?.fairness.duplicateTurns ?? '–'}. ` +
      `Hand-written peer: spread ${r.peer.fairness.spread}, duplicate turns ${r.peer.fairness.duplicateTurns}.`,
    evenShare: leads / r.config.reps,
    series: [
      { label: 'leadrouter (conditional transaction)', color: '#2563eb', counts: ours?.fairness.counts ?? [] },
      { label: 'hand-written peer (read, pick, write)', color: '#f97316', counts: r.peer.fairness.counts },
    ],
  });
}

// ---------- Markdown ----------

/** docs/performance.md, regenerated by every full run. */
export function renderMarkdown(r: BenchResults, options: { chartPath: string }): string {
  const failing = r.budgets.filter((b) => !b.pass);
  const rr = r.throughput.find((t) => t.method === 'round_robin');
  const busy = r.dynamo.steady.find((s) => s.method === 'round_robin' && s.batchSize === r.config.batchSize);
  const trickle = r.dynamo.steady.find((s) => s.method === 'round_robin' && s.batchSize === 1);
  const md: string[] = [];
  // Each argument is a block (paragraph, table, heading), separated by blank lines.
  const p = (...blocks: string[]) => md.push(...blocks.flatMap((b) => [b, '']));

  p('# Performance', '<!-- Generated by `npm run bench` (bench/run.ts); edit the generator, not this file. -->');
  p(
    `How fast and how cheap leadrouter is, measured side by side with the round robin people usually write by hand. Every figure below comes from one run of \`npm run bench\` on ${r.generatedAt.slice(0, 10)} (${r.durationSeconds} s), against one DynamoDB Local, on this machine: ${r.machine.cpus}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ${r.machine.platform}. All figures are in [bench/results.json](../bench/results.json).${r.quick ? ' **This is a quick smoke run: its figures are not representative.**' : ''}`,
  );
  const load = Object.entries(r.machine.loadAverage ?? {})
    .map(([phase, value]) => `${value} (${phase})`)
    .join(', ');
  p(
    `**Read the absolute numbers as this machine's, not AWS's.** DynamoDB Local is AWS's engine in a single Java process sharing the machine's cores with the benchmark, other engineers' test runs shared the machine (1-minute load average at the end of each phase: ${load || 'not recorded'}; above ${cpus(r)} the machine was oversubscribed), and there is no network between the functions and the database. What carries over are the ratios (measured in the same run, interleaved where possible), the request and capacity counts, and the correctness results; latencies and durations move with the load.`,
  );
  const unavailable = r.methods.filter((m) => !m.available);
  if (unavailable.length)
    p(
      `Methods not benchmarked in this run: ${unavailable.map((m) => `\`${m.method}\` (${m.why})`).join('; ')}. The benchmark picks them up by itself once \`DISTRIBUTION_METHODS\` and the pool schema accept them.`,
    );

  p('## Budgets', mdTable(['', 'budget', 'value', 'limit'], r.budgets.map(budgetRow)));
  p(
    failing.length
      ? `${failing.length} of ${r.budgets.length} budgets fail. Each is explained below, under [Why budgets fail and what would fix them](#why-budgets-fail-and-what-would-fix-them).`
      : 'Every budget passes.',
  );

  p(
    '## 1. Assignment throughput and the engine ceiling',
    `${r.config.workers} assigners, each a \`createLeadAssigner\` of its own with its own DynamoDB client and caches (like ${r.config.workers} Lambda instances), take their share of pre-received leads (status \`received\`, stored by the real ingest use case) in SQS-sized batches of ${r.config.batchSize}, all records of a batch at once, as the SQS consumer does; a lead whose batch exhausts its retries goes back to the end of the queue, as SQS redelivers it. The pool has ${r.config.reps} reps. Before measuring, ${r.config.warmUpLeads} leads warm up the JIT, connections and engine.`,
    `The **engine ceiling** is ${r.config.workers} loops of single-item \`UpdateItem SET n = n + 1\` with \`attribute_exists(pk)\` on one hot item: the most conditional writes per second this engine takes on one item at this concurrency. Ours runs in ${r.config.throughputRounds} rounds, each between two runs of the ceiling lasting as long as the round, so each round is compared with the ceiling measured around it while the machine's load drifts; the median round decides.`,
    mdTable(THROUGHPUT_HEADERS, throughputRows(r)),
    mdTable(
      ['round', 'leads', 'seconds', 'leads/s', 'ceiling before (upd/s)', 'ceiling after (upd/s)', 'ratio'],
      roundRows(r),
    ),
  );
  if (rr) {
    const tx = rr.ours.requests.requests.TransactWriteItems ?? 0;
    const failedTx = rr.ours.requests.failed.TransactWriteItems ?? 0;
    p(
      `Every lead was assigned exactly once (${rr.ours.everyLeadOnce ? 'checked: one decision per lead, status `assigned`' : '**NOT** — see results.json'}); ${rr.verified.detail}. Of ${tx} transactions, ${failedTx} (${pct(failedTx / Math.max(1, tx))}) were refused because another assigner was committing to, or had just moved, the same rotation item; the assigner read the pool again and decided again (${rr.ours.metrics.AssignmentConflictRetries ?? 0} conflict retries). One committed transaction carries ${fmt(rr.ours.leads / Math.max(1, tx - failedTx), 1)} leads on average.`,
      rr.ours.redeliveries
        ? `${rr.ours.redeliveries} records (${pct(rr.ours.redeliveries / rr.ours.leads)} of the leads) lost the race on every one of the assigner's 25 attempts (\`createLeadAssigner\`'s default), so their batch gave up and the records went back to the queue (\`AssignmentRetriesExhausted\`); here they were redelivered at once and assigned on the next try. **In AWS such a record waits for the queue's visibility timeout before it is delivered again: 6 × the assigner's 30 s timeout, 3 minutes** (lib/stateful-resources.ts). Contention of ${r.config.workers} assigners on one pool therefore costs latency on a few leads, not just throughput; fewer concurrent assigners per pool, or a shorter visibility timeout for retried records, would avoid it.`
        : 'No batch exhausted its retries.',
    );
  }

  p(
    '## 2. The hand-written peer',
    "The peer is the round robin found in many tutorials and in ERPNext's assignment rule: `GetItem` the counter, pick `reps[n % reps.length]`, `PutItem` the counter as `n + 1`, then `UpdateItem` the lead's owner; no condition, no transaction. It ran with fresh leads of the same shape, the same reps, the same concurrency (each worker handling its records one after another, as `for (const record of event.Records)` does) on the same engine. A *duplicate turn* is a counter value that more than one lead read, so the same rep got each of those leads while the reps after it waited; *lost updates* are counter increments overwritten by a concurrent write; *skipped turns* are counter values no lead got (a counter written backwards can skip).",
    mdTable(['', 'leadrouter', 'hand-written peer'], peerRows(r)),
    `![Leads per rep, leadrouter and the hand-written peer](${options.chartPath})`,
    peerSpeedNote(r),
  );

  p(
    '## 3. DynamoDB cost per lead',
    'Counted by an SDK middleware on each `DynamoDBClient`: every request by operation, with `ReturnConsumedCapacity: INDEXES` added to every call that accepts it, summing the units DynamoDB reports per table and per index. A lead costs the ingest write (through the real webhook use case: cached source lookup, normalisation, then `PutItem` through the intake) plus its share of the assignment transaction (the lead, the rotation item of the pool, the load counters of the chosen rep).',
    "**Transactions are computed, not reported.** DynamoDB Local reports a multi-item `TransactWriteItems` as if it held one item per table (a three-lead transaction reports the units of one lead), so the benchmark computes transaction units from the stored items' sizes with AWS's rules (bench/capacity.ts: 1 KB write units, every item and index write doubled in a transaction, index writes: one to add or update an entry, two when its key changes). Single-item operations and `BatchGetItem` are reported correctly and are taken as reported. Model check on the ingest `PutItem`: " +
      (busy
        ? `computed ${fmt(busy.modelCheck.ingestUnitsComputed, 2)} WRU, reported ${fmt(busy.modelCheck.ingestUnitsReported, 2)} WRU per lead.`
        : 'not run.'),
    `Steady state: one ingest and one assigner instance, after a warm-up batch has filled the source and pool caches, ${r.config.steadyLeads} leads; *busy* means full SQS batches of ${r.config.batchSize} (one transaction per ${r.config.batchSize} leads), *trickle* means leads arriving one at a time (one transaction per lead).`,
    mdTable(STEADY_HEADERS, steadyRows(r)),
  );
  if (busy && trickle) {
    const refreshBusy = cacheRefreshPerLead(busy.cacheFill, 10);
    const refreshTrickle = cacheRefreshPerLead(trickle.cacheFill, 0.5);
    p(
      `Warm caches do expire: each ingest instance reads its source again every ${CACHE_SECONDS.source} s (${fmt(trickle.cacheFill.ingest.requests, 0)} requests, ${fmt(trickle.cacheFill.ingest.readUnits, 0)} RRU, measured on the warm-up), each assigner its source and pool snapshot at least every ${CACHE_SECONDS.poolSnapshot} s (${fmt(trickle.cacheFill.assigner.requests, 0)} requests, ${fmt(trickle.cacheFill.assigner.readUnits, 0)} RRU for a single lead; ${fmt(busy.cacheFill.assigner.requests, 0)} requests for a batch of ${busy.batchSize} arriving on a cold cache, because concurrent cache misses are not coalesced: every record of the batch does its own lookups). Per lead that adds ${fmt(refreshBusy.requests, 3)} requests and ${fmt(refreshBusy.readUnits, 3)} RRU at 10 leads/s, and ${fmt(refreshTrickle.requests, 2)} requests and ${fmt(refreshTrickle.readUnits, 2)} RRU at 0.5 leads/s (one warm instance of each), so a trickle of leads costs ${fmt(trickle.total.requests + refreshTrickle.requests, 2)} requests per lead in all. The cost model below includes these reads.`,
    );
    p(
      `Write units by table and index, round robin (per lead):`,
      mdTable(['target', 'ingest', 'assignment (busy)', 'total (busy)'], targetRows(busy)),
      `A received lead is ${fmt(busy.leadItemBytes.received, 0)} bytes as stored and ${fmt(busy.leadItemBytes.assigned, 0)} bytes once assigned (median, DynamoDB's item-size rules). DynamoDB Local itself reported ${fmt(busy.transactionUnitsAsReported, 2)} transactional WRU per lead (busy) against ${fmt(busy.assignment.computedWriteUnits, 2)} computed.`,
    );
  }
  p(
    'What the same leads would cost in other table layouts (computed from the measured lead items with the same rules; WRU per lead and DynamoDB write cost per million leads):',
    mdTable(['layout', 'WRU busy', 'WRU trickle', '$/M busy', '$/M trickle'], whatIfRows(r)),
  );
  p(
    `Under contention (the ${r.config.workers}-worker throughput run) the assignment costs more: refused transactions, and a fresh read of the pool (its rotation, the pool, its reps and their load counters) before each retry. Capacity consumed by refused transactions is not counted (DynamoDB Local reports none for them).`,
    mdTable(
      ['method', 'requests/lead', 'failed/lead', 'WRU/lead', 'RRU/lead', 'requests by operation, per lead'],
      contendedRows(r),
    ),
  );

  p(
    '## 4. Latency on the local stack',
    `\`startLocalStack\` on the benchmark's DynamoDB Local: the real HTTP server, ingest handler, in-process queue (batches of up to 10, 2 consumers), assigner and outbox. A load generator in the same process offers ${r.latency.offeredRate} leads/s for ${r.latency.seconds} s open loop (each request starts on schedule whether or not earlier ones have answered), \`fetch\` to 127.0.0.1, after ${r.quick ? 20 : 100} warm-up leads. *webhook → assigned* runs from sending the request to the lead's \`assignedAt\` (the instant the assigner decided, stored on the lead; millisecond resolution); *webhook → notified* runs to the moment the outbox received the notice, after the assignment transaction committed (timed by wrapping the outbox's \`notify\`). Achieved: ${r.latency.accepted} of ${r.latency.sent} accepted, ${r.latency.failed} failed, ${r.latency.unfinished} not notified in time; the generator started requests a median ${fmt(Math.max(0, r.latency.scheduleLagMs.p50), 1)} ms (p99 ${fmt(Math.max(0, r.latency.scheduleLagMs.p99), 1)} ms) behind schedule.`,
    mdTable(
      ['ms', 'p50', 'p95', 'p99', 'max', 'n'],
      [
        summaryRow('webhook → 202 accepted', r.latency.webhookAcceptedMs),
        summaryRow('webhook → assigned', r.latency.webhookToAssignedMs),
        summaryRow('webhook → notified', r.latency.webhookToNotifiedMs),
      ],
    ),
    "In AWS, add API Gateway (a few ms), SQS delivery to the assigner (typically tens of ms with long polling) and network round trips to DynamoDB, and subtract this machine's CPU contention.",
  );

  p(
    '## 5. Cold start',
    "Each function is built twice in the same run. **As deployed**: `lambdaBuildOptions()` from lib/bundling.ts, the options the CDK construct passes to NodejsFunction (checked against `npx cdk synth` while the benchmark was written: the same bytes, give or take the file name of the source map; minified ESM for Node 24, `module` before `main`, the SDK bundled, source maps beside the bundle, and aliases that replace the SDK's default credential chain, its event-stream support and mnemonist's LRU with small local modules). **Naive**, what a hand-written Lambda usually gets: esbuild's defaults for a Node bundle (not minified, `main` first), but ESM with a `require` shim because the entries use top-level await, the SDK's full default credential chain, and zod imported as most examples do, `import { z } from 'zod'` (classic zod through its namespace object, which defeats tree shaking) instead of `import * as z from 'zod/mini'`; the handler code is otherwise the same.",
    `Module initialisation is the time \`await import(bundle)\` takes in a fresh \`node\` process (bench/harness/lambda-child.mjs), with the function's environment variables and fake credentials; ${r.config.initRuns} runs per variant, the variants' order rotated every run so they share the machine's noise; medians below (on this loaded machine single runs scatter by tens of ms; min, max and mean per variant are in results.json). ${deployedMapsSentence(r)} The admin, assigner and rep-links functions read their link key from Secrets Manager while they load: a local stand-in answers here, so their initialisation includes the client and a round trip on this machine but not AWS's network latency (add some tens of ms in AWS, for ours and the naive bundle alike). Sizes are bytes on disk (1 KB = 1000 bytes).`,
    mdTable(BUNDLE_HEADERS, bundleRows(r)),
  );
  const mapCost = r.init.map((i) => i.initMs.oursWithSourceMaps.p50 - i.initMs.oursWithoutSourceMaps.p50);
  p(
    `Loading source maps (\`--enable-source-maps\`) adds ${mapCost.map((ms, k) => `${fmt(ms, 0)} ms (${r.init[k]!.name})`).join(', ')} to the median initialisation (differences of medians, so noisy on a loaded machine): Node reads and parses the bundle's source map (${kb(Math.min(...r.bundles.map((b) => b.mapBytes)))}–${kb(Math.max(...r.bundles.map((b) => b.mapBytes)))} KB) as the module loads. ${r.init.some((i) => i.deployedWithSourceMaps) ? 'The stack sets the flag, so that is part of the deployed cold start, and it is counted.' : 'That is why the stack leaves the flag off unless deployed with `-c sourceMaps=true` (docs/operations.md): stack traces in logs then point into the minified bundle, and the map that ships beside each bundle decodes a trace by hand.'}`,
  );
  const assignerBundle = r.bundles.find((b) => b.name === 'assigner');
  if (assignerBundle) {
    p(
      `What dominates the assigner bundle (bytes in the minified output, from esbuild's metafile):`,
      mdTable(
        ['package', 'KB'],
        assignerBundle.topPackages.map((x) => [x.name, kb(x.bytes)]),
      ),
    );
  }
  p(
    `The deployed bundles were also run end to end in fresh processes (the handler-run check of the cost model, and test/integration/bundled-functions.test.ts): ${r.handlers.detail}. Warm invocations on this machine: ingest median ${fmt(r.handlers.ingestMs.p50)} ms (p95 ${fmt(r.handlers.ingestMs.p95)}), assigner median ${fmt(r.handlers.assignerBatchOf10Ms.p50)} ms for 10 records and ${fmt(r.handlers.assignerBatchOf1Ms.p50)} ms for one.`,
  );

  p(
    '## 6. Cost per million leads on AWS',
    `Computed from the measured requests and units per lead and one price table, [bench/prices.json](../bench/prices.json) (${r.aws.prices.region}, on-demand list prices as of ${r.aws.prices.checked}; each entry names its AWS pricing page). Memory sizes, tracing and the SQS batch size are read from the CDK stack itself (ingest ${r.deployed.functions.ingest.memoryMb} MB, assigner ${r.deployed.functions.assigner.memoryMb} MB, tracing ${r.deployed.functions.ingest.tracing}, batch size ${r.deployed.assignerEventSource.batchSize}). Two traffic shapes bracket reality: *busy* (full batches) and *trickle* (every lead alone).`,
  );
  for (const s of r.aws.scenarios) {
    const usage = r.aws.usage.find((u) => u.scenario === s.scenario);
    p(
      `### ${s.scenario}`,
      mdTable(['line', 'per lead', 'unit', 'price', 'per million leads'], costRows(s)),
      s.lines
        .filter((l) => l.basis)
        .map((l) => `- ${l.service}, ${l.item}: ${l.basis}.`)
        .join('\n'),
      usage
        ? `Lambda: ${fmt(usage.ingest.billedMsPerInvocation, 0)} ms billed per ingest call, ${fmt(usage.assigner.billedMsPerInvocation, 0)} ms per assigner call.`
        : '',
    );
  }
  p(
    '### Messaging, shown separately',
    mdTable(['line', 'per lead', 'unit', 'price', 'per million leads'], messagingRows(r.aws.messaging)),
    smsExplanation(r),
    '**Assumptions.**',
    r.aws.assumptions.map((a) => `- ${a}`).join('\n'),
  );

  p('## Why budgets fail and what would fix them');
  if (!failing.length) p('Nothing fails in this run.');
  for (const text of diagnoses(r)) p(text);

  p(
    '## Running it',
    '```sh\nnpm run bench                 # the full run, a few minutes; rewrites bench/results.json, bench/spread.svg and this page\nBENCH_QUICK=1 npm run bench   # a smoke run of about a minute, written to test-output/bench-quick/\nnpx tsx bench/render.ts        # re-renders this page and the chart from bench/results.json, measuring nothing\n```',
    "Other knobs: `BENCH_LEADS`, `BENCH_WORKERS`, `BENCH_STEADY_LEADS`, `BENCH_LATENCY_RATE`, `BENCH_LATENCY_SECONDS`, `BENCH_INIT_RUNS`, `BENCH_OUT` (output folder). Everything runs on this machine: DynamoDB Local on 127.0.0.1, stand-ins for SNS and SQS on 127.0.0.1; nothing calls AWS. The pure parts (statistics, capacity rules, cost model, the peer's fairness judgement, the chart) are tested in test/unit/bench.test.ts; the bundles as deployed are run end to end in test/integration/bundled-functions.test.ts.",
  );
  return `${md
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/** Functions that read the link key from Secrets Manager while they load (functions/entry/*). */
const READS_SECRET_AT_LOAD = ['admin', 'assigner', 'repLinks'];

function mapRange(r: BenchResults, names: string[]): string {
  const sizes = r.bundles.filter((b) => names.includes(b.name)).map((b) => b.mapBytes);
  if (!sizes.length) return '?';
  const [low, high] = [Math.min(...sizes), Math.max(...sizes)];
  return low === high ? kb(low) : `${kb(low)}–${kb(high)}`;
}

function fixedWork(names: string[], r: BenchResults): string {
  const secret = names.filter((n) => READS_SECRET_AT_LOAD.includes(n));
  const small = names.filter((n) => (r.bundles.find((b) => b.name === n)?.bytes ?? Infinity) < 200_000);
  const parts: string[] = [];
  const verb = (list: string[], one: string, many: string) => (list.length === 1 ? one : many);
  if (secret.length)
    parts.push(
      `${secret.join(', ')} ${verb(secret, 'creates', 'create')} a Secrets Manager client and ${verb(secret, 'reads', 'read')} the link key while loading, work the naive bundle does too (reading the key on the first request that needs a link would take it out of every cold start that does not)`,
    );
  if (small.length)
    parts.push(
      `${small.join(', ')} ${verb(small, 'is', 'are')} small already, so the fixed cost of starting the SDK weighs more than the bytes saved`,
    );
  return parts.length ? `What remains: ${parts.join('; ')}.` : '';
}

function peerSpeedNote(r: BenchResults): string {
  const ours = r.throughput.find((t) => t.method === 'round_robin')?.ours;
  if (!ours) return '';
  const share = r.peer.fairness.duplicateTurns / Math.max(1, r.peer.leads);
  const speed =
    r.peer.leadsPerSecond > ours.leadsPerSecond
      ? `The peer is ${fmt(r.peer.leadsPerSecond / ours.leadsPerSecond, 2)}× as fast as ours here (three small single-item calls per lead against one transaction of up to ${r.config.batchSize} leads and their index entries), and its speed buys nothing`
      : `The peer is slower than ours here (${fmt(r.peer.leadsPerSecond / ours.leadsPerSecond, 2)}×: three round trips per lead, one after another, against one transaction per batch), and it is not even correct`;
  return `${speed}: with ${r.config.workers} workers, ${pct(share)} of its leads reused a turn another lead had already taken.`;
}

/** Why each failing budget fails, with the run's own numbers, and what would fix it. */
export function diagnoses(r: BenchResults): string[] {
  const out: string[] = [];
  const failed = (prefix: string) => r.budgets.filter((b) => !b.pass && b.name.startsWith(prefix));
  const rr = r.throughput.find((t) => t.method === 'round_robin');

  if (failed('Assignment throughput').length && rr) {
    const tx = rr.ours.requests.requests.TransactWriteItems ?? 0;
    const failedTx = rr.ours.requests.failed.TransactWriteItems ?? 0;
    const busy = r.dynamo.steady.find((s) => s.method === 'round_robin' && s.batchSize === r.config.batchSize);
    out.push(
      `**Throughput (${fmt(rr.ratio, 2)}× the ceiling, budget 0.5×).** The ceiling is one small item written once per call; ours writes, per committed transaction of about ${fmt(rr.ours.leads / Math.max(1, tx - failedTx), 1)} leads, the rotation item, each chosen rep's load counters and every lead with its index entries, all doubled by the transaction: about ${busy ? fmt(busy.assignment.writeUnits, 1) : '?'} write units per lead against the ceiling's one. On top, ${pct(failedTx / Math.max(1, tx))} of transactions lose the race for the rotation item to another of the ${r.config.workers} assigners and are redone after re-reading the pool. So the engine does far more work per lead than per ceiling update. The ratio also moves with the machine: ours spends CPU in Node (${r.config.workers} assigners building and marshalling transactions) as well as in the engine, the ceiling almost only in the engine, so when the machine is oversubscribed (load average ${r.machine.loadAverage?.throughput ?? '?'} on ${cpus(r)} cores during this phase) ours loses more than the ceiling does; expect a higher ratio on a quiet machine, and read this one as a floor. What would raise it: fewer concurrent assigners per pool (the stack caps the assigner at ${r.deployed.assignerEventSource.maxConcurrency ?? 'no'} concurrent instances, \`assignerMaxConcurrency\`; conflicts grow with it while one pool's commits are serial anyway), fuller batches (an SQS batching window), and lighter lead writes (fewer index entries touched per assignment, see the cost section). The ratio is a property of the design, not a defect: correctness under concurrency is what the peer shows is missing.`,
    );
  }
  if (failed('DynamoDB requests').length) {
    out.push(
      '**DynamoDB requests per lead.** Steady state should be one `PutItem` at ingest and one transaction per batch at assignment; more means configuration or rotation state is being read per lead. See results.json `dynamo.steady[].assignment.requestsByOperation`.',
    );
  }
  if (failed('Webhook-to-assigned').length) {
    const lag = r.latency.scheduleLagMs;
    const starved = lag.p99 > 20;
    out.push(
      `**Latency (p99 ${fmt(r.latency.webhookToAssignedMs.p99, 0)} ms, budget 150 ms; p50 ${fmt(r.latency.webhookToAssignedMs.p50, 0)} ms).** ${
        starved
          ? `The process was starved of CPU during the measurement: the load generator, a timer in the same process, started its requests up to ${fmt(lag.p99, 0)} ms (p99) and ${fmt(lag.max, 0)} ms (max) late, and even the webhook's own answer (one \`PutItem\`) took ${fmt(r.latency.webhookAcceptedMs.p99, 0)} ms at p99; the load average was ${r.machine.loadAverage?.latency ?? '?'} on ${cpus(r)} cores. The tail measures the machine more than the pipeline. Run it again on a quiet machine before reading anything into it.`
          : "The generator kept its schedule, so the tail is the pipeline's: the local stack hands the queue to 2 consumers in batches of up to 10, and a batch waits while another holds the pool's rotation. More local consumers would shorten it, at the cost of more conflicts."
      }`,
    );
  }
  const bigBundles = failed('Bundle size');
  if (bigBundles.length) {
    const a = r.bundles.find((b) => b.name === 'assigner');
    const _size = (name: string) =>
      kb(a?.topPackages.filter((p) => p.name.startsWith(name)).reduce((s, p) => s + p.bytes, 0) ?? 0);
    const list = (b: { topPackages: { name: string; bytes: number }[] }) =>
      b.topPackages
        .slice(0, 8)
        .map((p) => `${p.name} ${kb(p.bytes)}`)
        .join(', ');
    const failing = bigBundles
      .map((budget) => r.bundles.find((b) => budget.name === `Bundle size, ${b.name} (minified)`)!)
      .filter(Boolean);
    const clients = (b: { topPackages: { name: string; bytes: number }[] }) =>
      b.topPackages.filter((p) => /^@aws-sdk\/client-/.test(p.name));
    out.push(
      `**Bundle size (${failing.map((b) => `${b.name} ${kb(b.bytes)} KB`).join(', ')}; budget 300 KB).** The benchmark already trimmed what the functions never execute: the SDK's event-stream support (about 20 KB) and mnemonist's LRU (about 7 KB) are replaced through aliases in lib/bundling.ts, as the credential chain already was. What remains is code that runs, or shares a module with code that runs (V8 coverage of a handler run, bench/investigate-unused-code.ts, showed about 40% of an assigner bundle's unminified bytes never executing, but scattered through modules that are needed: error classes, option branches, retry paths), so no further module can be swapped out without rewriting SDK or library code.`,
      `Where the bytes are: ${failing.map((b) => `${b.name}: ${list(b)}`).join('; ')} (KB). The SDK's shared core (@smithy/core and @aws-sdk/core, about 120 KB) is in every function, and each AWS client adds its model and protocol: ${failing
        .map(
          (b) =>
            `${b.name} carries ${clients(b)
              .map((c) => `${c.name.replace('@aws-sdk/client-', '')} (${kb(c.bytes)})`)
              .join(', ')}`,
        )
        .join('; ')}.`,
      'What would bring them under 300 KB are design decisions, not bundler settings: read the link key through the AWS Parameters and Secrets Lambda Extension (a local HTTP call) instead of bundling the Secrets Manager client (about 14 KB; the extension answers only during invocations, not during init, so the key would be read on the first request after a cold start); let one function own each side effect (the assigner publishes to SNS and queues timers through SQS as well as writing DynamoDB); validate queue messages, which only our own functions write, without zod in the consumers.',
    );
  }
  const slowInit = failed('Module initialisation');
  if (slowInit.length) {
    const rows = slowInit.flatMap((b) => {
      const init = r.init.find((i) => b.name === `Module initialisation, ${i.name}: ours ÷ naive (medians)`);
      if (!init) return [];
      const withoutMaps = init.initMs.oursWithoutSourceMaps.p50 / init.initMs.naive.p50;
      return [
        { name: init.name, ratio: init.ratio, withoutMaps, withMaps: init.deployedWithSourceMaps, ms: init.initMs },
      ];
    });
    const mapsWouldFix = rows.filter((x) => x.withMaps && x.withoutMaps <= 0.5).map((x) => x.name);
    const mapped = rows.filter((x) => x.withMaps);
    out.push(
      `**Initialisation (${rows.map((x) => `${x.name} ${fmt(x.ratio, 2)}×`).join(', ')}; budget 0.5×).** ` +
        (mapped.length
          ? `Without \`--enable-source-maps\` the same bundles would be at ${mapped.map((x) => `${fmt(x.withoutMaps, 2)}× (${x.name})`).join(', ')}: with the flag, Node reads and parses each bundle's source map (${mapRange(
              r,
              mapped.map((x) => x.name),
            )} KB) as the module loads, ${mapped.map((x) => `${fmt(x.ms.oursWithSourceMaps.p50 - x.ms.oursWithoutSourceMaps.p50, 0)} ms for ${x.name}`).join(', ')}. `
          : 'These bundles are already measured without source maps, as deployed. ') +
        `${mapsWouldFix.length ? `Dropping the flag and turning source maps on only when an error is logged (\`process.setSourceMapsEnabled(true)\` in the error path) would have brought ${mapsWouldFix.join(', ')} within budget in this run (medians of ${r.config.initRuns} runs on a loaded machine: differences of a few tens of ms are within the noise). ` : ''}` +
        fixedWork(
          rows.map((x) => x.name),
          r,
        ),
    );
  }
  const costly = failed('AWS infrastructure');
  if (costly.length) {
    const top = r.aws.scenarios.map((s) => {
      const sorted = [...s.lines].sort((a, b) => b.usdPerMillionLeads - a.usdPerMillionLeads).slice(0, 3);
      return `${s.scenario}: ${usd(s.usdPerMillionLeads)}, led by ${sorted.map((l) => `${l.service}: ${l.item.split(' (')[0]!} ${usd(l.usdPerMillionLeads)}`).join(', ')}`;
    });
    const busy = r.dynamo.steady.find((s) => s.method === 'round_robin' && s.batchSize === r.config.batchSize);
    const whatIf = whatIfLayouts(r);
    const touched = busy
      ? Object.keys(busy.assignment.writeUnitsByTarget)
          .filter((t) => t.startsWith('leads/') && (busy.assignment.writeUnitsByTarget[t] ?? 0) > 0)
          .map((t) => `\`${t.slice(6)}\``)
      : [];
    const targets = busy
      ? Object.entries(busy.total.writeUnitsByTarget)
          .sort((a, b) => b[1] - a[1])
          .map(([t, u]) => `${t} ${fmt(u, 1)}`)
          .join(', ')
      : '';
    out.push(
      `**Cost per million leads (budget $5, messaging excluded).** ${top.join('; ')}.`,
      `DynamoDB writes are the largest line: ${busy ? fmt(busy.total.writeUnits, 1) : '?'} write units per lead (busy), by target: ${targets}. What multiplies them: the assignment rewrites ${touched.length} of the leads table's ${TABLES.leads.globalIndexes.length} global secondary indexes (${touched.join(', ')}: the sparse waiting-status index loses its entry, the pool and rep indexes gain one); the lead update is part of the transaction, which doubles every one of those writes, and the rep's load counters and the pool's rotation ride in the same transaction (${busy ? fmt(busy.assignment.writeUnitsByTarget.state ?? 0, 1) : '?'} units per lead on the state table); and an assigned lead (with its decision record) is ${busy ? fmt(busy.leadItemBytes.assigned, 0) : '?'} bytes, so its own write is ${busy ? Math.max(1, Math.ceil(busy.leadItemBytes.assigned / 1024)) : '?'} unit(s) before the doubling. What would fix it, computed for the measured leads (section 3, "other table layouts"): ${whatIf.map((w) => `${w.name.replace(/`/g, '')}: ${fmt(w.busy, 1)} WRU (${usd(w.busyUsd)} per million, busy)`).join('; ')}. The month index is already keys-only and the status index sparse (only leads waiting on someone), so what is left is what the features need: the waiting-status index serves sweeps and triage, the contact indexes serve sticky owner. The last step is a redesign, not a setting: dropping the transaction gives up the atomic rotation-and-leads commit, so it is only sound if the rotation item records each batch's decisions and the lead updates can be replayed from it (the extra bytes in the rotation item are not counted above).`,
      `X-Ray costs ${r.aws.scenarios.map((s) => `${usd(s.lines.find((l) => l.service === 'X-Ray')?.usdPerMillionLeads ?? 0)} (${s.scenario.split(' ')[0]})`).join(' and ')} per million leads: ${r.deployed.functions.ingest.tracing === 'Active' ? 'the stack turns on active tracing, whose default sampling records every request while there is less than one a second, and the ingest and assigner calls are separate traces. A sampling rule that records a few percent of requests, or tracing only the assigner, would take it to cents.' : 'active tracing is off unless the stack is deployed with `-c tracing=true`; with it, default sampling records every request while there is less than one a second, and X-Ray charges $5 per million traces, so at low traffic every ingest and assigner call would cost that much again.'} SQS and Lambda requests follow the batch size; at full batches they are small.`,
    );
  }
  const unfair = r.budgets.filter(
    (b) =>
      !b.pass && (b.name.startsWith('Duplicate') || b.name.startsWith('Lead-count') || b.name.startsWith('Skipped')),
  );
  if (unfair.length)
    out.push(
      '**Fairness.** Our rotation produced duplicates, skips or an uneven spread: this is a correctness bug, not a performance issue. See results.json `throughput[].ours.fairness`.',
    );
  return out;
}

/** Why a notice takes the parts it does, worked out from the notices the bench actually sent. */
export function smsExplanation(r: Pick<BenchResults, 'aws' | 'handlers'>): string {
  const parts = r.aws.smsPartsPerNotice;
  const sample = r.handlers.noticeTexts[0];
  if (!sample) return `The assignment notice takes ${parts} SMS part(s) (no sample was recorded).`;
  const { encoding, units } = smsLength(sample);
  const link = sample.match(/https?:\/\/\S+/)?.[0] ?? '';
  const size =
    encoding === 'gsm7'
      ? `${units} characters, all in the GSM 7-bit alphabet`
      : `${units} UTF-16 units, including characters outside the GSM 7-bit alphabet, so it is sent as UCS-2 in 70-character parts`;
  const head = `The assignment notice as an SMS subscriber receives it takes ${parts} part(s): ${size}${link ? `, ${link.length} of them the signed link` : ''}`;
  if (parts <= 1)
    return `${head}. Email subscribers get the full notice; the SMS form always keeps the phone and the link, and fits the name and company into the room the link leaves (docs/rep-links.md). With the API's default execute-api address (about 55 characters) in place of this run's base URL, names are cut shorter; a custom domain keeps them whole.`;
  return link && encoding === 'gsm7'
    ? `${head}, longer than the 160 a single part holds: the link leaves too little room (a shorter public base URL, such as a custom domain, would fit it).`
    : `${head}.`;
}

/** Which source-map setting the "as deployed" figures use, read from the synthesised stack. */
function deployedMapsSentence(r: BenchResults): string {
  const on = r.init.filter((i) => i.deployedWithSourceMaps).map((i) => i.name);
  if (!on.length)
    return '*As deployed* means without `NODE_OPTIONS=--enable-source-maps`: the stack sets it only when deployed with `-c sourceMaps=true`; ours is measured with it too, for that choice.';
  if (on.length === r.init.length)
    return '*As deployed* means with `NODE_OPTIONS=--enable-source-maps`, which the stack sets; ours is measured without it too.';
  return `*As deployed* means with \`NODE_OPTIONS=--enable-source-maps\` for ${on.join(', ')} (as the stack sets it) and without it for the others; ours is measured both ways.`;
}
