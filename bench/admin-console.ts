// The admin console: what a browser downloads (each built file, raw and gzipped, the first
// load apart from the chunks fetched on demand) and how long until it shows something, in
// Debian's Chromium against the local stack: the sign-in page for a new visitor, and the
// overview with its figures for a signed-in admin. Writes bench/console-results.json and the
// figures' block in the README.
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { buildConsole, type ConsoleFile } from '../console/build';
import { startLocalStack } from '../functions/local/local-stack';
import { hasChromium, launchChromium } from '../test/support/browser';
import { type Summary, summarize } from './stats';

export interface ConsoleFileSize {
  name: string;
  bytes: number;
  gzipBytes: number;
  /** Loaded with the page (its script, style sheet, icon and what the script imports), or on demand. */
  firstLoad: boolean;
}

export interface ConsoleFigures {
  generatedAt: string;
  quick: boolean;
  /** The machine, and how busy it was: other work slows a first render. */
  machine: { cpus: number; loadAverage: number };
  files: ConsoleFileSize[];
  firstLoad: { bytes: number; gzipBytes: number };
  onDemand: { bytes: number; gzipBytes: number };
  /** Milliseconds from navigation start, each load in a fresh browser context (nothing cached). */
  render?: { loads: number; leads: number; signInMs: Summary; overviewMs: Summary };
  /** Why there are no render figures (no Chromium on this machine). */
  renderSkipped?: string;
}

export const CONSOLE_RESULTS = 'bench/console-results.json';
const README = 'README.md';
const START = '<!-- console figures: written by npm run bench -->';
const END = '<!-- end of console figures -->';

/** The built files' sizes, and which of them the page loads first. */
export function consoleSizes(files: readonly ConsoleFile[]): ConsoleFileSize[] {
  const text = (file: ConsoleFile) => new TextDecoder().decode(file.contents);
  const page = files.find((f) => f.name === 'index.html');
  const first = new Set(['index.html']);
  const queue = [...(page ? text(page).matchAll(/(?:src|href)="\/console\/([^"]+)"/g) : [])].map((m) => m[1]!);
  while (queue.length) {
    const name = queue.shift()!;
    if (first.has(name)) continue;
    first.add(name);
    const file = files.find((f) => f.name === name);
    // Static imports between chunks (`from"./chunk-X.js"`, `import"./chunk-X.js"`), not `import("…")`.
    if (file && name.endsWith('.js'))
      for (const m of text(file).matchAll(/(?:from|import)\s*"\.\/([\w-]+\.js)"/g)) queue.push(m[1]!);
  }
  return files.map((f) => ({
    name: f.name,
    bytes: f.contents.length,
    gzipBytes: gzipSync(f.contents, { level: 9 }).length,
    firstLoad: first.has(f.name),
  }));
}

const total = (files: readonly ConsoleFileSize[]) => ({
  bytes: files.reduce((sum, f) => sum + f.bytes, 0),
  gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
});

/** Measures the console: its build, and `loads` first visits in Chromium against a local stack on `dynamoEndpoint`. */
export async function measureAdminConsole(
  dynamoEndpoint: string,
  options: { loads: number; quick: boolean },
): Promise<ConsoleFigures> {
  const files = consoleSizes(await buildConsole());
  const figures: ConsoleFigures = {
    generatedAt: new Date().toISOString(),
    quick: options.quick,
    machine: { cpus: cpus().length, loadAverage: Math.round(loadavg()[0]! * 100) / 100 },
    files,
    firstLoad: total(files.filter((f) => f.firstLoad)),
    onDemand: total(files.filter((f) => !f.firstLoad)),
  };
  if (!hasChromium()) return { ...figures, renderSkipped: 'no Chromium at /usr/bin/chromium (CHROMIUM_PATH)' };
  return { ...figures, render: await measureRender(dynamoEndpoint, options.loads) };
}

async function measureRender(dynamoEndpoint: string, loads: number): Promise<NonNullable<ConsoleFigures['render']>> {
  const stack = await startLocalStack({ port: 0, dynamoEndpoint, tablePrefix: 'bench-console', sweepEveryMs: 0 });
  const browser = await launchChromium();
  try {
    const leads = await seed(stack.url, stack.adminKey);
    const visit = async (signedIn: boolean) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      if (signedIn)
        await context.addInitScript((key) => sessionStorage.setItem('leadrouter.adminKey', key), stack.adminKey);
      const page = await context.newPage();
      await page.goto(`${stack.url}/console`, { waitUntil: 'commit' });
      // The moment the screen is there, read in the page at the frame it appears in.
      const shown = await page.waitForFunction(
        (selector) => document.querySelector(selector) && performance.now(),
        signedIn ? '.chart-figures td' : '#sign-in',
        { polling: 'raf', timeout: 30_000 },
      );
      const ms = (await shown.jsonValue()) as number;
      await context.close();
      return ms;
    };
    await visit(true); // builds the console on the stack's first request
    const signInMs: number[] = [];
    const overviewMs: number[] = [];
    for (let i = 0; i < loads; i++) {
      signInMs.push(await visit(false));
      overviewMs.push(await visit(true));
    }
    return { loads, leads, signInMs: summarize(signInMs), overviewMs: summarize(overviewMs) };
  } finally {
    await browser.close();
    await stack.stop();
  }
}

