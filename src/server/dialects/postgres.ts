// PostgreSQL (DATABASE_URL=postgres://…): a connection pool shared by this process's requests.
// Several server processes may use one database at once; ingest stays exactly-once across them
// because the primary keys decide and a losing transaction is retried (see ingest.ts).
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database, DialectStore } from '../db';

/** Connections per server process unless PG_POOL_SIZE says otherwise. */
export const DEFAULT_POOL_SIZE = 10;
/** Connections per server process for admission bookkeeping (one short statement each). */
export const BOOKKEEPING_POOL_SIZE = 4;

export interface PostgresOptions {
  poolSize?: number;
}

/** Connects to the database named by the URL; the schema is migrated by db.ts. */
export function openPostgres(url: string, options: PostgresOptions = {}): DialectStore {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    // A request should fail (503) rather than hang when every connection is stuck.
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: 'jejaring',
  });
  // An idle client losing its connection (database restart) must not crash the process; the pool
  // replaces it and the next query reports the outage.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // Admission counters and leases: a crash may lose their last few commits, which only forgets a
  // few counts (a lease expires by itself), so they do not wait for the WAL flush. Records never
  // go through this pool.
  const bookkeepingPool = new pg.Pool({
    connectionString: url,
    max: BOOKKEEPING_POOL_SIZE,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: 'jejaring-bookkeeping',
    options: '-c synchronous_commit=off',
  });
  bookkeepingPool.on('error', () => undefined);
  const bookkeepingDb = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: bookkeepingPool }),
  });
  return {
    dialect: 'postgres',
    db,
    bookkeepingDb,
    file: undefined,
    async integrityProblems() {
      const problems: string[] = [];
      // PostgreSQL checks pages itself (data checksums when the cluster has them); what it reports
      // is counted per database. amcheck would need superuser rights the app should not have.
      const result = await sql<{ failures: string | number | null }>`
        select checksum_failures as failures from pg_stat_database
        where datname = current_database()`.execute(db);
      const failures = Number(result.rows[0]?.failures ?? 0);
      if (failures > 0) problems.push(`${failures} data checksum failures reported by PostgreSQL`);
      return problems;
    },
    async sizeBytes() {
      const result = await sql<{
        size: string | number;
      }>`select pg_database_size(current_database()) as size`.execute(db);
      return Number(result.rows[0]?.size ?? 0);
    },
    backupTo() {
      return Promise.reject(
        new Error(
          'On PostgreSQL, back up with pg_dump (see the README: pg_dump --format=custom "$DATABASE_URL").',
        ),
      );
    },
    close: async () => {
      await bookkeepingDb.destroy();
      await db.destroy();
    },
  };
}

const codeOf = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/** A unique or primary key violation: another transaction stored the same row first. */
export function isUniqueViolation(error: unknown): boolean {
  return codeOf(error) === '23505';
}

/** Errors after which the same transaction, run again, may well succeed. */
export function isRetryableConflict(error: unknown): boolean {
  const code = codeOf(error);
  return code === '23505' || code === '40001' || code === '40P01';
}

/** The database is unreachable, restarting or out of connections: answer 503, not 500. */
export function isPostgresUnavailable(error: unknown): boolean {
  const code = codeOf(error);
  if (typeof code !== 'string') {
    return error instanceof Error && /timeout exceeded when trying to connect/i.test(error.message);
  }
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === '53300' ||
    code === '57P01' ||
    code === '57P03'
  );
}
