// Which bundled code never runs? Not part of `npm run bench`: a tool for trimming bundles.
// Builds the ingest and assigner bundles with the deployed options but unminified, runs
// webhooks and SQS batches through them in fresh processes (DynamoDB Local, SNS/SQS
// stand-ins) with V8 coverage on, and prints the bytes never executed by package or file.
//   npx tsx bench/investigate-unused-code.ts [assigner|ingest] [--files]

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { DynamoConfigStore } from '../functions/adapters/dynamodb/dynamo-config-store';
import { prefixedTableNames } from '../functions/adapters/dynamodb/table-definitions';
import { systemClock } from '../functions/core/shared/ports';
import { ensureTables, LOCAL_AWS, startDynamoDbLocal } from '../functions/local/dynamodb-local';
import { FUNCTION_ENTRIES, lambdaBuildOptions, PROJECT_ROOT } from '../lib/bundling';
import { startAwsStubs } from './aws-stubs';
import { chunk, lambdaEnvironment, runInChild, sqsEvent, webhookEvent } from './lambda-runs';
import { createReps, createRoutedPool, METHOD_SETUPS, sampleLeadPayload } from './scenario';

interface CoverageRange {
  startOffset: number;
  endOffset: number;
  count: number;
}

const target = process.argv[2] === 'ingest' ? 'ingest' : 'assigner';
const byFile = process.argv.includes('--files');
const dir = await mkdtemp(join(tmpdir(), 'leadrouter-coverage-'));
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const dynamo = await startDynamoDbLocal();
const stubs = await startAwsStubs();
try {
  for (const name of ['ingest', 'assigner'] as const) {
    const options = lambdaBuildOptions(join(PROJECT_ROOT, FUNCTION_ENTRIES[name]), join(dir, `${name}.mjs`));
    await build({ ...options, minify: false, sourcemap: false });
  }
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamo.endpoint });
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tables = prefixedTableNames('coverage');
  await ensureTables(client, tables);
  const admin = { config: new DynamoConfigStore(documents, tables), clock: systemClock };
  const { source: leadSource } = await createRoutedPool(
    admin,
    METHOD_SETUPS[0]!,
    await createReps(admin, 10),
    'Coverage',
  );
  const env = lambdaEnvironment({
    tables,
    dynamoEndpoint: dynamo.endpoint,
    stubEndpoint: stubs.endpoint,
    sourceMaps: false,
  });
  const coverage = join(dir, 'v8');
  const covered = (name: string) => (name === target ? { ...env, NODE_V8_COVERAGE: coverage } : env);
  await runInChild(
    join(dir, 'ingest.mjs'),
    covered('ingest'),
    Array.from({ length: 30 }, (_, i) => webhookEvent(leadSource.key, sampleLeadPayload(i))),
  );
  const bodies = stubs.sent.map((m) => m.body);
  await runInChild(
    join(dir, 'assigner.mjs'),
    covered('assigner'),
    [...chunk(bodies.slice(0, 10), 1), ...chunk(bodies.slice(10), 10)].map((b) => sqsEvent(b)),
  );

  const bundlePath = join(dir, `${target}.mjs`);
  const scripts = await Promise.all(
    (await readdir(coverage)).map(async (f) => JSON.parse(await readFile(join(coverage, f), 'utf8'))),
  );
  const script = scripts.flatMap((c) => c.result).find((s: { url: string }) => s.url.endsWith(`/${target}.mjs`));
  const source = await readFile(bundlePath, 'utf8');
  // Outer ranges first; an inner range overrides its parent's count for its bytes.
  const executed = new Uint8Array(source.length).fill(1);
  const ranges = (script.functions as { ranges: CoverageRange[] }[])
    .flatMap((f) => f.ranges)
    .sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset);
  for (const range of ranges) executed.fill(range.count > 0 ? 1 : 0, range.startOffset, range.endOffset);

  // esbuild marks each module's start in an unminified bundle with a `// path` comment.
  const marks = [...source.matchAll(/^\/\/ ((?:node_modules|functions)\/\S+)$/gm)].map((m) => ({
    at: m.index!,
    path: m[1]!,
  }));
  const totals = new Map<string, { bytes: number; neverRun: number }>();
  marks.forEach((mark, i) => {
    const end = marks[i + 1]?.at ?? source.length;
    let neverRun = 0;
    for (let k = mark.at; k < end; k++) if (!executed[k]) neverRun++;
    const key = byFile ? mark.path : packageKey(mark.path);
    const total = totals.get(key) ?? { bytes: 0, neverRun: 0 };
    totals.set(key, { bytes: total.bytes + end - mark.at, neverRun: total.neverRun + neverRun });
  });
  const all = [...totals.values()].reduce((a, t) => ({ bytes: a.bytes + t.bytes, neverRun: a.neverRun + t.neverRun }), {
    bytes: 0,
    neverRun: 0,
  });
  console.log(
    `${target}: ${all.neverRun} of ${all.bytes} unminified bytes never ran (${Math.round((all.neverRun / all.bytes) * 100)}%)`,
  );
  for (const [key, t] of [...totals].sort((a, b) => b[1].neverRun - a[1].neverRun).slice(0, byFile ? 60 : 30)) {
    console.log(
      `${(t.neverRun / 1024).toFixed(1).padStart(7)} KB never ran of ${(t.bytes / 1024).toFixed(1).padStart(6)} KB  ${key}`,
    );
  }
} finally {
  await stubs.close();
  await dynamo.stop();
  await rm(dir, { recursive: true, force: true });
}

function packageKey(path: string): string {
  const parts = path.split('node_modules/').pop()!.split('/');
  if (!path.includes('node_modules/')) return parts.slice(0, 2).join('/');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}
