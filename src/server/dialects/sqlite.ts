// The embedded SQLite store (the default): one file in DATA_DIR, WAL, a statement cache. Only this
// module and db.ts know SQLite is there; everything else uses dialect-neutral Kysely queries.
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type SqliteDatabase, type SqliteStatement } from 'kysely';
import type { Database, DialectStore } from '../db';

export const DATABASE_FILE_NAME = 'jejaring.sqlite';

/** Distinct SQL texts kept prepared; the server's queries use a few dozen (see ingest.ts). */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * The better-sqlite3 handle as Kysely's SqliteDialect sees it, with `prepare(sql)` memoised by SQL
 * text. Kysely compiles each query to SQL and the driver prepares it on every execution; SQLite's
 * parse and plan of a multi-row INSERT costs more than running it, so reusing the statement is
 * most of what a hand-written prepared-statement path would gain, while every query stays a
 * dialect-neutral Kysely query. The cache is bounded (least recently used out) because texts with
 * IN lists vary with their length; ingest pads those lists to a few fixed sizes so they hit it.
 */
export function withStatementCache(
  sqlite: BetterSqlite3.Database,
  capacity = STATEMENT_CACHE_SIZE,
): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare(text: string): SqliteStatement {
      const cached = cache.get(text);
      if (cached !== undefined && !cached.busy) {
        // Map order is insertion order: re-inserting marks the entry as the most recently used.
        cache.delete(text);
        cache.set(text, cached);
        return cached;
      }
      const statement = sqlite.prepare(text);
      // A statement still being iterated (a streamed query) cannot be run again until it
      // finishes: that caller gets its own statement, and this one is cached.
      if (cached === undefined) {
        cache.set(text, statement);
        if (cache.size > capacity) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
      }
      return statement;
    },
  };
}

/** Restricts the database file and its WAL/SHM companions to the server's user (0600). */
function restrictFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    const companion = file + suffix;
    if (existsSync(companion)) chmodSync(companion, 0o600);
  }
}

/** Opens (creating if needed) DATA_DIR/jejaring.sqlite. */
export function openSqlite(dataDir: string): DialectStore {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, DATABASE_FILE_NAME);
  // Files SQLite creates (the database, -wal, -shm) get 0600 even before restrictFiles runs.
  const previousMask = process.umask(0o077);
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(file);
    // WAL lets the admin CLI read and write while the server runs. synchronous = FULL syncs the
    // WAL on every commit, so an acknowledged push survives a power cut of the host, not only a
    // killed process (NORMAL would do for that), which is what "committed" promises the phones.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    // Another process holding the write lock makes us wait up to 5 s instead of failing at once.
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
  } finally {
    process.umask(previousMask);
  }
  restrictFiles(file);
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  return {
    dialect: 'sqlite',
    db,
    bookkeepingDb: db,
    file,
    async integrityProblems() {
      // quick_check: page structure and constraints, without the full index cross-check of
      // integrity_check (seconds on a large file); 'ok' is its single-row answer when sound.
      const rows = sqlite.pragma('quick_check(20)') as { quick_check: string }[];
      return rows.map((row) => row.quick_check).filter((text) => text !== 'ok');
    },
    async sizeBytes() {
      let total = 0;
      for (const suffix of ['', '-wal']) {
        try {
          total += statSync(file + suffix).size;
        } catch {
          // No WAL right after a checkpoint.
        }
      }
      return total;
    },
    async backupTo(target: string) {
      if (existsSync(target)) throw new Error(`${target} already exists; choose a new file name`);
      // VACUUM INTO writes one consistent, self-contained file from a read transaction: unlike a
      // copy of the main file, it includes what is still only in the WAL.
      await sql`VACUUM INTO ${target}`.execute(db);
      chmodSync(target, 0o600);
    },
    close: () => db.destroy(),
  };
}

/** True for the errors SQLite raises when another process holds a lock longer than busy_timeout. */
export function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
  );
}
