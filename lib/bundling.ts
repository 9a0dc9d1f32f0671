import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

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
 * How every function is bundled, in esbuild's own terms: the CDK construct passes these to
 * NodejsFunction and the benchmark builds with them, so measured bundles are deployed ones.
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

/**
 * The same options for esbuild's JS API (the benchmark and the bundle tests build with it),
 * mirroring what the construct passes to NodejsFunction, source maps without sources included.
 */
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
 * The command that builds the admin console (console/build.ts) into `dir`, run beside the
 * docs function's bundle at synth with this project's own tsx and Node.
 */
export function buildConsoleCommand(dir: string): string {
  const quote = (text: string) => `"${text.replace(/(["\\$`])/g, '\\$1')}"`;
  return [
    process.execPath,
    join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs'),
    join(PROJECT_ROOT, 'bin/build-console.ts'),
    dir,
  ]
    .map(quote)
    .join(' ');
}
