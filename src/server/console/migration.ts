// Migration of the coordinator console's tables (schema.ts). Portable schema builder only.
import type { Kysely, Migration } from 'kysely';

export const CONSOLE_MIGRATION: Migration = {
  async up(db: Kysely<unknown>) {
    // The row whose update serialises max + 1 appends (feed/store.ts takeAppendLock).
    await (db as Kysely<{ server_meta: { name: string; value: string } }>)
      .insertInto('server_meta')
      .values({ name: 'append_lock', value: 'free' })
      .execute();
    await db.schema
      .createTable('console_accounts')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('display_name', 'varchar(200)', (c) => c.notNull())
      .addColumn('roles', 'varchar(100)', (c) => c.notNull())
      .addColumn('password_hash', 'text')
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('disabled_at', 'varchar(40)')
      .execute();

    await db.schema
      .createTable('console_sessions')
      .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('account_id', 'varchar(64)', (c) => c.notNull().references('console_accounts.id'))
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('last_seen_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('expires_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('ended_at', 'varchar(40)')
      .addColumn('pending', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('console_sessions_account_idx')
      .on('console_sessions')
      .column('account_id')
      .execute();

    await db.schema
      .createTable('console_setup_tokens')
      .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('account_id', 'varchar(64)', (c) => c.notNull().references('console_accounts.id'))
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('expires_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('used_at', 'varchar(40)')
      .execute();

    await db.schema
      .createTable('console_passkeys')
      .addColumn('id', 'varchar(1400)', (c) => c.primaryKey())
      .addColumn('account_id', 'varchar(64)', (c) => c.notNull().references('console_accounts.id'))
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('counter', 'bigint', (c) => c.notNull())
      .addColumn('transports', 'varchar(200)', (c) => c.notNull())
      .addColumn('label', 'varchar(100)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('last_used_at', 'varchar(40)')
      .execute();
    await db.schema
      .createIndex('console_passkeys_account_idx')
      .on('console_passkeys')
      .column('account_id')
      .execute();

    await db.schema
      .createTable('console_challenges')
      .addColumn('challenge', 'varchar(128)', (c) => c.primaryKey())
      .addColumn('purpose', 'varchar(16)', (c) => c.notNull())
      .addColumn('account_id', 'varchar(64)')
      .addColumn('expires_at', 'varchar(40)', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('console_login_throttle')
      .addColumn('key', 'varchar(80)', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('last_failure_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('locked_until', 'varchar(40)')
      .execute();

    // seq = max + 1 inside the writing transaction; the primary key turns a lost race on
    // PostgreSQL into a unique violation that the writer retries (never a fork of the chain).
    await db.schema
      .createTable('console_audit')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('at', 'varchar(40)', (c) => c.notNull())
      .addColumn('actor_id', 'varchar(64)')
      .addColumn('actor_name', 'varchar(200)', (c) => c.notNull())
      .addColumn('action', 'varchar(40)', (c) => c.notNull())
      .addColumn('target', 'varchar(200)')
      .addColumn('detail', 'varchar(500)')
      .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('hash', 'varchar(64)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('console_audit_at_idx').on('console_audit').column('at').execute();

    await db.schema
      .createTable('console_reviews')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('record_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .addColumn('state', 'varchar(32)', (c) => c.notNull())
      .addColumn('at', 'varchar(40)', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('decision', 'varchar(200)')
      .addColumn('account_id', 'varchar(64)', (c) => c.notNull().references('console_accounts.id'))
      .addColumn('feed_seq', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('console_reviews_record_idx')
      .on('console_reviews')
      .columns(['record_id', 'seq'])
      .execute();

    await db.schema
      .createTable('console_key_holders')
      .addColumn('kid', 'varchar(32)', (c) => c.notNull().references('district_keys.kid'))
      .addColumn('account_id', 'varchar(64)', (c) => c.notNull().references('console_accounts.id'))
      .addColumn('wrapped', 'text', (c) => c.notNull())
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addPrimaryKeyConstraint('console_key_holders_pk', ['kid', 'account_id'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await (db as Kysely<{ server_meta: { name: string; value: string } }>)
      .deleteFrom('server_meta')
      .where('name', '=', 'append_lock')
      .execute();
    for (const table of [
      'console_key_holders',
      'console_reviews',
      'console_audit',
      'console_login_throttle',
      'console_challenges',
      'console_passkeys',
      'console_setup_tokens',
      'console_sessions',
      'console_accounts',
    ])
      await db.schema.dropTable(table).execute();
  },
};
