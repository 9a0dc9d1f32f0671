// Re-renders docs/performance.md and bench/spread.svg from bench/results.json without
// measuring again: for changes to the report's template or wording. `npx tsx bench/render.ts`
import { readFile, writeFile } from 'node:fs/promises';
import { renderMarkdown } from './report/markdown';
import { spreadSvg } from './report/spread-chart';
import type { BenchResults } from './results';

const results = JSON.parse(await readFile('bench/results.json', 'utf8')) as BenchResults;
await writeFile('bench/spread.svg', spreadSvg(results));
await writeFile('docs/performance.md', renderMarkdown(results, { chartPath: '../bench/spread.svg' }));
console.log('rendered docs/performance.md and bench/spread.svg from bench/results.json');
