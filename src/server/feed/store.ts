// The feed back to phones (GET /api/v2/sync/feed): append items, read a device's page after a
// cursor. Used by the server's routes, the admin CLI and (later) the coordinator console.
//
// Invariants: seq is unique and increasing (primary key; assigned as max + 1 inside the writing
// transaction, which on SQLite holds the only write lock); items are never updated or deleted, so
// a page read after a cursor always returns the same items in the same order, and an old cursor
// is always safe to ask again.
import type { Transaction } from 'kysely';
import type { FeedItem, FeedPage } from '../../domain/contract';
import type { Database, ServerDb } from '../db';

/** The database or an open transaction on it. */
export type Executor = ServerDb | Transaction<Database>;

/** An item to append: its body without `seq`, and to whom (undefined: every phone). */
export interface NewFeedItem {
  item: DistributiveOmit<FeedItem, 'seq'>;
  deviceId?: string;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Appends items in one transaction and returns their seqs (in order). */
export async function appendFeedItems(
  db: ServerDb,
  items: readonly NewFeedItem[],
  now: Date = new Date(),
): Promise<number[]> {
  return db.transaction().execute((trx) => appendFeedItemsIn(trx, items, now));
}

/** The server_meta row whose update serialises appends numbered max + 1 (migration 0004). */
export const APPEND_LOCK = 'append_lock';

/**
 * Serialises the appends numbered max + 1 (feed items, the console's audit log and reviews) on
 * PostgreSQL, where several connections write at once: updating one fixed row makes a second
 * writer wait until the first commits, so it then reads the new max instead of colliding on the
 * primary key. On SQLite one connection already serialises writers; the update costs nothing.
 */
export async function takeAppendLock(trx: Executor): Promise<void> {
  await trx
    .updateTable('server_meta')
    .set({ value: 'held' })
    .where('name', '=', APPEND_LOCK)
    .execute();
}

/** appendFeedItems inside the caller's transaction (e.g. with the change the item announces). */
export async function appendFeedItemsIn(
  trx: Executor,
  items: readonly NewFeedItem[],
  now: Date = new Date(),
): Promise<number[]> {
  if (items.length === 0) return [];
  await takeAppendLock(trx);
  const top = await trx
    .selectFrom('feed_items')
    .select((eb) => eb.fn.max('seq').as('max'))
    .executeTakeFirst();
  let seq = Number(top?.max ?? 0);
  const seqs: number[] = [];
  const rows = items.map(({ item, deviceId }) => {
    seq += 1;
    seqs.push(seq);
    return {
      seq,
      type: item.type,
      device_id: deviceId ?? null,
      record_id: item.type === 'review' ? item.recordId : null,
      body: JSON.stringify(item),
      created_at: now.toISOString(),
    };
  });
  await trx.insertInto('feed_items').values(rows).execute();
  return seqs;
}

const CURSOR_PREFIX = 'f';

/** The opaque cursor after `seq` (phones must not interpret it). */
export function encodeCursor(seq: number): string {
  return `${CURSOR_PREFIX}${seq.toString(36)}`;
}

/** The seq a cursor stands for; undefined for anything encodeCursor could not have produced. */
export function decodeCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined || cursor === '') return 0;
  if (!/^f[0-9a-z]{1,11}$/.test(cursor)) return undefined;
  const seq = parseInt(cursor.slice(1), 36);
  return Number.isSafeInteger(seq) ? seq : undefined;
}

/** One page of the items addressed to `deviceId` or to every phone, after `afterSeq`. */
export async function readFeedPage(
  db: Executor,
  deviceId: string,
  afterSeq: number,
  limit: number,
): Promise<FeedPage> {
  const rows = await db
    .selectFrom('feed_items')
    .select(['seq', 'body'])
    .where('seq', '>', afterSeq)
    .where((eb) => eb.or([eb('device_id', 'is', null), eb('device_id', '=', deviceId)]))
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const items = page.map(
    (row) => ({ seq: Number(row.seq), ...(JSON.parse(row.body) as object) }) as FeedItem,
  );
  const last = items.at(-1)?.seq ?? afterSeq;
  return { items, cursor: encodeCursor(last), more: rows.length > limit };
}
