// Migration of sync contract v2: sealed records (history + a current pointer, the sealed bytes
// stored once), district keys, device public keys and the feed. Portable schema builder only.
import type { Kysely, Migration } from 'kysely';

export const CONTRACT_V2_MIGRATION: Migration = {
  async up(db: Kysely<unknown>) {
    // Append-only: (id, rev) names one immutable sealed version, stored exactly once.
    await db.schema
      .createTable('sealed_revisions')
      .addColumn('id', 'varchar(64)', (c) => c.notNull())
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .addColumn('device_id', 'varchar(64)', (c) => c.notNull().references('devices.id'))
      .addColumn('kind', 'varchar(64)', (c) => c.notNull())
      .addColumn('schema_version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('deleted', 'integer', (c) => c.notNull())
      .addColumn('meta', 'text', (c) => c.notNull())
      .addColumn('sealed', 'text')
      .addColumn('content_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('received_at', 'varchar(40)', (c) => c.notNull())
      .addPrimaryKeyConstraint('sealed_revisions_pk', ['id', 'rev'])
      .execute();

    await db.schema
      .createTable('sealed_current')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .addColumn('device_id', 'varchar(64)', (c) => c.notNull().references('devices.id'))
      .addColumn('kind', 'varchar(64)', (c) => c.notNull())
      .addColumn('deleted', 'integer', (c) => c.notNull())
      .addColumn('meta', 'text', (c) => c.notNull())
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('received_at', 'varchar(40)', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sealed_current_kind_idx')
      .on('sealed_current')
      .columns(['kind', 'received_at'])
      .execute();
    await db.schema
      .createIndex('sealed_current_device_idx')
      .on('sealed_current')
      .column('device_id')
      .execute();

    await db.schema
      .createTable('district_keys')
      .addColumn('kid', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'varchar(32)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('retired_at', 'varchar(40)')
      .execute();

    await db.schema
      .createTable('device_public_keys')
      .addColumn('device_id', 'varchar(64)', (c) => c.primaryKey().references('devices.id'))
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('kid', 'varchar(32)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .execute();

    // seq is assigned as max + 1 inside the writing transaction; the primary key turns a lost race
    // (possible only with several writers on PostgreSQL) into an error that is retried, never a
    // duplicate or a gap that could be skipped.
    await db.schema
      .createTable('feed_items')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('type', 'varchar(16)', (c) => c.notNull())
      .addColumn('device_id', 'varchar(64)')
      .addColumn('record_id', 'varchar(64)')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('feed_items_device_idx')
      .on('feed_items')
      .columns(['device_id', 'seq'])
      .execute();
    await db.schema
      .createIndex('feed_items_record_idx')
      .on('feed_items')
      .column('record_id')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('feed_items').execute();
    await db.schema.dropTable('device_public_keys').execute();
    await db.schema.dropTable('district_keys').execute();
    await db.schema.dropTable('sealed_current').execute();
    await db.schema.dropTable('sealed_revisions').execute();
  },
};
