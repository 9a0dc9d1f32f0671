// npm test: the static checks (Biome, the type checker, knip) run beside the test suite
// instead of before it, as the suite's first seconds leave the cores half idle. Their
// output is shown when one fails; the suite's streams as it runs. Arguments go to vitest
// (`npm test -- test/unit` runs a folder). Exits non-zero if any of them failed.
import { spawn } from 'node:child_process';

const CHECKS: [name: string, command: string, args: string[]][] = [
  ['biome', 'biome', ['ci', '.']],
  // One thread: the suite keeps both cores busy, and tsc's own threads cost a third more CPU.
  ['tsc', 'tsc', ['--noEmit', '--singleThreaded']],
  ['knip', 'knip', []],
];

function run(command: string, args: string[], quiet: boolean): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const started = Date.now();
const checks = CHECKS.map(async ([name, command, args]) => {
  const { code, output } = await run(command, args, true);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (code === 0) process.stdout.write(`✓ ${name} passed (${seconds} s)\n`);
  else process.stdout.write(`\n✗ ${name} failed (${seconds} s):\n${output}\n`);
  return code;
});
const suite = run('vitest', ['run', ...process.argv.slice(2)], false).then(({ code }) => code);
const codes = await Promise.all([...checks, suite]);
const failed = CHECKS.filter((_, i) => codes[i] !== 0).map(([name]) => name);
if (failed.length > 0) process.stdout.write(`\n✗ ${failed.join(', ')} failed: see above\n`);
process.exit(codes.some((code) => code !== 0) ? 1 : 0);