/** Three reps in a round-robin pool behind a form source, and a day's worth of leads for the overview. */
async function seed(url: string, key: string): Promise<number> {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string; key: string };
  };
  const reps = [];
  for (const name of ['Ana Rivera', 'Ben Okafor', 'Chloé Martin']) reps.push(await post('/admin/reps', { name }));
  const pool = await post('/admin/pools', {
    name: 'Inbound',
    method: 'round_robin',
    members: reps.map((r) => ({ repId: r.id })),
  });
  const source = await post('/admin/sources', { name: 'Website', kind: 'form', poolId: pool.id });
  const leads = 60;
  for (let i = 0; i < leads; i++) {
    await fetch(`${url}/hooks/${source.key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Lead ${i}`, email: `lead${i}@example.com`, company: 'Engines' }),
    });
  }
  return leads;
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
const ms = (value: number) => `${Math.round(value)} ms`;

/** The README's block of figures. */
export function consoleMarkdown(f: ConsoleFigures): string {
  const lines = [
    `The console's first load is ${kb(f.firstLoad.bytes)} as the docs function serves it (${kb(f.firstLoad.gzipBytes)} gzipped): the page, ` +
      `its script with Preact, htm and every screen, its style sheet and icon. The chart library (uPlot) ` +
      `is ${kb(f.onDemand.bytes)} more (${kb(f.onDemand.gzipBytes)} gzipped), fetched when a chart is first drawn.`,
  ];
  if (f.render) {
    lines.push(
      '',
      `In Chromium against the local stack, a first visit (nothing cached) shows the sign-in form after ` +
        `${ms(f.render.signInMs.p50)} (median of ${f.render.loads} loads; slowest ${ms(f.render.signInMs.max)}), ` +
        `and a signed-in admin sees the overview with this week's ${f.render.leads} leads counted and charted after ` +
        `${ms(f.render.overviewMs.p50)} (slowest ${ms(f.render.overviewMs.max)}).`,
    );
  } else if (f.renderSkipped) {
    lines.push('', `Time to first render was not measured: ${f.renderSkipped}.`);
  }
  lines.push(
    '',
    `Measured ${f.generatedAt.slice(0, 10)} by \`npm run bench\` (bench/admin-console.ts) on ${f.machine.cpus} cores ` +
      `with a load average of ${f.machine.loadAverage}.`,
  );
  return lines.join('\n');
}

/** The README with its block of console figures replaced. */
export function withConsoleFigures(readme: string, figures: ConsoleFigures): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end < start) throw new Error(`README.md has no "${START}" … "${END}" block`);
  return `${readme.slice(0, start + START.length)}\n${consoleMarkdown(figures)}\n${readme.slice(end)}`;
}

/** Keeps the figures: the results file and the README's block, or (quick runs) `dir` only. */
export async function writeConsoleFigures(figures: ConsoleFigures, quickDir?: string): Promise<string[]> {
  if (quickDir) {
    const file = `${quickDir}/console-results.json`;
    await writeFile(file, `${JSON.stringify(figures, null, 2)}\n`);
    return [file];
  }
  await writeFile(CONSOLE_RESULTS, `${JSON.stringify(figures, null, 2)}\n`);
  await writeFile(README, withConsoleFigures(await readFile(README, 'utf8'), figures));
  return [CONSOLE_RESULTS, README];
}
