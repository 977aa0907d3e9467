// Lint rules for the whole monorepo. The `no-restricted-imports` blocks below encode the dependency
// directions of docs/architecture.md, so a wrong arrow fails CI instead of waiting for review.
import tseslint from 'typescript-eslint';

/** Module specifiers matching one of the names exactly, or a subpath of one. */
const modules = (...names) => `^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/\\\*/g, '.*')).join('|')})(/.*)?$`;

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https', 'worker_threads', 'stream', 'url', 'util', 'events', 'buffer', 'process'];

/** Builds a no-restricted-imports rule from groups of forbidden module names (`*` wildcards) and the reason. */
const restrict = (...groups) => [
  'error',
  { patterns: groups.map(([names, message]) => ({ regex: modules(...names), message })) },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/coverage/**', 'data/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Tests read JSON responses loosely; production code may not.
    files: ['**/test/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Electron belongs to the desktop shell alone; the per-folder blocks below repeat this in their own lists.
    files: ['**/*.ts', '**/*.mjs'],
    ignores: ['agent/app/**'],
    rules: {
      'no-restricted-imports': restrict([['electron', 'electron/*'], 'only agent/app imports electron.']),
    },
  },
  {
    files: ['shared/src/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [nodeBuiltins, 'shared runs in Node and in the browser: no Node built-ins.'],
        [['@sluice/*'], 'shared imports no other Sluice package.'],
        [['electron', 'better-sqlite3', 'ws', 'fastify', 'pino'], 'shared holds no runtime-specific code.'],
      ),
    },
  },
  {
    files: ['shared-node/src/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [['electron', '@sluice/agent-*', '@sluice/collector', '@sluice/cli', '@sluice/console'], 'shared-node serves the agent and the collector and depends on neither.'],
      ),
    },
  },
  {
    files: ['agent/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [['electron', 'electron/*'], 'agent/core is plain Node; only agent/app imports electron.'],
        [['@sluice/agent-platform', '@sluice/agent-app', '@sluice/collector', '@sluice/console', '@sluice/cli'], 'agent/core reaches OS code only through its own interfaces.'],
      ),
    },
  },
  {
    files: ['agent/platform/src/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [['electron', 'electron/*'], 'agent/platform is plain Node; only agent/app imports electron.'],
        [['@sluice/agent-app', '@sluice/collector', '@sluice/console', '@sluice/cli'], 'agent/platform implements agent-core interfaces and depends only on agent-core and shared.'],
      ),
    },
  },
  {
    files: ['collector/server/src/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [['electron', '@sluice/agent-*'], 'the collector does not depend on the agent.'],
      ),
    },
  },
  {
    files: ['collector/server/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [['fastify', '@fastify/*', 'better-sqlite3', 'pg', 'ws', '*/storage', '*/routes', '../storage', '../routes'], 'domain logic is independent of the web framework and of storage.'],
        [['electron', '@sluice/agent-*'], 'the collector does not depend on the agent.'],
      ),
    },
  },
  {
    // The shell's windows: a sandboxed renderer loaded from files, which can load neither Node nor a package.
    files: ['agent/app/src/renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [nodeBuiltins, 'renderer code runs sandboxed in the page: no Node built-ins.'],
        [['@sluice/agent-core', '@sluice/agent-platform', '@sluice/shared-node'], 'renderer code reaches the agent only through window.sluice (the preload API).'],
        [['electron', 'electron/*'], 'renderer code reaches the main process only through window.sluice (the preload API).'],
      ),
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: modules('zod', '@sluice/shared'), allowTypeImports: true, message: 'the renderer is loaded without a bundler: import only types (import type) from packages.' }] },
      ],
    },
  },
  {
    // The preload runs in Electron's sandbox, whose require knows electron only.
    files: ['agent/app/src/preload/**/*.cts', 'agent/app/src/preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      'no-restricted-imports': restrict(
        [nodeBuiltins, 'the sandboxed preload has no Node built-ins.'],
        [['@sluice/*', 'zod'], 'the sandboxed preload can require electron only; import only types from the IPC contract.'],
      ),
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'bench/**/*.mjs'],
    rules: {
      'no-restricted-imports': restrict(
        [['@sluice/*/src', '*/src', '../*/src'], 'end-to-end tests and benchmarks use public entry points only.'],
        [['electron', 'electron/*'], 'only agent/app imports electron.'],
      ),
    },
  },
);
