import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BundlingOptions, ILocalBundling } from 'aws-cdk-lib';
import { type BuildOptions, buildSync } from 'esbuild';

/** The project root (the folder that holds package.json). */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The module that replaces the SDK's default credential chain in Lambda bundles. */
export const LAMBDA_CREDENTIALS_MODULE = fileURLToPath(
  new URL('../functions/adapters/aws/lambda-credentials.ts', import.meta.url),
);

/**
 * Stands in for the SDK's event-stream support, which DynamoDB, SQS and SNS never load
 * (`HttpProtocol` imports it dynamically, only for event-stream operations).
 */
export const EVENT_STREAMS_STUB_MODULE = fileURLToPath(
  new URL('../functions/adapters/aws/event-streams-unsupported.ts', import.meta.url),
);

/** Stands in for mnemonist's LRU cache, whose only user is the DynamoDB endpoint-discovery cache. */
export const LRU_CACHE_MODULE = fileURLToPath(
  new URL('../functions/adapters/caching/map-lru-cache.ts', import.meta.url),
);

/** ESM bundles still meet CommonJS dependencies that call `require`; give them one. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __leadrouterCreateRequire } from 'node:module'; const require = __leadrouterCreateRequire(import.meta.url);";

/**
 * How every function is bundled, in esbuild's own terms: the CDK construct, the bundle
 * tests and the benchmark all build with them, so measured bundles are deployed ones.
 */
export const LAMBDA_BUNDLE = {
  format: 'esm',
  platform: 'node',
  target: 'node24',
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  alias: {
    '@aws-sdk/credential-provider-node': LAMBDA_CREDENTIALS_MODULE,
    '@smithy/core/event-streams': EVENT_STREAMS_STUB_MODULE,
    'mnemonist/lru-cache': LRU_CACHE_MODULE,
  },
} as const;

/** Those options for esbuild's API, as one function's build: source maps without sources included. */
export function lambdaBuildOptions(entry: string, outfile: string): BuildOptions & { metafile: true } {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: LAMBDA_BUNDLE.format,
    platform: LAMBDA_BUNDLE.platform,
    target: LAMBDA_BUNDLE.target,
    minify: LAMBDA_BUNDLE.minify,
    sourcemap: LAMBDA_BUNDLE.sourcemap,
    sourcesContent: false,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    banner: { js: LAMBDA_BUNDLE.banner },
    alias: { ...LAMBDA_BUNDLE.alias },
    metafile: true,
    logLevel: 'warning',
  };
}

/** The Lambda entry points, by function name. */
export const FUNCTION_ENTRIES = {
  ingest: 'functions/entry/ingest.ts',
  admin: 'functions/entry/admin.ts',
  assigner: 'functions/entry/assigner.ts',
  sweeper: 'functions/entry/sweeper.ts',
  repLinks: 'functions/entry/rep-links.ts',
  docs: 'functions/entry/docs.ts',
  authorizer: 'functions/entry/authorizer.ts',
  enricher: 'functions/entry/enricher.ts',
  leadChanges: 'functions/entry/lead-changes.ts',
  webhooks: 'functions/entry/webhooks.ts',
} as const;

/**
 * Bundles one function at synth, in the CDK app's own process: esbuild's API with the
 * options above, then `afterBundling` to put more files beside the bundle. (NodejsFunction
 * would start `npx esbuild` once per function.) Its public fields tell CDK's asset cache
 * one function's bundle from another's.
 */
export class EsbuildBundling implements ILocalBundling {
  constructor(
    readonly entry: string,
    private readonly afterBundling?: (outputDir: string) => void,
  ) {}

  tryBundle(outputDir: string, _options: BundlingOptions): boolean {
    buildSync(lambdaBuildOptions(this.entry, join(outputDir, 'index.mjs')));
    this.afterBundling?.(outputDir);
    return true;
  }
}
