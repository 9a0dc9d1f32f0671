// Builds every function twice in the same run: as deployed (lib/bundling.ts, the options the
// CDK construct uses) and "naive" (what a hand-written Lambda usually gets), and measures both.

import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { ESM_REQUIRE_BANNER, FUNCTION_ENTRIES, lambdaBuildOptions, PROJECT_ROOT } from '../lib/bundling';

export type FunctionName = keyof typeof FUNCTION_ENTRIES;

export interface BuiltBundle {
  file: string;
  bytes: number;
  /** The source map beside it (deployed, not loaded unless an error is printed). */
  mapBytes: number;
  /** Bytes in the bundle by npm package (or project folder), largest first. */
  packages: { name: string; bytes: number }[];
}

export interface FunctionBundles {
  name: FunctionName;
  entry: string;
  ours: BuiltBundle;
  naive: BuiltBundle;
}

/**
 * What "everything default" means for the naive bundle: esbuild's defaults for a Node
 * bundle (no minification, `main` before `module`, no target lowering), the SDK's full
 * default credential chain (no alias), and zod imported the way most examples do,
 * `import { z } from 'zod'` (classic zod through its namespace object, which defeats tree
 * shaking), instead of `import * as z from 'zod/mini'`. The handler code is the same. Two
 * things are not defaults because the code would not run without them: ESM output (the
 * entries use top-level await, which CommonJS cannot express) and the `require` shim
 * every ESM bundle of CommonJS dependencies needs.
 */
export function naiveBuildOptions(entry: string, outfile: string): BuildOptions & { metafile: true } {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    banner: { js: ESM_REQUIRE_BANNER },
    metafile: true,
    logLevel: 'warning',
    plugins: [classicZodImports()],
  };
}

/** Rewrites the project's `import * as z from 'zod/mini'` to `import { z } from 'zod'`. */
export function classicZodImports(): Plugin {
  return {
    name: 'classic-zod-imports',
    setup(builder) {
      builder.onLoad({ filter: /[\\/]functions[\\/].*\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        return { contents: rewriteZodImport(source), loader: 'ts' };
      });
    },
  };
}

/**
 * The source with its zod/mini namespace import replaced by the classic named import. Classic
 * zod has every function the project uses except `z.partial(schema)`, which it spells
 * `schema.partial()`; the shim adds it (and, spreading the namespace, keeps all of zod).
 */
export function rewriteZodImport(source: string): string {
  return source.replace(
    /import \* as z from ['"]zod\/mini['"];?/g,
    "import { z as classicZod } from 'zod';\nconst z = { ...classicZod, partial: (schema: any) => schema.partial() };",
  );
}

/** Builds both variants of every function into `outDir`. */
export async function buildAllBundles(outDir: string): Promise<FunctionBundles[]> {
  const all: FunctionBundles[] = [];
  for (const [name, entry] of Object.entries(FUNCTION_ENTRIES) as [FunctionName, string][]) {
    const entryPath = join(PROJECT_ROOT, entry);
    const oursFile = join(outDir, 'ours', `${name}.mjs`);
    const naiveFile = join(outDir, 'naive', `${name}.mjs`);
    const ours = await build(lambdaBuildOptions(entryPath, oursFile));
    const naive = await build(naiveBuildOptions(entryPath, naiveFile));
    all.push({
      name,
      entry,
      ours: await describeBundle(oursFile, ours.metafile),
      naive: await describeBundle(naiveFile, naive.metafile),
    });
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

/** Sums a bundle's input bytes by npm package (nested copies count as the same name) or project folder. */
export function bytesByPackage(metafile: Metafile): { name: string; bytes: number }[] {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint);
  if (!output) return [];
  const totals = new Map<string, number>();
  for (const [path, input] of Object.entries(output.inputs)) {
    const name = packageOf(path);
    totals.set(name, (totals.get(name) ?? 0) + input.bytesInOutput);
  }
  return [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** `node_modules/@smithy/core/dist-es/x.js` → `@smithy/core`; `functions/core/lead.ts` → `functions/core`. */
export function packageOf(path: string): string {
  const nested = path.split('node_modules/');
  if (nested.length > 1) {
    const rest = nested[nested.length - 1]!.split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const parts = path.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : path;
}
