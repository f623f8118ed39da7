// Keeps the map's derived tables (./schema.ts) in step with sealed_current: at ingest, inside the
// ingest transaction, each record whose current revision changes takes back what its previous
// meta added and adds what its new meta adds; `rebuildMap` recomputes everything from
// sealed_current (first migration, a new indicator catalogue, after a purge).
//
// Invariants kept here:
//   - map_records holds exactly the current, non-deleted records that recordFactsOf maps;
//   - map_counts.total equals the sum of the facts of those records (see schema.ts), because
//     every change of sealed_current.meta goes through updateMapForRecords with the old row still
//     readable, and deltas are applied in one statement per chunk;
//   - counts are updated in sorted key order, so two PostgreSQL transactions never deadlock on them.
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { INDICATORS, recordFactsOf, type RecordFacts } from '../../domain/mapping';
import type { Database, ServerDb } from '../db';
import { insertChunks, padForIn } from '../ingest';

type Executor = Kysely<Database> | Transaction<Database>;

/** Raise when a measure changes meaning without changing ids: stored counts are then rebuilt. */
const MEASURE_REVISION = 1;

/** Fingerprint of the indicator catalogue; counts made under another one are rebuilt at start. */
export const MAP_CATALOGUE_VERSION = createHash('sha256')
  .update(
    JSON.stringify([
      MEASURE_REVISION,
      INDICATORS.map((i) => [i.id, i.kind, i.breakdowns.map((b) => [b.id, b.codes])]),
    ]),
  )
  .digest('hex')
  .slice(0, 16);

const VERSION_NAME = 'map_catalogue';

interface Delta {
  area: string;
  parent: string;
  month: string;
  key: string;
  total: number;
}

/** Breakdown cells are kept for the province and the kabupaten (the report), not below. */
const BREAKDOWN_DEPTH = 2;

function addFacts(deltas: Map<string, Delta>, facts: RecordFacts, sign: 1 | -1): void {
  facts.area.forEach((area, depth) => {
    const parent = depth === 0 ? '' : facts.area[depth - 1];
    for (const fact of facts.facts) {
      if (depth >= BREAKDOWN_DEPTH && fact.key.includes('/')) continue;
      const id = `${area}\u0000${facts.month}\u0000${fact.key}`;
      const delta = deltas.get(id);
      if (delta) delta.total += sign * fact.value;
      else
        deltas.set(id, {
          area,
          parent,
          month: facts.month,
          key: fact.key,
          total: sign * fact.value,
        });
    }
  });
}

function parseMeta(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

async function applyDeltas(db: Executor, deltas: Map<string, Delta>): Promise<void> {
  const rows = [...deltas.entries()]
    .filter(([, delta]) => delta.total !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, delta]) => delta);
  // Upsert: the same ON CONFLICT … DO UPDATE text on SQLite (≥ 3.24) and PostgreSQL.
  for (const chunk of insertChunks(rows))
    await db
      .insertInto('map_counts')
      .values(chunk)
      .onConflict((oc) =>
        oc
          .columns(['area', 'month', 'key'])
          .doUpdateSet({ total: sql`map_counts.total + excluded.total` }),
      )
      .execute();
}

export interface CurrentRowForMap {
  id: string;
  kind: string;
  meta: string;
  deleted: number;
}

/**
 * Call inside the ingest transaction with the rows about to become current, BEFORE sealed_current
 * is written (the previous meta is read from it).
 */
