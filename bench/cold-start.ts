// Cold start: bundle sizes and module initialisation of every function as deployed, beside
// a naive bundle of the same handler; and warm handler runs of the deployed bundles (for
// the Lambda duration and log volume in the cost model, and as an end-to-end check).
import { prefixedTableNames, type TableNames } from '../functions/adapters/dynamodb/table-definitions';
import type { AdminDeps } from '../functions/core/admin/admin-deps';
import type { AdminConfig } from '../functions/http/handlers/admin-handlers';
import { startAwsStubs } from '../test/support/aws-stubs';
import { chunk, lambdaEnvironment, runInChild, sqsEvent, webhookEvent } from '../test/support/lambda-runs';
import type { FunctionName } from './bundle-contents';
import type { FunctionBundles } from './bundles';
import type { DeployedConfig } from './deployed-config';
import { type Engine, readLeads } from './engine';
import { createReps, createRoutedPool, type MethodSetup, sampleLeadPayload } from './scenario';
import { median, type Summary, summarize } from './stats';

export type InitVariant = 'oursWithoutSourceMaps' | 'oursWithSourceMaps' | 'naive';

export interface InitComparison {
  name: FunctionName;
  /** Whether the stack, as synthesised by default, sets NODE_OPTIONS=--enable-source-maps on this function. */
  deployedWithSourceMaps: boolean;
  /** Module initialisation in a fresh process, ms, per variant. */
  initMs: Record<InitVariant, Summary>;
  /** Median ours as deployed (with or without source maps, as the stack says) ÷ median naive. */
  ratio: number;
}

/**
 * Imports each bundle in a fresh `node` process `runs` times, rotating the order of the
 * variants every run so they share the machine's noise. Ours runs both with and without
 * NODE_OPTIONS=--enable-source-maps (the stack's `-c sourceMaps=true` switch); the ratio is
 * taken for the variant the stack deploys by default. The naive bundle has no source map
 * and no NODE_OPTIONS.
 */
export async function measureInit(
  bundles: readonly FunctionBundles[],
  runs: number,
  deployed: DeployedConfig,
): Promise<InitComparison[]> {
  const tables: TableNames = prefixedTableNames('bench');
  // Three functions read their link key from Secrets Manager while they load: a local stand-in answers.
  const stubs = await startAwsStubs();
  try {
    return await measureInitWith(bundles, runs, deployed, {
      withMaps: lambdaEnvironment({ tables, stubEndpoint: stubs.endpoint, sourceMaps: true }),
      withoutMaps: lambdaEnvironment({ tables, stubEndpoint: stubs.endpoint, sourceMaps: false }),
    });
  } finally {
    await stubs.close();
  }
}

async function measureInitWith(
  bundles: readonly FunctionBundles[],
  runs: number,
  deployed: DeployedConfig,
  { withMaps, withoutMaps }: { withMaps: NodeJS.ProcessEnv; withoutMaps: NodeJS.ProcessEnv },
): Promise<InitComparison[]> {
  const samples = new Map<string, number[]>();
  const variants: InitVariant[] = ['oursWithoutSourceMaps', 'oursWithSourceMaps', 'naive'];
  for (let run = 0; run < runs; run++) {
    for (const fn of bundles) {
      for (let k = 0; k < variants.length; k++) {
        const variant = variants[(run + k) % variants.length]!;
        const file = variant === 'naive' ? fn.naive.file : fn.ours.file;
        const { initMs } = await runInChild(file, variant === 'oursWithSourceMaps' ? withMaps : withoutMaps);
        const key = `${fn.name}/${variant}`;
        samples.set(key, [...(samples.get(key) ?? []), initMs]);
      }
    }
  }
  return bundles.map((fn) => {
    const of = (variant: InitVariant) => samples.get(`${fn.name}/${variant}`) ?? [];
    const deployedWithSourceMaps = deployed.functions[fn.name].sourceMaps;
    return {
      name: fn.name,
      deployedWithSourceMaps,
      initMs: {
        oursWithoutSourceMaps: summarize(of('oursWithoutSourceMaps')),
        oursWithSourceMaps: summarize(of('oursWithSourceMaps')),
        naive: summarize(of('naive')),
      },
      ratio: median(of(deployedWithSourceMaps ? 'oursWithSourceMaps' : 'oursWithoutSourceMaps')) / median(of('naive')),
    };
  });
}

