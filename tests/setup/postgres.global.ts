// Vitest globalSetup of the `server-pg` project: ONE throwaway PostgreSQL cluster for the whole run
// (each test data directory then gets its own database, see tests/server/helpers.ts tempDir()).
import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './postgresCluster';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { bin: string; port: number; adminUrl: string };
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startPostgresCluster();
  project.provide('postgres', { bin: cluster.bin, port: cluster.port, adminUrl: cluster.adminUrl });
  return () => cluster.stop();
}