export async function updateMapForRecords(
  trx: Executor,
  rows: readonly CurrentRowForMap[],
  /** Ids that already have a sealed_current row (the caller knows); default: look every id up. */
  known?: ReadonlySet<string>,
): Promise<void> {
  if (rows.length === 0) return;
  const ids = [...new Set(rows.map((row) => row.id))].filter((id) => known?.has(id) ?? true);
  const deltas = new Map<string, Delta>();
  const previous =
    ids.length === 0
      ? []
      : await trx
          .selectFrom('sealed_current')
          .select(['id', 'kind', 'meta', 'deleted'])
          .where('id', 'in', padForIn(ids))
          .execute();
  for (const row of previous) {
    const facts = recordFactsOf(row.kind, parseMeta(row.meta), row.deleted === 1);
    if (facts) addFacts(deltas, facts, -1);
  }
  const mapped: { record_id: string; kind: string; month: string; area: string }[] = [];
  const latest = new Map(rows.map((row) => [row.id, row]));
  for (const row of latest.values()) {
    const facts = recordFactsOf(row.kind, parseMeta(row.meta), row.deleted === 1);
    if (!facts) continue;
    addFacts(deltas, facts, 1);
    mapped.push({
      record_id: row.id,
      kind: row.kind,
      month: facts.month,
      area: facts.area.at(-1)!,
    });
  }
  if (previous.length > 0)
    await trx
      .deleteFrom('map_records')
      .where('record_id', 'in', padForIn(previous.map((row) => row.id)))
      .execute();
  for (const chunk of insertChunks(mapped))
    await trx.insertInto('map_records').values(chunk).execute();
  await applyDeltas(trx, deltas);
}

const PAGE = 2000;

/**
 * Recomputes map_records and map_counts from sealed_current, month by month so memory stays
 * bounded (a month of one kind at a time). Run it inside a transaction (rebuildMap does).
 */
export async function rebuildMapWith(db: Executor): Promise<{ records: number; counts: number }> {
  await db.deleteFrom('map_counts').execute();
  await db.deleteFrom('map_records').execute();
  let after = '';
  let records = 0;
  for (;;) {
    const page = await db
      .selectFrom('sealed_current')
      .select(['id', 'kind', 'meta', 'deleted'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    if (page.length === 0) break;
    after = page[page.length - 1].id;
    const mapped = page.flatMap((row) => {
      const facts = recordFactsOf(row.kind, parseMeta(row.meta), row.deleted === 1);
      return facts
        ? [{ record_id: row.id, kind: row.kind, month: facts.month, area: facts.area.at(-1)! }]
        : [];
    });
    records += mapped.length;
    for (const chunk of insertChunks(mapped))
      await db.insertInto('map_records').values(chunk).execute();
  }
  const slices = await db
    .selectFrom('map_records')
    .select(['kind', 'month'])
    .groupBy(['kind', 'month'])
    .orderBy('kind')
    .orderBy('month')
    .execute();
  let counts = 0;
  const flush = async (deltas: Map<string, Delta>) => {
    const rows = [...deltas.values()].filter((delta) => delta.total !== 0);
    counts += rows.length;
    await applyDeltas(db, deltas);
  };
  // Counts of one month come from every kind: accumulate per month across kinds, then write.
  const byMonth = new Map<string, string[]>();
  for (const slice of slices)
    byMonth.set(slice.month, [...(byMonth.get(slice.month) ?? []), slice.kind]);
  for (const [month, kinds] of byMonth) {
    const deltas = new Map<string, Delta>();
    for (const kind of kinds) {
      const rows = await db
        .selectFrom('map_records')
        .innerJoin('sealed_current', 'sealed_current.id', 'map_records.record_id')
        .select(['sealed_current.kind', 'sealed_current.meta'])
        .where('map_records.kind', '=', kind)
        .where('map_records.month', '=', month)
        .execute();
      for (const row of rows) {
        const facts = recordFactsOf(row.kind, parseMeta(row.meta), false);
        if (facts) addFacts(deltas, facts, 1);
      }
    }
    await flush(deltas);
  }
  await writeVersion(db);
  return { records, counts };
}

async function writeVersion(db: Executor): Promise<void> {
  await db.deleteFrom('server_meta').where('name', '=', VERSION_NAME).execute();
  await db
    .insertInto('server_meta')
    .values({ name: VERSION_NAME, value: MAP_CATALOGUE_VERSION })
    .execute();
}

export async function rebuildMap(db: ServerDb): Promise<{ records: number; counts: number }> {
  return db.transaction().execute((trx) => rebuildMapWith(trx));
}

/** At start: rebuilds the map when its counts were made under another indicator catalogue. */
export async function ensureMapCatalogue(db: ServerDb): Promise<boolean> {
  const row = await db
    .selectFrom('server_meta')
    .select('value')
    .where('name', '=', VERSION_NAME)
    .executeTakeFirst();
  if (row?.value === MAP_CATALOGUE_VERSION) return false;
  await rebuildMap(db);
  return true;
}
