import { defineConfig } from 'vitest/config';

/** Server tests that are about the SQLite file itself (its pragmas, checkpointer, backup API). */
const SQLITE_ONLY = ['test/server/migrations.test.ts', 'test/server/storage.test.ts', 'test/server/backup.test.ts'];

const serverProject = {
  environment: 'node' as const,
  testTimeout: 20_000,
  hookTimeout: 30_000,
  pool: 'forks' as const,
};

export default defineConfig({
  test: {
    projects: [
      // Property tests run thousands of cases: give them room on a loaded machine.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 30_000 } },
      // The server suite runs twice: on SQLite (the default) and on PostgreSQL (a throwaway cluster).
      {
        test: {
          ...serverProject,
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          exclude: ['test/server/postgres/**'],
          env: { TEST_ENGINE: 'sqlite' },
        },
      },
      {
        test: {
          ...serverProject,
          name: 'server-pg',
          include: ['test/server/**/*.test.ts'],
          exclude: SQLITE_ONLY,
          env: { TEST_ENGINE: 'postgres' },
          globalSetup: ['test/helpers/pg-global-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
