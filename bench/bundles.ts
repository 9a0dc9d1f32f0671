// Builds every function twice in the same run: as deployed (lib/bundling.ts, the options the
// CDK construct uses) and as NodejsFunction's defaults build it (naive-bundles.ts), and
// measures both.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { FUNCTION_ENTRIES, lambdaBuildOptions, PROJECT_ROOT } from '../lib/bundling';
import { type BuiltBundle, bytesByPackage, type FunctionName } from './bundle-contents';
import { buildNaiveBundles, type NaiveBundle } from './naive-bundles';

export interface FunctionBundles {
  name: FunctionName;
  entry: string;
  ours: BuiltBundle;
  naive: NaiveBundle;
}

/** Builds both variants of every function into `outDir`, the naive ones for `runtime` (e.g. `nodejs24.x`). */
export async function buildAllBundles(outDir: string, runtime: string): Promise<FunctionBundles[]> {
  const naive = await buildNaiveBundles(join(outDir, 'naive'), runtime);
  const all: FunctionBundles[] = [];
  for (const [name, entry] of Object.entries(FUNCTION_ENTRIES) as [FunctionName, string][]) {
    const oursFile = join(outDir, 'ours', `${name}.mjs`);
    const ours = await build(lambdaBuildOptions(join(PROJECT_ROOT, entry), oursFile));
    all.push({ name, entry, ours: await describeBundle(oursFile, ours.metafile), naive: naive[name] });
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
