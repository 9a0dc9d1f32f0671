import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, type ConsoleFile } from '../../console/build';

let files: ConsoleFile[];
const textOf = (file: ConsoleFile) => new TextDecoder().decode(file.contents);

beforeAll(async () => {
  files = await buildConsole();
}, 60_000);

describe('the console build', () => {
  it('makes a page that loads only its own content-hashed script, style sheet and icon', () => {
    const page = textOf(files.find((f) => f.name === 'index.html')!);
    const loaded = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(loaded).toHaveLength(3);
    for (const url of loaded) {
      expect(url).toMatch(/^\/console\/(console|icon)-[A-Z0-9]{8}\.(js|css|svg)$/);
      expect(files.map((f) => f.name)).toContain(url.slice('/console/'.length));
    }
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son\w+=/i);
  });

  it('bundles every library (no CDN) and splits the chart library into a chunk loaded on demand', () => {
    const scripts = files.filter((f) => f.name.endsWith('.js'));
    const entry = scripts.find((f) => f.name.startsWith('console-'))!;
    const chunks = scripts.filter((f) => f !== entry);
    expect(chunks.length).toBeGreaterThan(0);
    for (const script of scripts) expect(textOf(script)).not.toMatch(/\bimport\s*\(?\s*["']https?:|from\s*["']https?:/);
    expect(textOf(entry)).toMatch(/import\("\.\/chunk-[A-Z0-9]+\.js"\)/);
    expect(textOf(entry)).not.toContain('uPlot');
  });

  it('puts no value into the page as HTML, and keeps the key out of localStorage and cookies', () => {
    const dir = join(import.meta.dirname, '../../console/src');
    for (const file of readdirSync(dir, { recursive: true }).map(String)) {
      if (!file.endsWith('.ts')) continue;
      expect(readFileSync(join(dir, file), 'utf8'), file).not.toMatch(
        /innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write|localStorage\.|document\.cookie/,
      );
    }
  });
});