export interface HandlerRuns {
  leads: number;
  /** Warm ingest invocations (one webhook each), ms. */
  ingestMs: Summary;
  /** Warm assigner invocations with SQS batches of 10 and of 1, ms. */
  assignerBatchOf10Ms: Summary;
  assignerBatchOf1Ms: Summary;
  /** Log bytes each function wrote per invocation (Powertools lines and EMF metrics). */
  ingestLogBytesPerInvocation: number;
  assignerLogBytesPerInvocation: number;
  /** The SNS notices published, as an SMS subscriber receives them, for the messaging estimate. */
  noticeTexts: string[];
  /** Every lead accepted (202), assigned and published once. */
  endToEndOk: boolean;
  detail: string;
}

/**
 * Runs the deployed ingest and assigner bundles in fresh processes against DynamoDB Local,
 * SNS and SQS answered by local stand-ins: `leads` webhooks through ingest (one invocation
 * each), then the queued messages through the assigner, first in batches of 10, then one by
 * one. The first invocation of each process is its cold one and is left out of the timings.
 */
export async function measureHandlers(
  engine: Engine,
  admin: AdminDeps<AdminConfig>,
  setup: MethodSetup,
  bundles: readonly FunctionBundles[],
  deployed: DeployedConfig,
  options: { leads: number },
): Promise<HandlerRuns> {
  const stubs = await startAwsStubs();
  try {
    const repIds = await createReps(admin, 10, 'Handler rep');
    const { source } = await createRoutedPool(admin, setup, repIds, 'Handlers');
    const env = lambdaEnvironment({
      tables: engine.tables,
      dynamoEndpoint: engine.endpoint,
      stubEndpoint: stubs.endpoint,
      sourceMaps: deployed.functions.assigner.sourceMaps,
    });
    const bundle = (name: FunctionName) => bundles.find((b) => b.name === name)!.ours.file;

    const webhooks = Array.from({ length: options.leads + 1 }, (_, i) =>
      webhookEvent(source.key, sampleLeadPayload(i)),
    );
    const ingest = await runInChild(bundle('ingest'), env, webhooks);
    const accepted = ingest.invocations.filter(
      (i) => (i.result as { statusCode?: number } | undefined)?.statusCode === 202,
    ).length;

    const bodies = stubs.sent.map((m) => m.body);
    const half = Math.floor((bodies.length - 1) / 2 / 10) * 10;
    const batches = [[bodies[0]!], ...chunk(bodies.slice(1, 1 + half), 10), ...chunk(bodies.slice(1 + half), 1)];
    const assigner = await runInChild(
      bundle('assigner'),
      env,
      batches.map((b) => sqsEvent(b)),
    );
    const failures = assigner.invocations.filter(
      (i) => i.error || (i.result as { batchItemFailures?: unknown[] })?.batchItemFailures?.length,
    );

    const leadIds = ingest.invocations.flatMap((i) => {
      const body = (i.result as { body?: string } | undefined)?.body;
      return body ? [JSON.parse(body).leadId as string] : [];
    });
    const stored = await readLeads(engine, leadIds);
    const assigned = stored.filter((l) => l.status === 'assigned').length;
    const published = new Set(stubs.published.map((p) => p.attributes.leadId)).size;
    const endToEndOk =
      accepted === webhooks.length &&
      assigned === webhooks.length &&
      published === webhooks.length &&
      stubs.published.length === webhooks.length &&
      failures.length === 0;

    const timings = assigner.invocations.slice(1);
    const batchSizes = batches.slice(1).map((b) => b.length);
    return {
      leads: webhooks.length,
      ingestMs: summarize(ingest.invocations.slice(1).map((i) => i.ms)),
      assignerBatchOf10Ms: summarize(timings.filter((_, k) => batchSizes[k] === 10).map((i) => i.ms)),
      assignerBatchOf1Ms: summarize(timings.filter((_, k) => batchSizes[k] === 1).map((i) => i.ms)),
      ingestLogBytesPerInvocation: ingest.logBytes / ingest.invocations.length,
      assignerLogBytesPerInvocation: assigner.logBytes / assigner.invocations.length,
      noticeTexts: stubs.published.map((p) => p.delivered.sms),
      endToEndOk,
      detail: `${accepted}/${webhooks.length} accepted, ${assigned} assigned, ${published} notified (${stubs.published.length} publishes), ${failures.length} failed batches`,
    };
  } finally {
    await stubs.close();
  }
}
