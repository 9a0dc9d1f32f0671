import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/support/sequencer';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 90_000,
    restoreMocks: true,
    // Two cores, and many tests wait on DynamoDB Local: more workers than cores keep both busy.
    maxWorkers: 3,
    // Every core is busy with the workers, DynamoDB Local and Chromium: V8's helper threads for
    // garbage collection only contend with them.
    execArgv: ['--single-threaded-gc'],
    // Test files share their worker's module cache (each file still gets its own tables,
    // mocks are restored after every test), so the SDK and CDK load once per worker.
    isolate: false,
    sequence: { sequencer: LongestFirstSequencer },
    // One project: Vitest hands a worker on to the next file only within a project, so files
    // of two projects in one queue would restart workers (and their imports) at every switch.
    // The benchmark's own logic is tested here too; the product's tests never import from bench/.
    include: ['test/**/*.test.ts', 'bench/**/*.test.ts'],
    // One DynamoDB Local for the whole run; every test file gets its own tables.
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup-env.ts'],
  },
});
