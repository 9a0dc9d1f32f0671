import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ConsoleFigures, consoleMarkdown, consoleSizes, withConsoleFigures } from './admin-console';

const file = (name: string, text: string) => ({ name, contents: new TextEncoder().encode(text) });

describe("the console's bench", () => {
  it('counts the page, what it links and what its script imports as the first load; a dynamic import comes on demand', () => {
    const sizes = consoleSizes([
      file('index.html', '<link href="/console/console-A.css"><script src="/console/console-A.js"></script>'),
      file('console-A.js', 'import{h}from"./chunk-SHARED.js";const c=()=>import("./chunk-CHART.js");'),
      file('chunk-SHARED.js', 'export const h=1;'),
      file('chunk-CHART.js', 'import"./chunk-SHARED.js";export const chart=1;'),
      file('console-A.css', 'body{}'),
    ]);
    expect(Object.fromEntries(sizes.map((s) => [s.name, s.firstLoad]))).toEqual({
      'index.html': true,
      'console-A.js': true,
      'chunk-SHARED.js': true,
      'chunk-CHART.js': false,
      'console-A.css': true,
    });
    expect(sizes.every((s) => s.gzipBytes > 0 && s.bytes > 0)).toBe(true);
  });

  it('keeps the README equal to what the last run measured', () => {
    const figures = JSON.parse(
      readFileSync(new URL('./console-results.json', import.meta.url), 'utf8'),
    ) as ConsoleFigures;
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(withConsoleFigures(readme, figures)).toBe(readme);
    expect(readme).toContain(consoleMarkdown(figures));
  });

  it('replaces only its own block, and says so when the README has none', () => {
    const figures: ConsoleFigures = {
      generatedAt: '2026-12-01T00:00:00.000Z',
      quick: false,
      machine: { cpus: 2, loadAverage: 0.5 },
      files: [],
      firstLoad: { bytes: 1000, gzipBytes: 500 },
      onDemand: { bytes: 2000, gzipBytes: 900 },
      renderSkipped: 'no Chromium',
    };
    const readme =
      'before\n<!-- console figures: written by npm run bench -->\nold\n<!-- end of console figures -->\nafter\n';
    const updated = withConsoleFigures(readme, figures);
    expect(updated).toMatch(
      /^before\n<!-- console figures: written by npm run bench -->\nThe console's first load is 1\.0 KB as the docs function serves it \(0\.5 KB gzipped\)/,
    );
    expect(updated).toContain('Time to first render was not measured: no Chromium.');
    expect(updated).toMatch(/<!-- end of console figures -->\nafter\n$/);
    expect(() => withConsoleFigures('no block', figures)).toThrow('no');
  });
});
