import { describe, expect, it } from 'vitest';
import { bytesByPackage, packageOf } from './bundle-contents';

describe('what a bundle holds', () => {
  it('names the package a bundled file came from', () => {
    expect(packageOf('node_modules/@smithy/core/dist-es/index.js')).toBe('@smithy/core');
    expect(
      packageOf('node_modules/@aws-lambda-powertools/logger/node_modules/@aws-lambda-powertools/commons/lib/esm/x.js'),
    ).toBe('@aws-lambda-powertools/commons');
    expect(packageOf('node_modules/zod/v4/core/schemas.js')).toBe('zod');
    expect(packageOf('functions/core/lead.ts')).toBe('functions/core');
  });

  it("sums the entry output's bytes by package, largest first", () => {
    const input = (bytesInOutput: number) => ({ bytesInOutput });
    const metafile = {
      inputs: {},
      outputs: {
        'out/index.mjs': {
          entryPoint: 'functions/entry/ingest.ts',
          bytes: 0,
          exports: [],
          imports: [],
          inputs: {
            'node_modules/zod/v4/a.js': input(30),
            'node_modules/zod/v4/b.js': input(20),
            'functions/core/leads/lead.ts': input(70),
          },
        },
      },
    };
    expect(bytesByPackage(metafile)).toEqual([
      { name: 'functions/core', bytes: 70 },
      { name: 'zod', bytes: 50 },
    ]);
  });
});
