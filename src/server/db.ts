// The server's database: the one place where the SQL dialect is chosen. Everything else talks to
// Kysely with dialect-neutral queries (text, integer and bigint columns, no upserts, no SQLite
// functions), so a PostgreSQL dialect can replace SqliteDialect here without touching the model.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { keyedHashHex, type DataKey } from './crypto';
import { migrateToLatest } from './migrations';
import type { V2Tables } from './schemaV2';

export interface DeviceTable {
  id: string;
  /** AES-GCM sealed (a label such as "HP Bu Siti" may name a person). */
  label: string;
  /** SHA-256 (hex) of the bearer token; the token itself is never stored. */
  token_hash: string;
  enrolled_at: string;
  last_seen_at: string | null;
  revoked_at: string | null;
}

export interface EnrollmentCodeTable {
  /** Keyed hash of the normalised code; the code itself is never stored. */
  code_hash: string;
  uses_left: number;
  expires_at: string;
  created_at: string;
}

/** Columns shared by a revision and the current view of a record. */
interface RecordColumns {
  id: string;
  /** bigint in the schema: PostgreSQL drivers may hand it back as a string, so read via Number(). */
  rev: number | string;
  device_id: string;
  kind: string;
  schema_version: number;
  created_at: string;
  updated_at: string;
  /** 0 or 1: integers bind the same way in every dialect, booleans do not. */
  deleted: number;
  /** AES-256-GCM sealed JSON of the payload (see crypto.ts). */
  payload: string;
  content_hash: string;
  received_at: string;
}

export type RecordRevisionTable = RecordColumns;
export type RecordCurrentTable = RecordColumns;

export interface ServerMetaTable {
  name: string;
  value: string;
}

export interface Database extends V2Tables {
  server_meta: ServerMetaTable;
  devices: DeviceTable;
  enrollment_codes: EnrollmentCodeTable;
  record_revisions: RecordRevisionTable;
  records_current: RecordCurrentTable;
}

export type ServerDb = Kysely<Database>;

export interface OpenedDatabase {
  db: ServerDb;
  /** Path of the database file (its -wal and -shm companions sit beside it). */
  file: string;
  close(): Promise<void>;
}

export const DATABASE_FILE_NAME = 'jejaring.sqlite';

/**
 * Opens (creating if needed) the database under dataDir and runs pending migrations.
 * Safe to open from several processes at once (server and admin CLI): WAL + busy_timeout.
 */
export async function openDatabase(dataDir: string): Promise<OpenedDatabase> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, DATABASE_FILE_NAME);
  const sqlite = new BetterSqlite3(file);
  // WAL lets the admin CLI read and write while the server runs. synchronous = FULL syncs the WAL on
  // every commit, so an acknowledged push survives not only a killed process (NORMAL would do) but
  // also a power cut or OS crash of the server host, which is what "committed" promises the phones.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  // Another process holding the write lock makes us wait up to 5 s instead of failing at once.
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    db,
    file,
    close: () => db.destroy(),
  };
}

/** Distinct SQL texts kept prepared; the server's queries use a few dozen (see ingest.ts). */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * The better-sqlite3 handle as Kysely's SqliteDialect sees it, with `prepare(sql)` memoised by SQL
 * text. Kysely compiles each query to SQL and the driver prepares it on every execution; SQLite's
 * parse and plan of a multi-row INSERT costs more than running it, so reusing the statement is
 * most of what a hand-written prepared-statement path would gain, while every query stays a
 * dialect-neutral Kysely query (swapping the dialect for PostgreSQL drops this wrapper with
 * SqliteDialect). The cache is bounded (least recently used out) because texts with IN lists vary
 * with their length; ingest pads those lists to a few fixed sizes so they hit the cache.
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
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      if (cached !== undefined && !cached.busy) {
        // Map order is insertion order: re-inserting marks the entry as the most recently used.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      // A statement still being iterated (a streamed query, e.g. the admin export) cannot be
      // run again until it finishes: that caller gets its own statement, and this one is cached.
      if (cached === undefined) {
        cache.set(sql, statement);
        if (cache.size > capacity) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
      }
      return statement;
    },
  };
}

const KEY_CHECK = 'data_key_check';

/**
 * Makes sure the data key is the one this database was written with (a different DATA_KEY would
 * silently make every payload unreadable and every enrollment code unmatched). The first key used
 * is remembered as a keyed hash, which reveals nothing about the key.
 */
export async function verifyDataKey(db: ServerDb, key: DataKey): Promise<void> {
  const check = keyedHashHex(key, 'jejaring data key check');
  const row = await db
    .selectFrom('server_meta')
    .select('value')
    .where('name', '=', KEY_CHECK)
    .executeTakeFirst();
  if (row === undefined) {
    await db.insertInto('server_meta').values({ name: KEY_CHECK, value: check }).execute();
    return;
  }
  if (row.value !== check) {
    throw new Error(
      'The data key (DATA_KEY or the server key file) is not the key this database was written with.',
    );
  }
}

/** True for the errors SQLite raises when another process holds a lock longer than busy_timeout. */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
  );
}
