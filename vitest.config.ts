import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 90_000,
    restoreMocks: true,
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
