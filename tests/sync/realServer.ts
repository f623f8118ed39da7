// The real coordinator server (src/server) for sync tests: a temporary DATA_DIR, port 0, no
// static files, silent logs, rate limits high enough for thousands of test pushes. Enrollment
// codes and revocations go through the admin CLI entry point, as a coordinator would.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runAdmin } from '../../src/server/admin';
import { dataKeyFromBytes } from '../../src/server/crypto';
import { DATABASE_FILE_NAME, openDatabase, type ServerDb } from '../../src/server/db';
import { createEnrollmentCode } from '../../src/server/devices';
import { registerDistrictKey } from '../../src/server/districtKeys';
import { startServer } from '../../src/server/main';
import { newKeyHolder, type KeyHolder } from '../server/coordinator';
import { exportPublicJwk } from '../../src/crypto/seal';

export interface RealServer {
  url: string;
  dataDir: string;
  /** Registers a new active district key (phones learn it through the feed). */
  addDistrictKey(): Promise<KeyHolder>;
  /** Runs `fn` with a second connection to the server's database (as the admin CLI would). */
  withDb<T>(fn: (db: ServerDb) => Promise<T>): Promise<T>;
  enrollmentCode(uses?: number, expiresInHours?: number): Promise<string>;
  /** A code that expired an hour ago (the CLI cannot make one). */
  expiredEnrollmentCode(): Promise<string>;
  revokeDevice(deviceId: string): Promise<void>;
  /** Sealed revisions (history) and current rev of each record id, from the server's database. */
  revisions(ids: readonly string[]): { id: string; rev: number; deleted: boolean }[];
  current(ids: readonly string[]): Map<string, { rev: number; deleted: boolean }>;
  close(): Promise<void>;
}

export async function startRealServer(): Promise<RealServer> {
  // Tests run the database on tmpfs where there is one: the server's synchronous=FULL fsync per
  // push is what durability needs in production, but on a disk it dominates a test of protocol
  // behaviour (hundreds of fault schedules). The durability itself is the server tests' subject.
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dataDir = mkdtempSync(path.join(base, 'jejaring-sync-'));
  const dataKey = randomBytes(32).toString('base64');
  const server = await startServer({
    dataDir,
    port: 0,
    staticDir: null,
    dataKey,
    logLevel: 'silent',
    rateLimits: {
      push: { limit: 1_000_000, windowMs: 60_000 },
      enroll: { limit: 1_000, windowMs: 60_000 },
    },
  });
  const env = { DATA_DIR: dataDir, DATA_KEY: dataKey };
  async function withDb<T>(fn: (db: ServerDb) => Promise<T>): Promise<T> {
    const opened = await openDatabase(dataDir);
    try {
      return await fn(opened.db);
    } finally {
      await opened.close();
    }
  }
  let reader: Database.Database | undefined;
  const db = () =>
    (reader ??= new Database(path.join(dataDir, DATABASE_FILE_NAME), { readonly: true }));
  const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(',');

  return {
    url: server.url,
    dataDir,
    async addDistrictKey() {
      const holder = await newKeyHolder();
      const publicKey = await exportPublicJwk(holder.recipient.publicKey);
      await withDb((db) => registerDistrictKey(db, publicKey));
      return holder;
    },
    withDb,
    async enrollmentCode(uses = 1, expiresInHours = 24) {
      let out = '';
      await runAdmin(
        ['enrollment-code', '--uses', String(uses), '--expires-in-hours', String(expiresInHours)],
        env,
        { write: async (text) => void (out += text) },
      );
      return (JSON.parse(out) as { code: string }).code;
    },
    async expiredEnrollmentCode() {
      const opened = await openDatabase(dataDir);
      try {
        const created = await createEnrollmentCode(
          opened.db,
          dataKeyFromBytes(Buffer.from(dataKey, 'base64')),
          { uses: 5, expiresInHours: 1, now: new Date(Date.now() - 2 * 3_600_000) },
        );
        return created.code;
      } finally {
        await opened.close();
      }
    },
    async revokeDevice(deviceId) {
      await runAdmin(['revoke-device', deviceId], env, { write: async () => undefined });
    },
    revisions(ids) {
      if (ids.length === 0) return [];
      const rows = db()
        .prepare(
          `SELECT id, rev, deleted FROM sealed_revisions WHERE id IN (${placeholders(ids.length)})`,
        )
        .all(...ids) as { id: string; rev: number | bigint; deleted: number }[];
      return rows.map((r) => ({ id: r.id, rev: Number(r.rev), deleted: r.deleted === 1 }));
    },
    current(ids) {
      const out = new Map<string, { rev: number; deleted: boolean }>();
      if (ids.length === 0) return out;
      const rows = db()
        .prepare(
          `SELECT id, rev, deleted FROM sealed_current WHERE id IN (${placeholders(ids.length)})`,
        )
        .all(...ids) as { id: string; rev: number | bigint; deleted: number }[];
      for (const r of rows) out.set(r.id, { rev: Number(r.rev), deleted: r.deleted === 1 });
      return out;
    },
    async close() {
      reader?.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
