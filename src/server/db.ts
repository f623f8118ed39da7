// The server's database: the one place where the SQL dialect is chosen (SQLite in DATA_DIR by
// default, PostgreSQL when DATABASE_URL says so; see dialects/). Everything else talks to Kysely with
// dialect-neutral queries (text, integer and bigint columns, no upserts, no dialect functions), and
// migrations.ts runs the same schema on both.
import { mkdirSync } from 'node:fs';
import { Kysely } from 'kysely';
import { keyedHashHex, type DataKey } from './crypto';
import { migrateToLatest } from './migrations';
import { DATABASE_FILE_NAME, isSqliteBusy, openSqlite } from './dialects/sqlite';
import { isPostgresUnavailable, openPostgres } from './dialects/postgres';
import type { MapTables } from './mapping/schema';
import type { V2Tables } from './schemaV2';
import type { ConsoleTables } from './console/schema';

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

/** Admission control's fixed-window counters (admission/store.ts), shared by replicas. */
export interface AdmissionCounterTable {
  /** `<what>:<device id>@<window ms>:<window number>` */
  key: string;
  /** bigint: read via Number(). */
  total: number | string;
  /** Epoch ms at which the window ends (rows past it are swept). */
  expires_at: number | string;
}

/** Admission control's per-device push slots (admission/store.ts), shared by replicas. */
export interface AdmissionLeaseTable {
  subject: string;
  slot: number;
  holder: string;
  /** Epoch ms after which another request may take the slot over. */
  expires_at: number | string;
}

export interface Database extends V2Tables, MapTables, ConsoleTables {
  admission_counters: AdmissionCounterTable;
  admission_leases: AdmissionLeaseTable;
  server_meta: ServerMetaTable;
  devices: DeviceTable;
  enrollment_codes: EnrollmentCodeTable;
  record_revisions: RecordRevisionTable;
  records_current: RecordCurrentTable;
}

export type ServerDb = Kysely<Database>;

export type DialectName = 'sqlite' | 'postgres';

/** What differs between the stores, behind one interface (implemented in dialects/). */
export interface DialectStore {
  dialect: DialectName;
  db: ServerDb;
  /**
   * The same database for bookkeeping whose last commits may be lost in a crash without harm
   * (admission counters and leases): on PostgreSQL a few connections with synchronous_commit off,
   * so a push does not wait for several WAL flushes before its records' own; on SQLite `db`.
   * Never for records, devices, keys or anything acknowledged to a phone.
   */
  bookkeepingDb: ServerDb;
  /** Path of the SQLite file (its -wal and -shm companions sit beside it); undefined on PostgreSQL. */
  file: string | undefined;
  /** Problems the engine's own integrity check reports; empty when sound. */
  integrityProblems(): Promise<string[]>;
  /** Bytes the database takes on disk. */
  sizeBytes(): Promise<number>;
  /** Writes a consistent copy to a new file (SQLite); PostgreSQL refuses and points to pg_dump. */
  backupTo(file: string): Promise<void>;
  close(): Promise<void>;
}

export type OpenedDatabase = DialectStore;

export { DATABASE_FILE_NAME };

export interface OpenDatabaseOptions {
  /**
   * postgres://… selects PostgreSQL; unset or empty selects SQLite in dataDir. Defaults to the
   * DATABASE_URL environment variable, so the server, the admin CLI and tests agree.
   */
  databaseUrl?: string;
  /** PostgreSQL connections kept by this process. */
  poolSize?: number;
}

/** True when the URL names a PostgreSQL database. */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Opens (creating if needed) the database and runs pending migrations. Safe to open from several
 * processes at once: SQLite through WAL + busy_timeout, PostgreSQL natively (migrations take a lock).
 */
export async function openDatabase(
  dataDir: string,
  options: OpenDatabaseOptions = {},
): Promise<OpenedDatabase> {
  const url = options.databaseUrl ?? process.env.DATABASE_URL;
  // DATA_DIR exists on both engines: it may hold the key file and backups.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  let store: DialectStore;
  if (url === undefined || url === '') {
    store = openSqlite(dataDir);
  } else if (isPostgresUrl(url)) {
    store = openPostgres(url, { poolSize: options.poolSize });
  } else {
    throw new Error(
      'DATABASE_URL must start with postgres:// (or be unset for SQLite in DATA_DIR)',
    );
  }
  try {
    await migrateToLatest(store.db);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

const KEY_CHECK = 'data_key_check';

/**
 * Makes sure the data key is the one this database was written with (a different DATA_KEY would
 * silently make every payload unreadable and every enrollment code unmatched). The first key used
 * is remembered as a keyed hash, which reveals nothing about the key.
 */
export async function verifyDataKey(db: ServerDb, key: DataKey): Promise<void> {
  const check = keyedHashHex(key, 'jejaring data key check');
  const read = () =>
    db.selectFrom('server_meta').select('value').where('name', '=', KEY_CHECK).executeTakeFirst();
  let row = await read();
  if (row === undefined) {
    try {
      await db.insertInto('server_meta').values({ name: KEY_CHECK, value: check }).execute();
      return;
    } catch (error) {
      // Two replicas starting at once on a new database: the other one wrote it first.
      row = await read();
      if (row === undefined) throw error;
    }
  }
  if (row.value !== check) {
    throw new Error(
      'The data key (DATA_KEY or the server key file) is not the key this database was written with.',
    );
  }
}

/** True when the database is momentarily unavailable (locked, restarting): answer 503 + Retry-After. */
export function isBusyError(error: unknown): boolean {
  return isSqliteBusy(error) || isPostgresUnavailable(error);
}

export { withStatementCache } from './dialects/sqlite';
