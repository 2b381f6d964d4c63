import { defineConfig } from 'vitest/config';

// Unit and integration tests (`npm test`). The browser suite has its own config (vitest.e2e.config.ts).
// Tests that analyse the whole corpus take a few seconds on a loaded 2-core machine: 30 s is a hang guard, not a
// performance assertion (speed is measured in `npm run bench`).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
