// The admin console's built files as the docs function serves them: text, its type, and an
// ETag from its content. Built by console/build.ts; read from the folder beside the bundle in
// AWS, handed over in memory by the local stack.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

export interface StaticAsset {
  body: string;
  contentType: string;
  etag: string;
  /** Named after its content hash: never changes, so caches may keep it for good. */
  immutable: boolean;
}

/** The console's files by name; `index.html` is the page. */
export type ConsoleAssets = ReadonlyMap<string, StaticAsset>;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The assets made of built files (name and bytes); files of another type are left out. */
export function consoleAssetsFrom(files: readonly { name: string; contents: Uint8Array }[]): ConsoleAssets {
  const assets = new Map<string, StaticAsset>();
  for (const file of files) {
    const contentType = CONTENT_TYPES[extname(file.name)];
    if (!contentType) continue;
    assets.set(file.name, {
      body: Buffer.from(file.contents).toString('utf8'),
      contentType,
      etag: `"${createHash('sha256').update(file.contents).digest('base64url').slice(0, 22)}"`,
      immutable: file.name !== 'index.html',
    });
  }
  return assets;
}

/** Reads the built console from a folder (the docs function's `console/`). */
export async function readConsoleAssets(dir: string): Promise<ConsoleAssets> {
  const names = await readdir(dir);
  const files = await Promise.all(names.map(async (name) => ({ name, contents: await readFile(join(dir, name)) })));
  return consoleAssetsFrom(files);
}
