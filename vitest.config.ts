import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Unit and component tests. Pure modules run in Node; files that render
// React declare `// @vitest-environment jsdom` at the top.
export default defineConfig({
  plugins: [react()],
  define: {
    __MODEL_VERSION__: JSON.stringify('test'),
    __APP_VERSION__: JSON.stringify('0.0.0-test'),
  },
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}'],
    environment: 'node',
    setupFiles: ['test/unit/setup.ts'],
    // The machines this runs on have 2 cores.
    pool: 'threads',
    maxWorkers: 2,
    testTimeout: 20_000,
  },
});
