// The start-up baseline: every function as NodejsFunction builds it with its own defaults
// for our runtime (what aws-cdk-lib bundles, and what it leaves to the runtime), built by
// aws-cdk-lib itself in a throwaway app with this project's cdk.json flags. One change where
// the code needs it: ESM output for an entry with top-level await, which the default
// CommonJS output cannot express (the build fails, so a user has to make that change too).
import { copyFile, mkdir, readFile, symlink } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { build as esbuild, type Metafile } from 'esbuild';
import { FUNCTION_ENTRIES, PROJECT_ROOT } from '../lib/bundling';
import { type BuiltBundle, bytesByPackage, type FunctionName, packageOf } from './bundle-contents';

export interface NaiveBundle extends BuiltBundle {
  format: 'cjs' | 'esm';
  /** Packages the bundle imports at run time instead of bundling them (NodejsFunction's `externalModules`). */
  external: string[];
  /** How it was built differently from NodejsFunction's defaults, and why (empty: not at all). */
  changes: string[];
}

const TOP_LEVEL_AWAIT_IN_CJS = /Top-level await is currently not supported with the "cjs" output format/;

/** Whether esbuild refuses the entry as CommonJS because of top-level await (NodejsFunction's build would fail). */
async function topLevelAwaitIn(entry: string): Promise<boolean> {
  try {
    await esbuild({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      logLevel: 'silent',
    });
    return false;
  } catch (error) {
    const errors = (error as { errors?: { text: string }[] }).errors ?? [];
    if (errors.length && errors.every((e) => TOP_LEVEL_AWAIT_IN_CJS.test(e.text))) return true;
    throw error;
  }
}

/**
 * Builds every function with `new NodejsFunction(scope, id, { entry, runtime })` into
 * `outDir/<name>/`, beside a `node_modules` that stands in for the runtime's own (the SDK v3
 * that Lambda's Node.js runtimes carry). Asking esbuild for its metafile and a quieter log
 * changes nothing in the bundle.
 */
export async function buildNaiveBundles(
  outDir: string,
  runtimeName: string,
  only: readonly FunctionName[] = Object.keys(FUNCTION_ENTRIES) as FunctionName[],
): Promise<Record<FunctionName, NaiveBundle>> {
  // The named runtime itself, not NODEJS_LATEST, which may carry the same name but bundles the SDK.
  const runtime = Object.values(Runtime).find(
    (r): r is Runtime => r instanceof Runtime && r.name === runtimeName && !r.isVariable,
  );
  if (!runtime) throw new Error(`aws-cdk-lib knows no runtime ${runtimeName}`);
  const cdkJson = JSON.parse(await readFile(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context?: object };
  const app = new App({ outdir: join(outDir, 'cdk.out'), context: { ...cdkJson.context } });
  const stack = new Stack(app, 'NaiveBaseline');
  await mkdir(outDir, { recursive: true });
  await symlink(join(PROJECT_ROOT, 'node_modules'), join(outDir, 'node_modules'), 'dir');

  const built = {} as Record<FunctionName, NaiveBundle>;
  for (const name of only) {
    const entry = FUNCTION_ENTRIES[name];
    const needsEsm = await topLevelAwaitIn(join(PROJECT_ROOT, entry));
    const changes = needsEsm
      ? ['format ESM: the entry uses top-level await, which CommonJS output cannot express']
      : [];
    const fn = new NodejsFunction(stack, name, {
      entry: join(PROJECT_ROOT, entry),
      runtime,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      bundling: { metafile: true, logLevel: LogLevel.ERROR, ...(needsEsm ? { format: OutputFormat.ESM } : {}) },
    });
    const asset = fn.node.findAll().find((c): c is Asset => c instanceof Asset);
    if (!asset) throw new Error(`NodejsFunction built no asset for ${name}`);
    const assetDir = join(app.outdir, asset.assetPath);
    const format = changes.length ? 'esm' : 'cjs';
    const file = join(outDir, name, format === 'esm' ? 'index.mjs' : 'index.js');
    await mkdir(join(outDir, name), { recursive: true });
    await copyFile(join(assetDir, format === 'esm' ? 'index.mjs' : 'index.js'), file);
    const metafile = JSON.parse(await readFile(join(assetDir, 'index.meta.json'), 'utf8')) as Metafile;
    const bytes = Buffer.byteLength(await readFile(file));
    built[name] = {
      file,
      bytes,
      mapBytes: 0,
      packages: bytesByPackage(metafile),
      format,
      external: externalPackages(metafile),
      changes,
    };
  }
  return built;
}

const BUILTINS = new Set(builtinModules);

/** The packages a bundle leaves to the runtime: its external imports that are not Node's own. Pure. */
export function externalPackages(metafile: Metafile): string[] {
  const names = Object.values(metafile.outputs).flatMap((o) =>
    o.imports.filter((i) => i.external && !i.path.startsWith('node:') && !BUILTINS.has(i.path)).map((i) => i.path),
  );
  return [...new Set(names.map((path) => packageOf(`node_modules/${path}`)))].sort();
}
