// Versioned schema migrations, provided in code (no files to find at run time). A migration is never
// edited once released: a change is a new entry. The same entries run on SQLite and PostgreSQL:
// write them with Kysely's schema builder and the portable column types below; where the engines
// truly differ, branch on dialectOf(db) inside the migration (and only there).
//   - text, varchar(n), integer, bigint: the same everywhere; bigint comes back from PostgreSQL
//     as a string, so read it with Number(). Times are ISO strings in varchar(40).
//   - booleans: integer 0/1 (they bind alike in both drivers). Bytes: portableTypes(db).bytes.
//   - SQLite cannot add constraints to an existing table: add a new table or an index instead.
import {
  Migrator,
  PostgresAdapter,
  type Kysely,
  type Migration,
  type MigrationProvider,
} from 'kysely';

/** The engine a migration runs on. */
export function dialectOf(db: Kysely<unknown>): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Column types whose spelling differs between the engines. */
export function portableTypes(db: Kysely<unknown>) {
  const postgres = dialectOf(db) === 'postgres';
  return {
    bytes: postgres ? ('bytea' as const) : ('blob' as const),
    /** A float that both engines store as 8 bytes. */
    double: postgres ? ('double precision' as const) : ('real' as const),
  };
}
import { CONTRACT_V2_MIGRATION } from './migrationsV2';
import { CONSOLE_MIGRATION } from './console/migration';
import { MAP_MIGRATION } from './mapping/migration';

const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('devices')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('enrolled_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('last_seen_at', 'varchar(40)')
        .addColumn('revoked_at', 'varchar(40)')
        .execute();

      await db.schema
        .createTable('enrollment_codes')
        .addColumn('code_hash', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('uses_left', 'integer', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .execute();

      // Append-only: rows are inserted, never updated or deleted. (id, rev) names one immutable version.
      await db.schema
        .createTable('record_revisions')
        .addColumn('id', 'varchar(64)', (c) => c.notNull())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .addColumn('device_id', 'varchar(64)', (c) => c.notNull().references('devices.id'))
        .addColumn('kind', 'varchar(64)', (c) => c.notNull())
        .addColumn('schema_version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('received_at', 'varchar(40)', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_revisions_pk', ['id', 'rev'])
        .execute();
      await db.schema
        .createIndex('record_revisions_device_idx')
        .on('record_revisions')
        .column('device_id')
        .execute();

      // The current (highest accepted rev) version of each record.
      await db.schema
        .createTable('records_current')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .addColumn('device_id', 'varchar(64)', (c) => c.notNull().references('devices.id'))
        .addColumn('kind', 'varchar(64)', (c) => c.notNull())
        .addColumn('schema_version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('received_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('records_current_kind_idx')
        .on('records_current')
        .column('kind')
        .execute();
      await db.schema
        .createIndex('records_current_device_idx')
        .on('records_current')
        .column('device_id')
        .execute();

      // Small facts about this installation, e.g. a check value of the data key (see crypto.ts).
      await db.schema
        .createTable('server_meta')
        .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('server_meta').execute();
      await db.schema.dropTable('records_current').execute();
      await db.schema.dropTable('record_revisions').execute();
      await db.schema.dropTable('enrollment_codes').execute();
      await db.schema.dropTable('devices').execute();
    },
  },
  // Admission control's counters and push slots, kept in the database so that every replica on
  // one PostgreSQL shares them (admission/store.ts). SQLite has them too (same schema everywhere).
  '0002_admission': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('admission_counters')
        .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
        .addColumn('total', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('admission_counters_expiry_idx')
        .on('admission_counters')
        .column('expires_at')
        .execute();
      await db.schema
        .createTable('admission_leases')
        .addColumn('subject', 'varchar(100)', (c) => c.notNull())
        .addColumn('slot', 'integer', (c) => c.notNull())
        .addColumn('holder', 'varchar(100)', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('admission_leases_pk', ['subject', 'slot'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('admission_leases').execute();
      await db.schema.dropTable('admission_counters').execute();
    },
  },
  // Sync contract v2 (migrationsV2.ts). Named 0003 so that it sorts after 0002_admission.
  '0003_contract_v2': CONTRACT_V2_MIGRATION,
  // The coordinator console: accounts, sessions, passkeys, audit log, reviews, key holders.
  '0004_console': CONSOLE_MIGRATION,
  // The vulnerability map's derived tables (mapping/migration.ts), filled from sealed_current.
  '0005_map': MAP_MIGRATION,
};

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};

/** Names of every migration this build knows, in order. */
export const MIGRATION_NAMES = Object.keys(migrations).sort();

/** Brings the schema to the latest version; throws if a migration fails. */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    throw error instanceof Error ? error : new Error('Database migration failed');
  }
}
