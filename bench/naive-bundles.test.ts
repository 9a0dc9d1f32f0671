import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildNaiveBundles, externalPackages } from './naive-bundles';

describe("the naive baseline: NodejsFunction's defaults", () => {
  const out = mkdtempSync(join(tmpdir(), 'leadrouter-naive-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('lists what a bundle leaves to the runtime: external packages, not Node built-ins', () => {
    const output = (paths: string[]) => ({
      bytes: 0,
      exports: [],
      inputs: {},
      imports: paths.map((path) => ({ path, kind: 'import-statement' as const, external: true })),
    });
    const metafile = {
      inputs: {},
      outputs: {
        'index.js': output(['@aws-sdk/client-dynamodb', 'node:crypto', 'fs', '@aws-sdk/lib-dynamodb/dist', 'zod']),
      },
    };
    expect(externalPackages(metafile)).toEqual(['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', 'zod']);
  });

  it('bundles with aws-cdk-lib itself: CommonJS and the SDK left to the runtime, ESM only where top-level await needs it', async () => {
    const built = await buildNaiveBundles(out, 'nodejs24.x', ['ingest', 'assigner']);
    expect(built.ingest).toMatchObject({ format: 'cjs', changes: [] });
    expect(built.ingest.file).toMatch(/ingest[\\/]index\.js$/);
    expect(built.ingest.external).toContain('@aws-sdk/client-dynamodb');
    expect(built.ingest.external.every((p) => p.startsWith('@aws-sdk/'))).toBe(true);
    expect(built.ingest.packages.some((p) => p.name.startsWith('@aws-sdk/'))).toBe(false);
    expect(built.assigner.format).toBe('esm');
    expect(built.assigner.changes).toEqual([expect.stringMatching(/top-level await/)]);
  }, 120_000);
});
