// End-to-end tests of the web page in headless Chromium (`npm run test:e2e`). `npm test` skips test/e2e: its
// tests run only when TAPEREADER_E2E is set, as here, so the unit suite never needs a browser.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    env: { TAPEREADER_E2E: '1' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
