// The report's tables, as data: the console prints them as text, the page as Markdown. Pure.
import { TABLES } from '../../functions/adapters/dynamodb/table-definitions';
import type { CostEstimate, CostLine } from '../aws-cost';
import { withIndex, writeUnitsPerLead } from '../capacity';
import type { BenchResults, Budget } from '../results';
import type { Summary } from '../stats';
import type { SteadyStateRun } from '../steady-state';
import { fmt, kb, quantity, type Row, type Table, times, usd } from './format';

/** The steady-state run of a method at a batch size (busy: the stack's batch size; trickle: 1). */
export function steadyOf(r: BenchResults, batchSize: number, method = 'round_robin'): SteadyStateRun | undefined {
  return r.dynamo.steady.find((s) => s.method === method && s.batchSize === batchSize);
}

export function budgetsTable(r: BenchResults): Table {
  const row = (b: Budget): Row => [
    b.pass ? 'PASS' : 'FAIL',
    b.name,
    `${b.value} ${b.unit}`,
    `${b.comparison} ${b.limit} ${b.unit}`,
  ];
  return { headers: ['', 'budget', 'value', 'limit'], rows: r.budgets.map(row) };
}

export function throughputTable(r: BenchResults): Table {
  return {
    headers: [
      'method',
      'leads',
      'leads/s',
      'ceiling (upd/s)',
      'ratio by round',
      '÷ ceiling (median)',
      '÷ atomic counter (median)',
      'failed tx',
      'redelivered',
      'each lead once',
      'spread ok',
    ],
    rows: r.throughput.map((t) => {
      const ceiling =
        t.ceilings.reduce((sum, c) => sum + c.updates, 0) / t.ceilings.reduce((sum, c) => sum + c.seconds, 0);
      const tx = t.ours.requests.requests.TransactWriteItems ?? 0;
      const failedTx = t.ours.requests.failed.TransactWriteItems ?? 0;
      const atomic = t.peerRatios.atomicCounter;
      return [
        t.method,
        t.ours.leads,
        fmt(t.ours.leadsPerSecond, 0),
        fmt(ceiling, 0),
        t.rounds.map((round) => fmt(round.ratio, 2)).join(' / '),
        times(t.ratio),
        atomic === undefined ? '–' : times(atomic),
        `${failedTx}/${tx}`,
        t.ours.redeliveries,
        t.ours.everyLeadOnce ? 'yes' : 'NO',
        t.verified.ok ? 'yes' : 'NO',
      ];
    }),
  };
}

export function roundsTable(r: BenchResults): Table {
  const peers = r.peers.map((p) => ({ name: p.name, label: p.label }));
  return {
    headers: [
      'round',
      'order',
      'leads',
      'leads/s',
      'ceiling before (upd/s)',
      'ceiling after (upd/s)',
      '÷ ceiling',
      ...peers.flatMap((p) => [`${p.label} (leads/s)`, `÷ ${p.label}`]),
    ],
    rows: r.throughput.flatMap((t) =>
      t.rounds.map((round, i) => [
        `${t.method}, round ${i + 1}`,
        round.order.map((name) => peers.find((p) => p.name === name)?.label ?? name).join(', '),
        round.leads,
        fmt(round.leadsPerSecond, 0),
        fmt(round.ceilingBefore.updatesPerSecond, 0),
        fmt(round.ceilingAfter.updatesPerSecond, 0),
        times(round.ratio),
        ...peers.flatMap((p) => {
          const run = round.peers.find((x) => x.name === p.name);
          return run ? [fmt(run.leadsPerSecond, 0), times(run.ratio)] : ['–', '–'];
        }),
      ]),
    ),
  };
}

export function peersTable(r: BenchResults): Table {
  const rr = r.throughput.find((t) => t.method === 'round_robin');
  if (!rr) return { headers: [''], rows: [] };
  const o = rr.ours;
  const requestsPerLead = (requests: Record<string, number>, leads: number) =>
    Object.values(requests).reduce((a, b) => a + b, 0) / leads;
  const row = (label: string, ours: string | number, peer: (p: BenchResults['peers'][number]) => string | number) => [
    label,
    ours,
    ...r.peers.map(peer),
  ];
  return {
    headers: ['', 'leadrouter', ...r.peers.map((p) => p.label)],
    rows: [
      row('leads', o.leads, (p) => p.leads),
      row('throughput, leads/s', fmt(o.leadsPerSecond, 0), (p) => fmt(p.leadsPerSecond, 0)),
      row('ours ÷ peer (median of rounds)', '', (p) => times(rr.peerRatios[p.name])),
      row('duplicate turns (two leads, one turn)', o.fairness.duplicateTurns, (p) => p.fairness.duplicateTurns),
      row('skipped turns', o.fairness.skippedTurns, (p) => p.fairness.skippedTurns),
      row('lost counter updates', o.fairness.lostUpdates, (p) => p.fairness.lostUpdates),
      row('spread, max − min leads per rep', o.fairness.spread, (p) => p.fairness.spread),
      row('leads above the even share (summed)', o.fairness.excessLeads, (p) => p.fairness.excessLeads),
      row('leads per rep', o.fairness.counts.join(' '), (p) => p.fairness.counts.join(' ')),
      row('DynamoDB requests per lead (assignment)', fmt(requestsPerLead(o.requests.requests, o.leads), 2), (p) =>
        fmt(requestsPerLead(p.requests.requests, p.leads), 2),
      ),
      row('write units per lead (assignment)', fmt(o.cost.writeUnits, 2), (p) =>
        fmt(p.requests.writeUnits.total / p.leads, 2),
      ),
      row('records redelivered', o.redeliveries, (p) => p.redeliveries),
    ],
  };
}

