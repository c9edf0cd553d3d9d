import { defineConfig } from 'vitest/config';

// End-to-end tests: the production build in Debian's Chromium, one file at
// a time. WebGL runs in software there, so the limits are generous.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
