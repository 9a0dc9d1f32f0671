import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/support/sequencer';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 90_000,
    restoreMocks: true,
    // Two cores, and many tests wait on DynamoDB Local: more workers than cores keep both busy.
    maxWorkers: 3,
    // Test files share their worker's module cache (each file still gets its own tables,
    // mocks are restored after every test), so the SDK and CDK load once per worker.
    isolate: false,
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'product',
          include: ['test/**/*.test.ts'],
          // One DynamoDB Local for the whole run; every test file gets its own tables.
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/setup-env.ts'],
        },
      },
      {
        // The benchmark's own logic, tested beside it: the product's tests never import from bench/.
        extends: true,
        test: { name: 'bench', include: ['bench/**/*.test.ts'] },
      },
    ],
  },
});
