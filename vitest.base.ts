import { defineConfig } from 'vitest/config';

const conditions = ['@sluice/source', 'module', 'node', 'default'];

/**
 * Shared by every package's vitest.config.ts. Tests run against the TypeScript sources of sibling
 * packages (the `@sluice/source` export condition), so `vitest run` needs no build first.
 */
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@sluice/source'] } },
  test: { include: ['test/**/*.test.ts'] },
});
