// The load run's part of the page: its table, its figures and, when its budget fails, what
// broke it. Pure.
import { type BenchResults, loadShortfall } from '../results';
import { fmt, mdTable, type Table } from './format';
import type { TemplateScope } from './template';

/** Ingest latency and assignment lag of the load run, in milliseconds. */
export function loadTable(r: BenchResults): Table {
  const row = (label: string, s: BenchResults['load']['ingestMs']) => [
    label,
    fmt(s.p50),
    fmt(s.p95),
    fmt(s.p99),
    fmt(s.max),
    s.count,
  ];
  return {
    headers: ['ms', 'p50', 'p95', 'p99', 'max', 'n'],
    rows: [row('webhook → 202 accepted', r.load.ingestMs), row('intake → assigned (lag)', r.load.assignmentLagMs)],
  };
}

/** The figures the section's prose names. */
export function loadView(r: BenchResults): TemplateScope {
  const l = r.load;
  return {
    leads: l.leads,
    clients: l.clients,
    reps: l.reps,
    accepted: l.accepted,
    failed: l.failed,
    assignedOnce: l.assignedOnce,
    notAssigned: l.notAssigned,
    assignedMoreThanOnce: l.assignedMoreThanOnce,
    notifiedMoreThanOnce: l.notifiedMoreThanOnce,
    counts: l.counts.join(', '),
    spread: l.spread,
    ingestP50: fmt(l.ingestMs.p50),
    ingestP99: fmt(l.ingestMs.p99),
    lagP50: fmt(l.assignmentLagMs.p50),
    lagP99: fmt(l.assignmentLagMs.p99),
    lastAssignmentSeconds: fmt(l.lastAssignmentMs / 1000, 1),
    sendingSeconds: fmt(l.sendingMs / 1000, 1),
    acceptedPerSecond: fmt(l.accepted / (l.sendingMs / 1000), 0),
    table: mdTable(loadTable(r)),
  };
}

/** What broke "all accepted, assigned once, spread ≤ 1", or `false` when nothing did. */
export function loadWhy(r: BenchResults): TemplateScope | false {
  const l = r.load;
  if (loadShortfall(l) <= 0) return false;
  const parts = [
    [l.leads - l.accepted, 'not accepted'],
    [l.notAssigned, 'accepted but never assigned'],
    [l.assignedMoreThanOnce, 'assigned more than once'],
    [l.notifiedMoreThanOnce, 'notified more than once'],
  ]
    .filter(([n]) => Number(n) > 0)
    .map(([n, what]) => `${n} ${what}`);
  return {
    leads: l.leads,
    clients: l.clients,
    detail: parts.length ? parts.join(', ') : 'every lead accepted and assigned once',
    spread: l.spread,
    counts: l.counts.join(', '),
  };
}
