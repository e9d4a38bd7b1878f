import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: [],
    // On with --coverage (CI): the workers' part; .ci/coverage.mjs adds the spawned processes' part.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts', 'sim/**/*.ts'],
      exclude: ['**/*.gen.ts'],
      reporter: ['json'],
      reportsDirectory: '.tmp/coverage/vitest',
      // A red run still reports, so its coverage can be read while fixing it.
      reportOnFailure: true,
    },
    projects: [
      { extends: true, test: { name: 'all', include: ['test/**/*.test.ts'] } },
      // Every tool method once more through `gatea stdio` (the harness switches transport on this variable).
      {
        extends: true,
        test: {
          name: 'tools-over-stdio',
          include: ['test/integration/tools-*.test.ts'],
          env: { GATEA_TEST_TRANSPORT: 'stdio' },
        },
      },
    ],
  },
});
