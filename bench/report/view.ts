import { DEFAULT_SNAPSHOT_LIFETIMES } from '../../functions/core/assignment/assigner';
import type { BenchResults } from '../results';
import { cacheRefreshPerLead, type RefreshStep } from '../steady-state';
import { costView, smsView } from './cost-view';
import { fmt, kb, listOf, mdTable, pct, times, usd } from './format';
import { loadView } from './load-view';
import { phase2Layouts, scaleView } from './scale';
import {
  budgetsTable,
  bundlesTable,
  contendedTable,
  latencyTable,
  messagingTable,
  packagesTable,
  peersTable,
  roundsTable,
  steadyOf,
  steadyTable,
  targetsTable,
  throughputTable,
  whatIfTable,
} from './tables';
import type { TemplateScope } from './template';

/** The cores of the machine, from its "2 × model" description. */
export function coresOf(r: BenchResults): number {
  return Number.parseInt(r.machine.cpus, 10) || 1;
}

/** Everything but the "why budgets fail" section. */
export function pageView(r: BenchResults, options: { chartPath: string }): TemplateScope {
  return {
    run: runView(r),
    tables: {
      budgets: mdTable(budgetsTable(r)),
      throughput: mdTable(throughputTable(r)),
      rounds: mdTable(roundsTable(r)),
      peers: mdTable(peersTable(r)),
      steady: mdTable(steadyTable(r)),
      whatIf: mdTable(whatIfTable(r)),
      contended: mdTable(contendedTable(r)),
      latency: mdTable(latencyTable(r)),
      bundles: mdTable(bundlesTable(r)),
      assignerPackages: mdTable(packagesTable(r.bundles.find((b) => b.name === 'assigner')?.topPackages ?? [])),
      naiveAssignerPackages: mdTable(
        packagesTable(r.bundles.find((b) => b.name === 'assigner')?.naiveTopPackages ?? []),
      ).replace('| package |', '| package (naive) |'),
      messaging: mdTable(messagingTable(r.aws.messaging)),
      phase2: mdTable({
        headers: ['layout', 'WRU busy', 'WRU trickle', '$/M busy (all lines)', '$/M trickle (all lines)'],
        rows: phase2Layouts(r).map((l) => [
          l.name,
          fmt(l.busy, 2),
          fmt(l.trickle, 2),
          usd(l.busyUsd),
          usd(l.trickleUsd),
        ]),
      }),
    },
    scale: scaleView(r),
    offPath: offPathView(r),
    chartPath: options.chartPath,
    roundRobin: roundRobinView(r),
    peers: peersView(r),
    dynamo: dynamoView(r),
    latency: {
      rate: r.latency.offeredRate,
      seconds: r.latency.seconds,
      warmUpLeads: r.latency.warmUpLeads,
      accepted: r.latency.accepted,
      sent: r.latency.sent,
      failed: r.latency.failed,
      unfinished: r.latency.unfinished,
      lagP50: fmt(Math.max(0, r.latency.scheduleLagMs.p50), 1),
      lagP99: fmt(Math.max(0, r.latency.scheduleLagMs.p99), 1),
    },
    load: loadView(r),
    coldStart: coldStartView(r),
    cost: costView(r),
    sms: smsView(r),
  };
}

function runView(r: BenchResults): TemplateScope {
  const cores = coresOf(r);
  const load = Object.entries(r.machine.loadAverage ?? {});
  const unavailable = r.methods.filter((m) => !m.available).map((m) => `\`${m.method}\` (${m.why})`);
  return {
    date: r.generatedAt.slice(0, 10),
    durationSeconds: r.durationSeconds,
    cpus: r.machine.cpus,
    memoryGiB: r.machine.memoryGiB,
    node: r.machine.node,
    platform: r.machine.platform,
    quick: r.quick,
    cores,
    loadAverages: load.map(([phase, value]) => `${value} (${phase})`).join(', ') || 'not recorded',
    oversubscribed: listOf(load.filter(([, value]) => value > cores).map(([phase]) => phase)),
    workers: r.config.workers,
    workersFromStack: r.config.workersFrom === 'stack',
    stackWorkers: r.deployed.assignerEventSource.maxConcurrency ?? 'no maximum',
    batchSize: r.config.batchSize,
    unavailable: unavailable.join('; '),
    failing: r.budgets.filter((b) => !b.pass).length,
    budgets: r.budgets.length,
    reps: r.config.reps,
    warmUpLeads: r.config.warmUpLeads,
    rounds: r.config.throughputRounds,
    steadyLeads: r.config.steadyLeads,
    initRuns: r.config.initRuns,
  };
}

