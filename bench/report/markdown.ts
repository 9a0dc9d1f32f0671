// docs/performance.md: the Markdown template beside this file, filled with the run's figures.
import { readFileSync } from 'node:fs';
import type { BenchResults } from '../results';
import { renderTemplate } from './template';
import { pageView } from './view';
import { whyView } from './why';

const TEMPLATE = new URL('./performance.template.md', import.meta.url);

/** The page for a run; `chartPath` is where the page finds spread.svg. */
export function renderMarkdown(r: BenchResults, options: { chartPath: string }): string {
  const page = renderTemplate(readFileSync(TEMPLATE, 'utf8'), { ...pageView(r, options), why: whyView(r) });
  // Sections that render nothing leave blank lines behind; a paragraph break is one.
  return `${page
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
