// The figures behind each failing budget, for the "Why budgets fail" section of the page:
// only what the run measured or what follows from it by arithmetic. Pure.
import { TABLES } from '../../functions/adapters/dynamodb/table-definitions';
import { sampledFraction } from '../aws-cost';
import type { BenchResults, Budget } from '../results';
import { fmt, kb, listOf, pct, times, usd } from './format';
import { loadWhy } from './load-view';
import { steadyOf, whatIfLayouts } from './tables';
import type { TemplateScope } from './template';
import { coresOf } from './view';

/** A scheduling delay (p99, ms) beyond which the load generator itself was short of CPU. */
const STARVED_LAG_MS = 20;

/** A budget's limit as the page writes it: `0.5×`, `$5`, `300 KB`. */
function limitOf(b: Budget | undefined): string {
  if (!b) return '–';
  if (b.unit === '×') return `${b.limit}×`;
  if (b.unit === 'USD') return `$${b.limit}`;
  return `${b.limit} ${b.unit}`;
}

/** One entry per failing kind of budget; `false` where nothing of that kind fails. */
export function whyView(r: BenchResults): TemplateScope {
  const failed = (prefix: string) => r.budgets.filter((b) => !b.pass && b.name.startsWith(prefix));
  return {
    throughput: failed('Assignment throughput').length ? throughputWhy(r, failed('Assignment throughput')) : false,
    requests: requestsWhy(r, failed('DynamoDB requests')[0]),
    latency: failed('Webhook-to-assigned').length ? latencyWhy(r, failed('Webhook-to-assigned')[0]) : false,
    bundles: bundlesWhy(r, failed('Bundle size')),
    init: initWhy(r, failed('Module initialisation')),
    cost: failed('AWS infrastructure').length ? costWhy(r, failed('AWS infrastructure')[0]) : false,
    fairness: fairnessWhy(r),
    load: loadWhy(r),
  };
}

function throughputWhy(r: BenchResults, budgets: readonly Budget[]): TemplateScope | false {
  const rr = r.throughput.find((t) => t.method === 'round_robin');
  if (!rr) return false;
  const tx = rr.ours.requests.requests.TransactWriteItems ?? 0;
  const failedTx = rr.ours.requests.failed.TransactWriteItems ?? 0;
  const atomic = r.peers.find((p) => p.name === 'atomicCounter');
  const contended = r.dynamo.contended.find((c) => c.method === 'round_robin')?.assignment;
  const total = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);
  return {
    ratios: listOf(
      r.throughput
        .filter((t) => budgets.some((b) => b.name.startsWith(`Assignment throughput ÷ engine ceiling (${t.method},`)))
        .map((t) => `${t.method} ${times(t.ratio)}`),
    ),
    ceilingLimit: limitOf(budgets.find((b) => b.name.includes('engine ceiling'))),
    atomicLimit: limitOf(budgets.find((b) => b.name.includes('atomic-counter'))),
    atomicRatio: rr.peerRatios.atomicCounter === undefined ? '' : times(rr.peerRatios.atomicCounter),
    contendedWriteUnits: fmt(contended?.writeUnits, 1),
    contendedReadUnits: fmt(contended?.readUnits, 1),
    steadyWriteUnits: fmt(steadyOf(r, r.config.batchSize)?.assignment.writeUnits, 1),
    leadsPerTransaction: fmt(rr.ours.leads / Math.max(1, tx - failedTx), 1),
    failedShare: pct(failedTx / Math.max(1, tx)),
    workers: r.config.workers,
    atomic: atomic
      ? {
          writeUnits: fmt(atomic.requests.writeUnits.total / atomic.leads, 1),
          requests: fmt(total(atomic.requests.requests) / atomic.leads, 1),
          failed: total(atomic.requests.failed),
        }
      : false,
    load: r.machine.loadAverage?.throughput ?? '–',
    cores: coresOf(r),
  };
}

