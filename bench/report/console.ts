// The tables `npm run bench` prints when it is done. Pure.
import type { BenchResults } from '../results';
import { type Table, textTable } from './format';
import {
  budgetsTable,
  bundlesTable,
  contendedTable,
  costTable,
  latencyTable,
  messagingTable,
  peersTable,
  roundsTable,
  steadyTable,
  throughputTable,
} from './tables';

/** The summary printed at the end of a run: every table of the page, without the prose. */
export function renderConsole(r: BenchResults): string {
  const out: string[] = [];
  const section = (title: string, table: Table) => out.push('', title, textTable(table));
  out.push(`leadrouter benchmark, ${r.generatedAt}${r.quick ? ' (QUICK smoke run: not representative)' : ''}`);
  out.push(`${r.machine.cpus}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}; ${r.durationSeconds} s`);
  for (const m of r.methods.filter((m) => !m.available)) out.push(`method ${m.method}: ${m.why}`);
  section('BUDGETS', budgetsTable(r));
  section(
    `1. ASSIGNMENT THROUGHPUT (${r.config.workers} workers, SQS batches of ${r.config.batchSize}) vs ENGINE CEILING and PEERS`,
    throughputTable(r),
  );
  section('   by round', roundsTable(r));
  section(`2. OURS vs THE PEERS (round robin, ${r.config.workers} workers)`, peersTable(r));
  section('3. DYNAMODB PER LEAD, steady state (one ingest and one assigner instance, caches warm)', steadyTable(r));
  section(`   assignment under contention (${r.config.workers} workers)`, contendedTable(r));
  section(
    `4. LATENCY on the local stack, ${r.latency.offeredRate} leads/s offered for ${r.latency.seconds} s (${r.latency.accepted}/${r.latency.sent} accepted, ${r.latency.unfinished} unfinished)`,
    latencyTable(r),
  );
  section(`5. COLD START (medians of ${r.config.initRuns} fresh-process imports)`, bundlesTable(r));
  for (const s of r.aws.scenarios) section(`6. AWS PER MILLION LEADS, ${s.scenario}`, costTable(s));
  section(
    `   messaging, separately (${r.aws.smsPartsPerNotice} SMS part(s) per notice)`,
    messagingTable(r.aws.messaging),
  );
  return out.join('\n');
}
