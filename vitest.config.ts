import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import preact from '@preact/preset-vite';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

// Kept in step with tests/setup/postgresCluster.ts (a config may not import extensionless TS).
const POSTGRES_INSTALL_ADVICE =
  'PostgreSQL is needed for the server tests on PostgreSQL: `apt-get install -y postgresql` ' +
  '(Debian/Ubuntu; .ci/run does this), or set PG_BIN to the folder of initdb and pg_ctl.';
const hasPostgres = (): boolean => {
  const debian = '/usr/lib/postgresql';
  const dirs = [
    ...(process.env.PG_BIN ? [process.env.PG_BIN] : []),
    ...(existsSync(debian) ? readdirSync(debian).map((v) => path.join(debian, v, 'bin')) : []),
    ...(process.env.PATH ?? '').split(path.delimiter),
  ];
  return dirs.some((dir) => dir && existsSync(path.join(dir, 'initdb')));
};

// The server tests run twice: on SQLite (project `node`) and on PostgreSQL (project `server-pg`,
// one throwaway cluster for the run, a database per test data directory; tests/server/README.md).
// Without PostgreSQL binaries the second run is left out locally, and fails the run in CI.
const postgresProject = (): TestProjectInlineConfiguration[] => {
  if (process.env.JEJARING_TEST_POSTGRES_OFF === '1') return [];
  if (!hasPostgres()) {
    if (process.env.CI === 'true' || process.env.CI === '1')
      throw new Error(POSTGRES_INSTALL_ADVICE);
    console.warn(`Server tests on PostgreSQL left out: ${POSTGRES_INSTALL_ADVICE}`);
    return [];
  }
  return [
    {
      extends: true,
      test: {
        name: 'server-pg',
        environment: 'node',
        include: ['tests/server/**/*.test.ts'],
        globalSetup: ['tests/setup/postgres.global.ts'],
        setupFiles: ['tests/setup/postgres.ts'],
      },
    },
  ];
};

// Two environments: DOM-like (jsdom + fake-indexeddb) for app and data, plain Node for the rest.
export default defineConfig({
  plugins: [preact()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/{domain,crypto,server,sync,bench,tooling}/**/*.test.ts'],
          setupFiles: ['tests/setup/node.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['tests/{data,app,i18n,ui,console}/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/setup/dom.ts'],
        },
      },
      ...postgresProject(),
    ],
  },
});
