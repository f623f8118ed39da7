// Shared set-up for server tests: a temporary DATA_DIR with a migrated database, an app built on
// it, enrolled devices, and valid envelopes built from the domain's own examples.
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDeclaration, type RecordKind } from '../../src/domain';
import type { PushResponse, RecordEnvelope } from '../../src/domain/envelope';
import { dataKeyFromBytes, type DataKey } from '../../src/server/crypto';
import { openDatabase, verifyDataKey, type OpenedDatabase } from '../../src/server/db';
import { createEnrollmentCode } from '../../src/server/devices';
import { createServerApp, type ServerAppOptions } from '../../src/server/httpApp';
import { createDatabaseSync, dropDatabaseSync } from '../setup/postgresCluster';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** Which engine this run of the server tests uses (see tests/server/README.md). */
export const TEST_DIALECT: 'sqlite' | 'postgres' = process.env.JEJARING_TEST_POSTGRES
  ? 'postgres'
  : 'sqlite';

const testCluster = (): { bin: string; port: number } | undefined =>
  process.env.JEJARING_TEST_POSTGRES
    ? (JSON.parse(process.env.JEJARING_TEST_POSTGRES) as { bin: string; port: number })
    : undefined;

let databaseCounter = 0;

export interface TempDir {
  dir: string;
  /** The database a server on this DATA_DIR uses: '' for SQLite in dir, else a postgres:// URL. */
  databaseUrl: string;
  remove(): void;
}

/**
 * A fresh directory under the OS temp dir, removed by the returned function. In the PostgreSQL run
 * it also gets a fresh, empty database, and DATABASE_URL points at it from now on: openDatabase(),
 * startServer(), runAdmin() and spawned servers (which inherit the environment) then all use it, so
 * a test written for a DATA_DIR runs unchanged on both engines. The newest tempDir() wins; a test
 * juggling two data directories at once passes `databaseUrl` explicitly.
 */
export function tempDir(prefix = 'jejaring-server-'): TempDir {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const cluster = testCluster();
  if (cluster === undefined) {
    return { dir, databaseUrl: '', remove: () => rmSync(dir, { recursive: true, force: true }) };
  }
  databaseCounter += 1;
  const name = `t_${process.pid}_${databaseCounter}_${randomBytes(3).toString('hex')}`;
  createDatabaseSync(cluster.bin, cluster.port, name);
  const databaseUrl = `postgres://postgres@127.0.0.1:${cluster.port}/${name}`;
  process.env.DATABASE_URL = databaseUrl;
  return {
    dir,
    databaseUrl,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
      try {
        dropDatabaseSync(cluster.bin, cluster.port, name);
      } catch {
        // Dropped with the whole cluster at the end of the run.
      }
    },
  };
}

export interface TestApp {
  app: ReturnType<typeof createServerApp>;
  opened: OpenedDatabase;
  dataKey: DataKey;
  rawKey: Buffer;
  dir: string;
  close(): Promise<void>;
}

/** A migrated database in a temp dir and an app on it. */
export async function createTestApp(
  options: Partial<Omit<ServerAppOptions, 'db' | 'dataKey'>> = {},
): Promise<TestApp> {
  const temp = tempDir();
  const opened = await openDatabase(temp.dir);
  const rawKey = randomBytes(32);
  const dataKey = dataKeyFromBytes(rawKey);
  await verifyDataKey(opened.db, dataKey);
  // Most server tests exercise the v1 ingest (kept behind SYNC_V1_PUSH=accept); the product's
  // default, 410 upgrade_required, is checked in contractV2.test.ts.
  const app = createServerApp({
    db: opened.db,
    storage: opened.dialect,
    dataKey,
    v1Push: 'accept',
    ...options,
  });
  return {
    app,
    opened,
    dataKey,
    rawKey,
    dir: temp.dir,
    close: async () => {
      await opened.close();
      temp.remove();
    },
  };
}

/** Enrolls a device through the HTTP endpoint with a fresh code. */
export async function enrollDevice(
  t: Pick<TestApp, 'app' | 'opened' | 'dataKey'>,
  label = 'HP kader posyandu',
): Promise<{ deviceId: string; token: string }> {
  const { code } = await createEnrollmentCode(t.opened.db, t.dataKey, {
    uses: 1,
    expiresInHours: 1,
  });
  const response = await t.app.request('/api/v1/devices/enroll', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, label }),
  });
  if (response.status !== 201) throw new Error(`enroll failed: ${response.status}`);
  return (await response.json()) as { deviceId: string; token: string };
}

/** The first example payload of a kind, as the domain publishes it. */
export function examplePayload(kind: RecordKind = 'migrant'): Record<string, unknown> {
  const declaration = getDeclaration(kind);
  if (!declaration) throw new Error(`no declaration for ${kind}`);
  return structuredClone(declaration.examples[0]) as Record<string, unknown>;
}

/** A valid envelope (migrant example payload) with a fresh id unless given. */
export function envelope(overrides: Partial<RecordEnvelope> = {}): RecordEnvelope {
  return {
    id: randomUUID(),
    kind: 'migrant',
    schemaVersion: getDeclaration(overrides.kind ?? 'migrant')?.schemaVersion ?? 1,
    rev: 1,
    createdAt: '2026-11-30T09:15:00+07:00',
    updatedAt: '2026-11-30T09:20:00+07:00',
    deleted: false,
    payload: examplePayload(overrides.kind ?? 'migrant'),
    ...overrides,
  };
}

/** POST /api/v1/sync/push through app.request(). */
export async function push(
  app: TestApp['app'],
  token: string,
  records: unknown[],
): Promise<{ status: number; body: PushResponse }> {
  const response = await app.request('/api/v1/sync/push', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ records }),
  });
  return { status: response.status, body: (await response.json()) as PushResponse };
}

/** A plain pg_dump of the current test database (PostgreSQL run only): what a stolen dump holds. */
export function postgresDumpText(databaseUrl = process.env.DATABASE_URL ?? ''): string {
  const cluster = testCluster();
  if (cluster === undefined) throw new Error('postgresDumpText needs the PostgreSQL run');
  return execFileSync(path.join(cluster.bin, 'pg_dump'), [databaseUrl], {
    maxBuffer: 256 * 1024 * 1024,
  }).toString('latin1');
}