function roundRobinView(r: BenchResults): TemplateScope[] {
  const rr = r.throughput.find((t) => t.method === 'round_robin');
  if (!rr) return [];
  const tx = rr.ours.requests.requests.TransactWriteItems ?? 0;
  const failedTx = rr.ours.requests.failed.TransactWriteItems ?? 0;
  return [
    {
      everyLeadOnce: rr.ours.everyLeadOnce,
      verified: rr.verified.detail,
      transactions: tx,
      failedTransactions: failedTx,
      failedShare: pct(failedTx / Math.max(1, tx)),
      conflictRetries: rr.ours.metrics.AssignmentConflictRetries ?? 0,
      leadsPerTransaction: fmt(rr.ours.leads / Math.max(1, tx - failedTx), 1),
      redeliveries: rr.ours.redeliveries,
      redeliveredShare: pct(rr.ours.redeliveries / rr.ours.leads),
      visibilityTimeoutSeconds: r.deployed.assignerEventSource.visibilityTimeoutSeconds,
    },
  ];
}

function peersView(r: BenchResults): TemplateScope[] {
  const rr = r.throughput.find((t) => t.method === 'round_robin');
  if (!rr) return [];
  const requestsPerLead = (requests: Record<string, number>, leads: number) =>
    Object.values(requests).reduce((a, b) => a + b, 0) / leads;
  return r.peers.map((p) => ({
    label: p.label,
    leadsPerSecond: fmt(p.leadsPerSecond, 0),
    faster: p.leadsPerSecond > rr.ours.leadsPerSecond,
    ratio: times(rr.peerRatios[p.name]),
    requestsPerLead: fmt(requestsPerLead(p.requests.requests, p.leads), 2),
    writeUnitsPerLead: fmt(p.requests.writeUnits.total / p.leads, 2),
    oursRequestsPerLead: fmt(requestsPerLead(rr.ours.requests.requests, rr.ours.leads), 2),
    oursWriteUnitsPerLead: fmt(rr.ours.cost.writeUnits, 2),
    duplicateTurns: p.fairness.duplicateTurns,
    leads: p.leads,
    duplicateShare: pct(p.fairness.duplicateTurns / Math.max(1, p.leads)),
    skippedTurns: p.fairness.skippedTurns,
    spread: p.fairness.spread,
    oursSpread: rr.ours.fairness.spread,
  }));
}

function dynamoView(r: BenchResults): TemplateScope {
  const busy = steadyOf(r, r.config.batchSize);
  const trickle = steadyOf(r, 1);
  const busyUsage = r.aws.usage.find((u) => u.leadsPerBatch === r.config.batchSize);
  const trickleUsage = r.aws.usage.find((u) => u.leadsPerBatch === 1);
  const contended = r.dynamo.contended.find((c) => c.method === 'round_robin');
  let caches: TemplateScope | false = false;
  if (busy && trickle && busyUsage && trickleUsage) {
    const refreshBusy = cacheRefreshPerLead(busy.cacheRefresh, busyUsage.leadsPerSecond);
    const refreshTrickle = cacheRefreshPerLead(trickle.cacheRefresh, trickleUsage.leadsPerSecond);
    const steps = (list: readonly RefreshStep[]) =>
      list.map(
        (s) => `${fmt(s.requests, 0)} request(s) and ${fmt(s.readUnits, 0)} RRU every ${s.seconds} s (${s.caches})`,
      );
    caches = {
      ingestFillRequests: fmt(trickle.cacheFill.ingest.requests, 0),
      assignerFillRequests: fmt(trickle.cacheFill.assigner.requests, 0),
      assignerFillReadUnits: fmt(trickle.cacheFill.assigner.readUnits, 0),
      assignerBatchRequests: fmt(busy.cacheFill.assigner.requests, 0),
      batchSize: busy.batchSize,
      uncoalesced: busy.cacheFill.assigner.requests > trickle.cacheFill.assigner.requests,
      ingestRefresh: listOf(steps(trickle.cacheRefresh.ingest)),
      assignerRefresh: listOf(steps(trickle.cacheRefresh.assigner)),
      loadsSeconds: DEFAULT_SNAPSHOT_LIFETIMES.loadsMaxAgeMs / 1000,
      busyRate: busyUsage.leadsPerSecond,
      busyRequests: fmt(refreshBusy.requests, 3),
      busyReadUnits: fmt(refreshBusy.readUnits, 3),
      trickleRate: trickleUsage.leadsPerSecond,
      trickleRequests: fmt(refreshTrickle.requests, 2),
      trickleReadUnits: fmt(refreshTrickle.readUnits, 2),
      trickleTotalRequests: fmt(trickle.total.requests + refreshTrickle.requests, 2),
      targets: mdTable(targetsTable(busy)),
      receivedBytes: fmt(busy.leadItemBytes.received, 0),
      assignedBytes: fmt(busy.leadItemBytes.assigned, 0),
      reportedTransactionUnits: fmt(busy.transactionUnitsAsReported, 2),
      computedTransactionUnits: fmt(busy.assignment.computedWriteUnits, 2),
    };
  }
  return {
    modelCheck: busy
      ? {
          computed: fmt(busy.modelCheck.ingestUnitsComputed, 2),
          reported: fmt(busy.modelCheck.ingestUnitsReported, 2),
        }
      : false,
    caches,
    contended:
      contended && busy
        ? {
            workers: r.config.workers,
            requests: fmt(contended.assignment.requests, 2),
            writeUnits: fmt(contended.assignment.writeUnits, 2),
            readUnits: fmt(contended.assignment.readUnits, 2),
            steadyRequests: fmt(busy.assignment.requests, 2),
            steadyWriteUnits: fmt(busy.assignment.writeUnits, 2),
            steadyReadUnits: fmt(busy.assignment.readUnits, 2),
          }
        : false,
  };
}

