// Migration of the vulnerability map's derived tables. Portable schema builder only; the rows are
// filled from sealed_current right after (rebuildMap), so an existing database gets its map too.
import type { Kysely, Migration } from 'kysely';
import type { ServerDb } from '../db';
import { rebuildMapWith } from './store';

export const MAP_MIGRATION: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('map_records')
      .addColumn('record_id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('kind', 'varchar(64)', (c) => c.notNull())
      .addColumn('month', 'varchar(7)', (c) => c.notNull())
      .addColumn('area', 'varchar(16)', (c) => c.notNull())
      .execute();
    // Records behind a cell: one kind, a month range, an area prefix.
    await db.schema
      .createIndex('map_records_kind_idx')
      .on('map_records')
      .columns(['kind', 'month', 'area'])
      .execute();

    await db.schema
      .createTable('map_counts')
      .addColumn('area', 'varchar(16)', (c) => c.notNull())
      .addColumn('parent', 'varchar(16)', (c) => c.notNull())
      .addColumn('month', 'varchar(7)', (c) => c.notNull())
      .addColumn('key', 'varchar(120)', (c) => c.notNull())
      .addColumn('total', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('map_counts_pk', ['area', 'month', 'key'])
      .execute();
    // The table and the trends of child areas: children of one parent, some keys, a month range.
    await db.schema
      .createIndex('map_counts_parent_idx')
      .on('map_counts')
      .columns(['parent', 'key', 'month', 'area', 'total'])
      .execute();
    // The report's risers: one key and month, the desa of one kabupaten (an area range).
    await db.schema
      .createIndex('map_counts_key_idx')
      .on('map_counts')
      .columns(['key', 'month', 'area', 'total'])
      .execute();

    await rebuildMapWith(db as unknown as ServerDb);
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('map_counts').execute();
    await db.schema.dropTable('map_records').execute();
  },
};
