import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BenchResults } from '../results';
import { renderMarkdown } from './markdown';

const committed = JSON.parse(readFileSync(new URL('../results.json', import.meta.url), 'utf8')) as BenchResults;

describe('docs/performance.md', () => {
  it('is what the template makes of the committed results, so neither can be edited alone', () => {
    const page = readFileSync(new URL('../../docs/performance.md', import.meta.url), 'utf8');
    expect(renderMarkdown(committed, { chartPath: '../bench/spread.svg' })).toBe(page);
  });

  it('follows the run: a budget that passes leaves no explanation behind, one that fails gets its figures', () => {
    const allPass = { ...committed, budgets: committed.budgets.map((b) => ({ ...b, pass: true })) };
    const page = renderMarkdown(allPass, { chartPath: 'spread.svg' });
    expect(page).toContain('Every budget passes.');
    expect(page).toContain('Nothing fails in this run.');
    expect(page).not.toMatch(/\*\*(Throughput|Bundle size|Cost per million leads)\b/);

    const bundleFails = {
      ...allPass,
      budgets: allPass.budgets.map((b) => (b.name === 'Bundle size, assigner (minified)' ? { ...b, pass: false } : b)),
    };
    const assigner = committed.bundles.find((b) => b.name === 'assigner')!;
    expect(renderMarkdown(bundleFails, { chartPath: 'spread.svg' })).toContain(
      `**Bundle size, assigner (${(assigner.bytes / 1000).toFixed(1)} KB, budget 300 KB`,
    );
  });

  it('says a quick run is not representative', () => {
    expect(renderMarkdown({ ...committed, quick: true }, { chartPath: 'spread.svg' })).toContain(
      'This is a quick smoke run: its figures are not representative.',
    );
  });
});
