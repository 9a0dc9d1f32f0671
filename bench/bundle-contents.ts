// What a built bundle holds: its size, and its bytes by npm package or project folder, from
// esbuild's metafile. Pure.
import type { Metafile } from 'esbuild';
import type { FUNCTION_ENTRIES } from '../lib/bundling';

export type FunctionName = keyof typeof FUNCTION_ENTRIES;

export interface BuiltBundle {
  file: string;
  bytes: number;
  /** The source map beside it (deployed, not loaded unless an error is printed). */
  mapBytes: number;
  /** Bytes in the bundle by npm package (or project folder), largest first. */
  packages: { name: string; bytes: number }[];
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
