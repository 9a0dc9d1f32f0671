// The admin console's one build step: esbuild bundles the browser app (Preact, htm, uPlot,
// our CSS) into hashed files and writes the page that loads them. The CDK stack runs it at
// synth (beside the docs function's bundle), the local stack and the bench in memory: all
// three serve the same files.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, type BuildResult, build, buildSync } from 'esbuild';

/** Where the console is served; every file sits directly below it. */
export const CONSOLE_PATH = '/console';

const SOURCE = fileURLToPath(new URL('./src/', import.meta.url));

/** One built file, named as it is served (`/console/<name>`); the page is `index.html`. */
export interface ConsoleFile {
  name: string;
  contents: Uint8Array;
}

/** Bundles the console; nothing is written. */
export async function buildConsole(): Promise<ConsoleFile[]> {
  return consoleFiles(await build(BUILD));
}

/**
 * Builds the console into `dir`, synchronously: the CDK app does it while it bundles the
 * docs function, and CDK's bundling step cannot wait for a promise.
 */
export function writeConsole(dir: string): ConsoleFile[] {
  const files = consoleFiles(buildSync(BUILD));
  mkdirSync(dir, { recursive: true });
  for (const file of files) writeFileSync(join(dir, file.name), file.contents);
  return files;
}

const BUILD = {
  entryPoints: { console: join(SOURCE, 'main.ts') },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  // Browsers of the last few years; no polyfills.
  target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
  minify: true,
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  outdir: '/console-build',
  write: false,
  metafile: true,
  legalComments: 'eof',
  logLevel: 'warning',
} satisfies BuildOptions;

/** The built files, the icon and the page that loads them. */
function consoleFiles(result: BuildResult<typeof BUILD>): ConsoleFile[] {
  const files: ConsoleFile[] = result.outputFiles.map((file) => ({
    name: basename(file.path),
    contents: file.contents,
  }));
  const entry = files.find((f) => /^console-[\w-]+\.js$/.test(f.name));
  const style = files.find((f) => /^console-[\w-]+\.css$/.test(f.name));
  if (!entry || !style) throw new Error('The console build made no entry script or style sheet');
  const iconSvg = readFileSync(join(SOURCE, 'icon.svg'));
  const icon = { name: `icon-${hashOf(iconSvg)}.svg`, contents: new Uint8Array(iconSvg) };
  const page = indexPage({ script: entry.name, style: style.name, icon: icon.name });
  return [...files, icon, { name: 'index.html', contents: new TextEncoder().encode(page) }];
}

/** The page: no inline script or style, so the Content Security Policy can forbid both. */
function indexPage(names: { script: string; style: string; icon: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow">
<title>leadrouter console</title>
<link rel="icon" href="${CONSOLE_PATH}/${names.icon}" type="image/svg+xml">
<link rel="stylesheet" href="${CONSOLE_PATH}/${names.style}">
<script type="module" src="${CONSOLE_PATH}/${names.script}"></script>
</head>
<body>
<div id="app"><noscript>The leadrouter console needs JavaScript.</noscript></div>
</body>
</html>
`;
}

function hashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 8).toUpperCase();
}