export function steadyTable(r: BenchResults): Table {
  return {
    headers: [
      'method',
      'leads/batch',
      'req ingest',
      'req assign',
      'req total',
      'WRU ingest',
      'WRU assign',
      'WRU total',
      'RRU total',
    ],
    rows: r.dynamo.steady.map((s) => [
      s.method,
      s.batchSize,
      fmt(s.ingest.requests, 2),
      fmt(s.assignment.requests, 2),
      fmt(s.total.requests, 2),
      fmt(s.ingest.writeUnits, 2),
      fmt(s.assignment.writeUnits, 2),
      fmt(s.total.writeUnits, 2),
      fmt(s.total.readUnits, 3),
    ]),
  };
}

export function contendedTable(r: BenchResults): Table {
  return {
    headers: ['method', 'requests/lead', 'failed/lead', 'WRU/lead', 'RRU/lead', 'requests by operation, per lead'],
    rows: r.dynamo.contended.map((c) => [
      c.method,
      fmt(c.assignment.requests, 2),
      fmt(c.assignment.failedRequests, 3),
      fmt(c.assignment.writeUnits, 2),
      fmt(c.assignment.readUnits, 2),
      Object.entries(c.assignment.requestsByOperation)
        .map(([op, n]) => `${op} ${fmt(n, 3)}`)
        .join(', '),
    ]),
  };
}

export function targetsTable(s: SteadyStateRun): Table {
  return {
    headers: ['target', 'ingest', 'assignment (busy)', 'total (busy)'],
    rows: Object.keys(s.total.writeUnitsByTarget)
      .sort()
      .map((t) => [
        t,
        fmt(s.ingest.writeUnitsByTarget[t] ?? 0, 2),
        fmt(s.assignment.writeUnitsByTarget[t] ?? 0, 2),
        fmt(s.total.writeUnitsByTarget[t] ?? 0, 2),
      ]),
  };
}

/** Write units per lead for other table layouts, priced from the measured lead items. */
export function whatIfLayouts(r: BenchResults) {
  const busy = steadyOf(r, r.config.batchSize);
  const trickle = steadyOf(r, 1);
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
  const usdPerUnit = wruLine && wruLine.perLead > 0 ? wruLine.usdPerMillionLeads / wruLine.perLead : 0;
  return layouts.map((layout) => {
    const b = writeUnitsPerLead({ leads: layout.leads }, busy.sample, { transactional: layout.transactional });
    const t = writeUnitsPerLead({ leads: layout.leads }, trickle.sample, { transactional: layout.transactional });
    return {
      name: layout.name,
      busy: b.total,
      trickle: t.total,
      busyUsd: b.total * usdPerUnit,
      trickleUsd: t.total * usdPerUnit,
    };
  });
}

export function whatIfTable(r: BenchResults): Table {
  const busy = steadyOf(r, r.config.batchSize);
  const trickle = steadyOf(r, 1);
  const measured: Row[] =
    busy && trickle ? [['measured', fmt(busy.total.writeUnits, 2), fmt(trickle.total.writeUnits, 2), '', '']] : [];
  return {
    headers: ['layout', 'WRU busy', 'WRU trickle', '$/M busy', '$/M trickle'],
    rows: [
      ...measured,
      ...whatIfLayouts(r).map((w) => [w.name, fmt(w.busy, 2), fmt(w.trickle, 2), usd(w.busyUsd), usd(w.trickleUsd)]),
    ],
  };
}

export function bundlesTable(r: BenchResults): Table {
  return {
    headers: [
      'function',
      'bundle KB',
      'map KB',
      'naive KB',
      'naive format',
      'init ms (ours)',
      'init ms (ours, source maps on)',
      'init ms (naive)',
      'as deployed ÷ naive',
    ],
    rows: r.bundles.map((b) => {
      const init = r.init.find((i) => i.name === b.name)!;
      return [
        b.name,
        kb(b.bytes),
        kb(b.mapBytes),
        kb(b.naiveBytes),
        b.naiveFormat.toUpperCase(),
        fmt(init.initMs.oursWithoutSourceMaps.p50),
        fmt(init.initMs.oursWithSourceMaps.p50),
        fmt(init.initMs.naive.p50),
        times(init.ratio),
      ];
    }),
  };
}

export function packagesTable(packages: readonly { name: string; bytes: number }[]): Table {
  return { headers: ['package', 'KB'], rows: packages.map((p) => [p.name, kb(p.bytes)]) };
}

export function latencyTable(r: BenchResults): Table {
  const row = (label: string, s: Summary): Row => [label, fmt(s.p50), fmt(s.p95), fmt(s.p99), fmt(s.max), s.count];
  return {
    headers: ['ms', 'p50', 'p95', 'p99', 'max', 'n'],
    rows: [
      row('webhook → 202 accepted', r.latency.webhookAcceptedMs),
      row('webhook → assigned', r.latency.webhookToAssignedMs),
      row('webhook → notified', r.latency.webhookToNotifiedMs),
    ],
  };
}

export function costTable(s: CostEstimate): Table {
  return {
    headers: ['line', 'per lead', 'unit', 'price', 'per million leads'],
    rows: [...s.lines.map((l) => costRow(l)), ['Total (infrastructure)', '', '', '', usd(s.usdPerMillionLeads)]],
  };
}

export function messagingTable(lines: readonly CostLine[]): Table {
  return { headers: ['line', 'per lead', 'unit', 'price', 'per million leads'], rows: lines.map(costRow) };
}

function costRow(l: CostLine): Row {
  return [`${l.service}: ${l.item}`, quantity(l.perLead), l.unit, l.price, usd(l.usdPerMillionLeads)];
}