function requestsWhy(r: BenchResults, budget: Budget | undefined): TemplateScope | false {
  const batchSize = Number(budget?.name.match(/(\d+) lead\(s\) per batch/)?.[1]);
  const steady = budget && steadyOf(r, batchSize);
  if (!budget || !steady) return false;
  return {
    value: budget.value,
    limit: budget.limit,
    batchSize,
    byOperation: Object.entries(steady.total.requestsByOperation)
      .map(([op, n]) => `${op} ${fmt(n, 2)}`)
      .join(', '),
  };
}

function latencyWhy(r: BenchResults, budget: Budget | undefined): TemplateScope {
  const l = r.latency;
  return {
    limit: limitOf(budget),
    p99: fmt(l.webhookToAssignedMs.p99, 0),
    p50: fmt(l.webhookToAssignedMs.p50, 0),
    starved: l.scheduleLagMs.p99 > STARVED_LAG_MS,
    lagP99: fmt(l.scheduleLagMs.p99, 0),
    lagMax: fmt(l.scheduleLagMs.max, 0),
    acceptedP99: fmt(l.webhookAcceptedMs.p99, 0),
    load: r.machine.loadAverage?.latency ?? '–',
    cores: coresOf(r),
  };
}

function bundlesWhy(r: BenchResults, budgets: readonly Budget[]): TemplateScope[] {
  return r.bundles
    .flatMap((b) => {
      const budget = budgets.find((x) => x.name === `Bundle size, ${b.name} (minified)`);
      return budget ? [{ b, budget }] : [];
    })
    .map(({ b, budget }) => {
      const over = b.bytes - budget.limit * 1000;
      const sum = (names: RegExp) => b.topPackages.filter((p) => names.test(p.name)).reduce((s, p) => s + p.bytes, 0);
      const clients = b.topPackages.filter((p) => p.name.startsWith('@aws-sdk/client-'));
      return {
        name: b.name,
        limit: limitOf(budget),
        kb: kb(b.bytes),
        overKb: kb(over),
        largest: b.topPackages
          .slice(0, 8)
          .map((p) => `${p.name} ${kb(p.bytes)}`)
          .join(', '),
        sdkCoreKb: kb(sum(/^@(smithy|aws-sdk)\/core$/)),
        clients: listOf(clients.map((c) => `${c.name.replace('@aws-sdk/client-', '')} (${kb(c.bytes)} KB)`)),
        singleFixes: listOf(b.topPackages.filter((p) => p.bytes > over).map((p) => `${p.name} (${kb(p.bytes)} KB)`)),
        aliases: listOf(r.oursBuild.aliases.map((a) => `\`${a}\``)),
        floorKb: kb(b.floor.bytes),
        floorPackages: listOf(b.floor.packages),
        floorOver: b.floor.bytes > budget.limit * 1000,
        floorOverKb: kb(b.floor.bytes - budget.limit * 1000),
        ownKb: kb(b.bytes - b.floor.bytes),
      };
    });
}

function initWhy(r: BenchResults, budgets: readonly Budget[]): TemplateScope[] {
  return r.init
    .flatMap((i) => {
      const budget = budgets.find((b) => b.name === `Module initialisation, ${i.name}: ours ÷ naive (medians)`);
      return budget ? [{ i, budget }] : [];
    })
    .map(({ i, budget }) => {
      const bundle = r.bundles.find((b) => b.name === i.name)!;
      return {
        name: i.name,
        limit: limitOf(budget),
        ratio: times(i.ratio),
        oursMs: fmt(i.deployedWithSourceMaps ? i.initMs.oursWithSourceMaps.p50 : i.initMs.oursWithoutSourceMaps.p50),
        naiveMs: fmt(i.initMs.naive.p50),
        oursKb: kb(bundle.bytes),
        naiveKb: kb(bundle.naiveBytes),
        naiveFormat: bundle.naiveFormat.toUpperCase(),
        naiveExternalCount: bundle.naiveExternal.length,
        withMaps: i.deployedWithSourceMaps,
        withoutMapsRatio: times(i.initMs.oursWithoutSourceMaps.p50 / i.initMs.naive.p50),
        readsLinkKey: r.deployed.functions[i.name].readsLinkKey,
      };
    });
}

