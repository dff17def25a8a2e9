import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The documents are ingested once per run into a template store that fixtures copy.
    globalSetup: ['test/setup/template-store.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite instances are heavy; keep parallelism modest on 2-core machines.
    maxWorkers: 2,
    pool: 'forks',
  },
});
