import { defineConfig } from 'vitest/config';

/** End-to-end scenarios start real processes from the built CLI; they run one file at a time. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