function coldStartView(r: BenchResults): TemplateScope {
  const b = r.oursBuild;
  const ours = [
    `${b.format.toUpperCase()} for \`${b.target}\``,
    b.minify ? 'minified' : 'not minified',
    b.sourcemap ? 'source maps beside the bundle' : 'no source maps',
    `\`${b.mainFields.join(',')}\` as main fields`,
    'the SDK bundled',
    `aliases that replace ${listOf(b.aliases.map((a) => `\`${a}\``))} with small local modules`,
  ];
  const byFormat = (format: string) => r.bundles.filter((x) => x.naiveFormat === format).map((x) => x.name);
  const formats = [
    ['cjs', 'CommonJS (the default)'],
    ['esm', 'ESM'],
  ].flatMap(([format, label]) => (byFormat(format!).length ? [`${label} for ${listOf(byFormat(format!))}`] : []));
  const external = [...new Set(r.bundles.flatMap((x) => x.naiveExternal))].sort();
  const changes = new Map<string, string[]>();
  for (const x of r.bundles) for (const c of x.naiveChanges) changes.set(c, [...(changes.get(c) ?? []), x.name]);
  const scatter = r.init
    .flatMap((i) =>
      Object.entries(i.initMs).map(([variant, s]) => ({ ms: s.max - s.min, of: `${i.name}, ${variant}` })),
    )
    .sort((x, y) => y.ms - x.ms)[0];
  const maps = r.bundles.map((x) => x.mapBytes);
  const h = r.handlers;
  return {
    ours: listOf(ours),
    runtime: r.deployed.functions.ingest.runtime,
    naiveFormats: listOf(formats),
    naiveExternal: external.length ? listOf(external.map((p) => `\`${p}\``)) : 'nothing',
    naiveChanges: [...changes].map(([change, names]) => `${listOf(names)}, ${change}`).join('; '),
    widestScatter: fmt(scatter?.ms ?? 0, 0),
    widestScatterOf: scatter?.of ?? '–',
    mapsDeployed: listOf(r.init.filter((i) => i.deployedWithSourceMaps).map((i) => i.name)),
    readLinkKey: listOf(r.init.filter((i) => r.deployed.functions[i.name].readsLinkKey).map((i) => i.name)),
    mapCost: listOf(
      r.init.map(
        (i) => `${signed(i.initMs.oursWithSourceMaps.p50 - i.initMs.oursWithoutSourceMaps.p50)} ms (${i.name})`,
      ),
    ),
    mapRange: `${kb(Math.min(...maps))}–${kb(Math.max(...maps))}`,
    handlers: h.detail,
    ingestMs: fmt(h.ingestMs.p50),
    ingestP95: fmt(h.ingestMs.p95),
    assigner10Ms: fmt(h.assignerBatchOf10Ms.p50),
    assigner1Ms: fmt(h.assignerBatchOf1Ms.p50),
  };
}

/** Whole milliseconds with their sign, `+13` or `−11`. */
function signed(ms: number): string {
  const rounded = Math.round(ms);
  return `${rounded < 0 ? '−' : '+'}${fmt(Math.abs(rounded), 0)}`;
}

/** What the change stream's consumers add per lead, off the webhook and assignment path. */
function offPathView(r: BenchResults): TemplateScope | undefined {
  const o = r.aws.offPath;
  if (!o) return undefined;
  return {
    statsLeads: fmt(o.stats.leads, 0),
    statsChanges: fmt(o.stats.changesPerLead, 2),
    statsWrites: fmt(o.stats.writesPerLead, 2),
    statsLargestRow: fmt(o.stats.largestRowBytes, 0),
    statsWriteUnits: fmt(o.stats.writeUnitsPerLead, 2),
    statsUsd: usd(o.stats.usdPerMillionLeads),
    eventsUsd: usd(o.events.usdPerMillionLeads),
    eventsPerLead: fmt(o.events.eventsPerLead, 0),
    deliveriesPerEvent: fmt(o.events.deliveriesPerEvent, 0),
  };
}