function costWhy(r: BenchResults, budget: Budget | undefined): TemplateScope | false {
  const busy = steadyOf(r, r.config.batchSize);
  if (!busy) return false;
  const scenarioName = (s: { scenario: string }) => s.scenario.split(' ')[0]!;
  const lineCost = (service: string, unit?: string) =>
    r.aws.scenarios
      .map((s) => {
        const line = s.lines.find((l) => l.service === service && (!unit || l.unit === unit));
        return `${usd(line?.usdPerMillionLeads ?? 0)} (${scenarioName(s)})`;
      })
      .join(' and ');
  const touched = Object.keys(busy.assignment.writeUnitsByTarget).filter(
    (t) => t.startsWith('leads/') && (busy.assignment.writeUnitsByTarget[t] ?? 0) > 0,
  );
  const xrayPrice = r.aws.prices.prices.find((p) => p.id === 'xray.trace')?.usd ?? 0;
  const largest = [...(r.aws.scenarios[0]?.lines ?? [])].sort((a, b) => b.usdPerMillionLeads - a.usdPerMillionLeads)[0];
  return {
    limit: limitOf(budget),
    largest: largest
      ? `${largest.service}: ${largest.item} at ${usd(largest.usdPerMillionLeads)} per million leads`
      : '–',
    scenarios: r.aws.scenarios
      .map((s) => {
        const top = [...s.lines].sort((a, b) => b.usdPerMillionLeads - a.usdPerMillionLeads).slice(0, 3);
        const led = top.map((l) => `${l.service}: ${l.item.split(' (')[0]!} ${usd(l.usdPerMillionLeads)}`);
        return `${s.scenario}: ${usd(s.usdPerMillionLeads)}, led by ${listOf(led)}`;
      })
      .join('; '),
    writeUnits: fmt(busy.total.writeUnits, 1),
    targets: Object.entries(busy.total.writeUnitsByTarget)
      .sort((a, b) => b[1] - a[1])
      .map(([t, u]) => `${t} ${fmt(u, 1)}`)
      .join(', '),
    touchedCount: touched.length,
    indexCount: TABLES.leads.globalIndexes.length,
    touched: listOf(touched.map((t) => `\`${t.slice('leads/'.length)}\``)),
    stateUnits: fmt(busy.assignment.writeUnitsByTarget.state ?? 0, 1),
    assignedBytes: fmt(busy.leadItemBytes.assigned, 0),
    leadUnits: Math.max(1, Math.ceil(busy.leadItemBytes.assigned / 1024)),
    layouts: whatIfLayouts(r)
      .map((w) => `${w.name.replace(/`/g, '')}: ${fmt(w.busy, 1)} WRU (${usd(w.busyUsd)} per million, busy)`)
      .join('; '),
    xray: lineCost('X-Ray'),
    tracing: r.deployed.functions.ingest.tracing === 'Active' ? 'active' : 'off',
    traced: r.deployed.functions.ingest.tracing === 'Active',
    xrayIfTraced: r.aws.usage
      .map((u) => {
        const traces =
          sampledFraction(u.leadsPerSecond) + sampledFraction(u.leadsPerSecond / u.leadsPerBatch) / u.leadsPerBatch;
        return `${usd(traces * xrayPrice * 1_000_000)} (${scenarioName(u)})`;
      })
      .join(' and '),
    sqs: lineCost('SQS'),
  };
}

function fairnessWhy(r: BenchResults): TemplateScope | false {
  const unfair = r.budgets.filter((b) => !b.pass && /^(Duplicate|Lead-count|Skipped)/.test(b.name));
  if (!unfair.length) return false;
  return { detail: unfair.map((b) => `${b.name}: ${b.value} ${b.unit}`).join('; ') };
}
