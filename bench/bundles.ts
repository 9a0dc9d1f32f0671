// Builds every function twice in the same run: as deployed (lib/bundling.ts, the options the
// CDK construct uses) and as NodejsFunction's defaults build it (naive-bundles.ts), and
// measures both.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { FUNCTION_ENTRIES, lambdaBuildOptions, PROJECT_ROOT } from '../lib/bundling';
import { type BuiltBundle, bytesByPackage, type FunctionName } from './bundle-contents';
import { buildNaiveBundles, type NaiveBundle } from './naive-bundles';

export interface FunctionBundles {
  name: FunctionName;
  entry: string;
  ours: BuiltBundle;
  naive: NaiveBundle;
  /** What the function's AWS clients and libraries weigh alone, built the same way (see `buildFloor`). */
  floor: BundleFloor;
}

/** A handler with nothing but the function's AWS clients and third-party libraries, each used once. */
export interface BundleFloor {
  /** The packages the floor holds (those of the function's bundle it stands for). */
  packages: string[];
  bytes: number;
}

/** Each package a floor may hold, and one line that keeps it in the bundle. */
const FLOOR_USES: Record<string, { imports: string; use: string }> = {
  '@aws-sdk/client-dynamodb': {
    imports:
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';",
    use: "DynamoDBDocumentClient.from(new DynamoDBClient({})).send(new PutCommand({ TableName: 't', Item: { id: x } }))",
  },
  '@aws-sdk/client-sqs': {
    imports: "import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';",
    use: "new SQSClient({}).send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: x }))",
  },
  'libphonenumber-js': {
    imports: "import { parsePhoneNumberFromString } from 'libphonenumber-js/min';",
    use: 'parsePhoneNumberFromString(x)',
  },
  zod: { imports: "import * as z from 'zod/mini';", use: 'z.object({ a: z.string() }).parse({ a: x })' },
  '@middy/core': { imports: "import middy from '@middy/core';", use: 'middy(async () => x)' },
};

/** The floor of a bundle holding `packages`: the smallest bundle that has those of FLOOR_USES in it. */
async function buildFloor(outDir: string, name: string, packages: readonly string[]): Promise<BundleFloor> {
  const held = Object.keys(FLOOR_USES).filter((p) => packages.includes(p));
  const entry = join(outDir, 'floor', `${name}.ts`);
  await mkdir(dirname(entry), { recursive: true });
  await writeFile(
    entry,
    [
      ...held.map((p) => FLOOR_USES[p]!.imports),
      'export const handler = async (x: string) => [',
      ...held.map((p) => `  ${FLOOR_USES[p]!.use},`),
      '];',
      '',
    ].join('\n'),
  );
  const outfile = join(outDir, 'floor', `${name}.mjs`);
  await build({
    ...lambdaBuildOptions(entry, outfile),
    absWorkingDir: PROJECT_ROOT,
    nodePaths: [join(PROJECT_ROOT, 'node_modules')],
  });
  return { packages: held, bytes: (await stat(outfile)).size };
}

/** Builds both variants of every function into `outDir`, the naive ones for `runtime` (e.g. `nodejs24.x`). */
export async function buildAllBundles(outDir: string, runtime: string): Promise<FunctionBundles[]> {
  const naive = await buildNaiveBundles(join(outDir, 'naive'), runtime);
  const all: FunctionBundles[] = [];
  for (const [name, entry] of Object.entries(FUNCTION_ENTRIES) as [FunctionName, string][]) {
    const oursFile = join(outDir, 'ours', `${name}.mjs`);
    const ours = await build(lambdaBuildOptions(join(PROJECT_ROOT, entry), oursFile));
    const described = await describeBundle(oursFile, ours.metafile);
    const floor = await buildFloor(
      outDir,
      name,
      described.packages.map((p) => p.name),
    );
    all.push({ name, entry, ours: described, naive: naive[name], floor });
  }
  return all;
}

async function describeBundle(file: string, metafile: Metafile): Promise<BuiltBundle> {
  const bytes = (await stat(file)).size;
  const mapBytes = await stat(`${file}.map`).then(
    (s) => s.size,
    () => 0,
  );
  return { file, bytes, mapBytes, packages: bytesByPackage(metafile) };
}
