// Saved records: encrypted payloads with clear index fields, each save queued in the outbox.
import type { RecordEnvelope } from '../domain/envelope';
import type { RecordKind } from '../domain/recordKinds';
import { decryptJson, encryptText } from './crypto';
import Dexie from 'dexie';
import { getDb, type JejaringDb, type OutboxRow, type RecordRow, type SyncState } from './db';
import { DataError, guardWrite } from './errors';
import { emitChange } from './events';
import { newRecordId, UUID_PATTERN } from './ids';
import { enqueue } from './outbox';
import { factCache, payloadOf, payloadsOf, rememberPayload, searchTextCache } from './recordCache';
import { shownState } from './sending';
import { envelopeFields, envelopeOf } from './rowEnvelope';
import { requestPersistenceAfterFirstSave } from './storage';
import { isoToMs, nowIso } from './time';
import { requireKey } from './vault';

export type { SyncState } from './db';

export interface SyncError {
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
}

export interface StoredRecord extends RecordEnvelope {
  syncState: SyncState;
  syncError?: SyncError;
  /** YYYY-MM-DD */
  nextActionDate?: string;
  /** Present once the full content was deleted from this phone (retention): the payload then
   * holds only the summary fields of src/domain/retention. */
  retained?: { at: string; days: number };
}

export interface SaveRecordInput {
  kind: RecordKind;
  payload: Record<string, unknown>;
  /** Omit for a new record (a UUID v7 is made); pass it to save a new rev of an existing one. */
  id?: string;
  /** Version of the kind's schema the payload follows; default 1. */
  schemaVersion?: number;
  nextActionDate?: string;
}

export interface ListRecordsQuery {
  kind?: RecordKind;
  syncState?: SyncState;
  /** Words that must all appear (case- and accent-insensitive) in the record's search text. */
  search?: string;
  offset?: number;
  limit?: number;
  /** Text searched for a record (the kind declaration's searchText); default: all its values. */
  searchText?: (r: StoredRecord) => string;
  /** Tombstones are left out unless asked for. */
  includeDeleted?: boolean;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

async function toStored(
  db: JejaringDb,
  row: RecordRow,
  payload: Record<string, unknown>,
  copy: boolean,
  queued: OutboxRow | undefined,
): Promise<StoredRecord> {
  const stored: StoredRecord = {
    ...envelopeOf(row, copy ? structuredClone(payload) : payload),
    syncState: shownState(db, row, queued),
  };
  if (row.nextActionDate) stored.nextActionDate = row.nextActionDate;
  if (row.retainedAt) stored.retained = { at: row.retainedAt, days: row.retainedDays ?? 0 };
  if (stored.syncState === 'rejected' && queued?.errorBox) {
    stored.syncError = await decryptJson<SyncError>(requireKey(), queued.errorBox);
  }
  return stored;
}

/** Records with their outbox rows (the sync state, schema v4), read in one request. */
async function withQueued(
  db: JejaringDb,
  rows: RecordRow[],
): Promise<{ row: RecordRow; queued: OutboxRow | undefined }[]> {
  if (rows.length === 0) return [];
  const queued = await db.outbox.bulkGet(rows.map((r) => r.id));
  return rows.map((row, i) => ({ row, queued: queued[i] }));
}

async function writeRevision(
  id: string,
  make: (existing: RecordRow | undefined) => Omit<RecordRow, 'box' | 'rev' | 'createdAt' | 'live'>,
  payload: Record<string, unknown>,
): Promise<{ row: RecordRow; payload: Record<string, unknown> }> {
  const key = requireKey();
  // What is stored is exactly what JSON keeps (undefined dropped), so what we return matches
  // what a later read decrypts. The one JSON text is encrypted and parsed twice: one private
  // copy for the session cache, one for the caller (no structuredClone needed).
  const json = JSON.stringify(payload);
  const box = await encryptText(key, json);
  const db = await getDb();
  const row = await guardWrite(() =>
    retainedAsNotFound(() =>
      // Invariant: the record row and its outbox row are written in this ONE transaction, so
      // there is never a saved version that sync does not know about, nor an outbox row without
      // its record version. A newer save replaces the queued rev (the latest is always queued).
      db.transaction('rw', db.records, db.outbox, async () => {
        const existing = await db.records.get(id);
        const fields = make(existing);
        if (existing?.retainedAt && !fields.deleted) {
          // Its full content is no longer here (retention): a rev made from the summary would
          // replace the coordinator's full version.
          throw new RetainedError();
        }
        const row: RecordRow = {
          ...fields,
          live: fields.deleted ? 0 : 1,
          rev: (existing?.rev ?? 0) + 1,
          createdAt: existing?.createdAt ?? '',
          box,
        };
        if (!existing) row.createdAt = row.updatedAt;
        await db.records.put(row);
        await enqueue(db, id, row.rev);
        return row;
      }),
    ),
  );
  rememberPayload(id, row.rev, JSON.parse(json) as Record<string, unknown>);
  emitChange('records', 'outbox');
  return { row, payload: JSON.parse(json) as Record<string, unknown> };
}

/** Thrown inside a transaction (Dexie rewraps errors named like IndexedDB's, e.g. DataError). */
class RetainedError extends Error {
  override name = 'RetainedError';
}

async function retainedAsNotFound<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (e instanceof RetainedError) throw new DataError('not_found', { what: 'record_content' });
    throw e;
  }
}

/** The outbox row a save just wrote (queued: pending). */
const justQueued = (row: RecordRow): OutboxRow => ({ id: row.id, rev: row.rev, seq: 0 });

/** Saves a new record or a new rev of one (rev + 1), encrypted, and queues it for sync. */
export async function saveRecord(input: SaveRecordInput): Promise<StoredRecord> {
  requireKey();
  if (input.nextActionDate !== undefined && !DATE_RE.test(input.nextActionDate)) {
    throw new TypeError('nextActionDate must be YYYY-MM-DD');
  }
  // The contract's ids are UUIDs (the server rejects anything else): catch a wrong id here.
  if (input.id !== undefined && !UUID_PATTERN.test(input.id)) {
    throw new TypeError('record id must be a UUID (newRecordId)');
  }
  const id = input.id ?? newRecordId();
  const updatedAt = nowIso();
  const { row, payload } = await writeRevision(
    id,
    () => {
      const fields: Omit<RecordRow, 'box' | 'rev' | 'createdAt' | 'live'> = {
        id,
        kind: input.kind,
        schemaVersion: input.schemaVersion ?? 1,
        updatedAt,
        updatedMs: isoToMs(updatedAt),
        deleted: false,
      };
      if (input.nextActionDate) fields.nextActionDate = input.nextActionDate;
      return fields;
    },
    input.payload,
  );
  void requestPersistenceAfterFirstSave();
  // `payload` is a private copy made for this caller (see writeRevision).
  return toStored(await getDb(), row, payload, false, justQueued(row));
}

/** Deletes a record as a tombstone (deleted, payload {}, new rev), queued for sync. */
export async function deleteRecord(id: string): Promise<StoredRecord> {
  requireKey();
  const db = await getDb();
  const current = await db.records.get(id);
  if (!current) throw new DataError('not_found', { what: 'record' });
  // Deleting twice adds no revision: the tombstone is already queued or synced.
  if (current.deleted) {
    return toStored(db, current, await payloadOf(current), true, await db.outbox.get(id));
  }
  const updatedAt = nowIso();
  const { row, payload } = await writeRevision(
    id,
    (existing) => ({
      id,
      kind: (existing ?? current).kind,
      schemaVersion: (existing ?? current).schemaVersion,
      updatedAt,
      updatedMs: isoToMs(updatedAt),
      deleted: true,
    }),
    {},
  );
  return toStored(await getDb(), row, payload, false, justQueued(row));
}

export async function getRecord(id: string): Promise<StoredRecord | undefined> {
  requireKey();
  const db = await getDb();
  const [row, queued] = await db.transaction('r', db.records, db.outbox, () =>
    Promise.all([db.records.get(id), db.outbox.get(id)]),
  );
  if (!row) return undefined;
  return toStored(db, row, await payloadOf(row), true, queued);
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

function allValues(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) allValues(v, out);
  else if (value && typeof value === 'object')
    for (const v of Object.values(value)) allValues(v, out);
}

function defaultSearchText(r: StoredRecord): string {
  const parts: string[] = [];
  allValues(r.payload, parts);
  return parts.join(' ');
}

/** Where the live rows of a query sit in an index, newest last; every key ends with the rev. */
interface LiveRange {
  index: string;
  lower: unknown[];
  upper: unknown[];
}

function liveRange(q: Pick<ListRecordsQuery, 'kind'>): LiveRange {
  const prefix: unknown[] = [];
  let index: string;
  if (q.kind) {
    index = '[kind+live+updatedMs+rev]';
    prefix.push(q.kind);
  } else {
    index = '[live+updatedMs+rev]';
  }
  return {
    index,
    lower: [...prefix, 1, Dexie.minKey],
    upper: [...prefix, 1, Dexie.maxKey],
  };
}

/**
 * The live records of the range as ids and revs, newest first, in one keys-only pass over the
 * index: each key ends with the rev and each primary key is the id, so no row is read.
 */
async function liveKeys(
  db: JejaringDb,
  q: Pick<ListRecordsQuery, 'kind'>,
): Promise<{ ids: string[]; revs: number[] }> {
  const range = liveRange(q);
  const ids: string[] = [];
  const revs: number[] = [];
  await db.records
    .where(range.index)
    .between(range.lower, range.upper, true, true)
    .reverse()
    .eachKey((key, cursor) => {
      const parts = key as unknown[];
      revs.push(parts[parts.length - 1] as number);
      ids.push(cursor.primaryKey as string);
    });
  return { ids, revs };
}

/**
 * Records newest first (by updatedAt; ties by rev, then id), filtered by kind, sync state and
 * search words, with their total.
 *
 * Without a search only the page is read and decrypted: rows come in order from an index range
 * that holds exactly the matching live rows (schema v3), and the total is that range's count.
 * A search must look at every payload (encrypted at rest). Each record's folded search text is
 * cached for the session per rev: the first search reads the range's rows once (one getAll)
 * and decrypts what the payload cache lacks; later searches read only the ids and revs from the
 * index keys, and read and decrypt only the records not seen at their current rev.
 */
export async function listRecords(
  q: ListRecordsQuery = {},
): Promise<{ items: StoredRecord[]; total: number }> {
  requireKey();
  const db = await getDb();
  const words = fold(q.search ?? '')
    .split(/\s+/)
    .filter(Boolean);
  const offset = Math.max(0, q.offset ?? 0);
  const limit = q.limit === undefined ? Infinity : Math.max(0, q.limit);

  let rows: RecordRow[];
  let total: number;
  let queued: (OutboxRow | undefined)[] | undefined;
  if (q.includeDeleted) {
    ({ rows, total } = await listIncludingDeleted(db, q, words, offset, limit));
  } else if (q.syncState) {
    ({ rows, total } = await listByState(db, q, q.syncState, words, offset, limit));
  } else if (words.length > 0) {
    ({ rows, total } = await searchLive(db, q, words, offset, limit));
  } else {
    const range = liveRange(q);
    ({ rows, total, queued } = await db.transaction('r', db.records, db.outbox, async () => {
      const inRange = () =>
        db.records.where(range.index).between(range.lower, range.upper, true, true);
      let page = inRange().reverse().offset(offset);
      if (limit !== Infinity) page = page.limit(limit);
      const [rows, total] = await Promise.all([page.toArray(), inRange().count()]);
      // The page's sync states (outbox rows, schema v4) in the same transaction.
      const queued = rows.length > 0 ? await db.outbox.bulkGet(rows.map((r) => r.id)) : [];
      return { rows, total, queued };
    }));
  }
  const states = queued ?? (await withQueued(db, rows)).map((x) => x.queued);
  const items = await Promise.all(
    rows.map(async (row, i) => toStored(db, row, await payloadOf(row), true, states[i])),
  );
  return { items, total };
}

/** The folded search text of `row`, computed once per rev in a session. */
async function searchTextOfRow(
  row: RecordRow,
  searchText: (r: StoredRecord) => string,
  texts: Map<string, { rev: number; text: string }>,
): Promise<string> {
  const hit = texts.get(row.id);
  if (hit && hit.rev === row.rev) return hit.text;
  // The shared cached payload is passed uncopied: searchText only reads it.
  const view: StoredRecord = {
    ...envelopeFields(row),
    payload: await payloadOf(row),
    // Not read: search text depends only on kind, payload and deleted (see ListRecordsQuery).
    syncState: 'pending',
  };
  let text: string;
  try {
    text = fold(searchText(view));
  } catch {
    text = fold(defaultSearchText(view));
  }
  texts.set(row.id, { rev: row.rev, text });
  return text;
}

const SEARCH_BATCH = 200;

/** Search over live rows: index keys first, rows and decryption only for cache misses. */
async function searchLive(
  db: JejaringDb,
  q: ListRecordsQuery,
  words: string[],
  offset: number,
  limit: number,
): Promise<{ rows: RecordRow[]; total: number }> {
  const searchText = q.searchText ?? defaultSearchText;
  const texts = searchTextCache(searchText);
  const range = liveRange(q);
  const inRange = () => db.records.where(range.index).between(range.lower, range.upper, true, true);
  let ids: string[] = [];
  let revs: number[] = [];
  let rowsById: Map<string, RecordRow> | undefined;
  if (texts.size === 0) {
    // Nothing cached (the first search of a session): every row is needed anyway, and one
    // getAll of the range is the cheapest way to read them (ascending, so reversed here).
    const rows = (await inRange().toArray()).reverse();
    rowsById = new Map(rows.map((row) => [row.id, row]));
    for (const row of rows) {
      ids.push(row.id);
      revs.push(row.rev);
    }
  } else {
    ({ ids, revs } = await liveKeys(db, q));
  }
  const matches = (text: string) => words.every((w) => text.includes(w));
  const matching: string[] = [];
  const misses: number[] = [];
  const verdict: (boolean | undefined)[] = new Array<boolean | undefined>(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const hit = texts.get(ids[i]!);
    if (hit && hit.rev === revs[i]) verdict[i] = matches(hit.text);
    else misses.push(i);
  }
  if (misses.length > 0 && !rowsById) {
    // Many misses: one getAll of the range is much cheaper than thousands of gets. A few
    // (records edited since the last search): get just those.
    const missRows =
      misses.length * 8 > ids.length
        ? await inRange().toArray()
        : await db.records.bulkGet(misses.map((i) => ids[i]!));
    rowsById = new Map();
    for (const row of missRows) if (row) rowsById.set(row.id, row);
  }
  for (let b = 0; b < misses.length; b += SEARCH_BATCH) {
    const batch = misses.slice(b, b + SEARCH_BATCH);
    const found = await Promise.all(
      batch.map(async (i) => {
        const row = rowsById?.get(ids[i]!);
        // Gone or deleted since the keys were read: not a live match any more.
        if (!row || row.deleted) return false;
        return matches(await searchTextOfRow(row, searchText, texts));
      }),
    );
    batch.forEach((i, n) => (verdict[i] = found[n]));
  }
  for (let i = 0; i < ids.length; i++) if (verdict[i]) matching.push(ids[i]!);
  const pageIds = matching.slice(offset, limit === Infinity ? undefined : offset + limit);
  const rows = (await db.records.bulkGet(pageIds)).filter(
    (row): row is RecordRow => row !== undefined,
  );
  return { rows, total: matching.length };
}

/** Tombstones included (exports, tests): every row of the kind (or all) read and sorted. */
async function listIncludingDeleted(
  db: JejaringDb,
  q: ListRecordsQuery,
  words: string[],
  offset: number,
  limit: number,
): Promise<{ rows: RecordRow[]; total: number }> {
  let rows = q.kind
    ? await db.records
        .where('[kind+updatedMs]')
        .between([q.kind, Dexie.minKey], [q.kind, Dexie.maxKey], true, true)
        .toArray()
    : await db.records.toArray();
  if (q.syncState) {
    const queued = await queuedById(db);
    rows = rows.filter((r) => shownState(db, r, queued.get(r.id)) === q.syncState);
  }
  return sortSearchPage(rows, q, words, offset, limit);
}

/** Every outbox row by id: small rows (id, rev, seq, a rejection), read in one request. */
async function queuedById(db: JejaringDb): Promise<Map<string, OutboxRow>> {
  return new Map((await db.outbox.toArray()).map((r) => [r.id, r]));
}

/**
 * Live rows in one sync state. The state is the outbox row's (schema v4), so the records' index
 * no longer holds it: one keys-only pass over the live range (newest first) with the outbox
 * rows in memory picks the matching ids; only the page (or, with a search, the matches) is read.
 */
async function listByState(
  db: JejaringDb,
  q: ListRecordsQuery,
  state: SyncState,
  words: string[],
  offset: number,
  limit: number,
): Promise<{ rows: RecordRow[]; total: number }> {
  const ids = await db.transaction('r', db.records, db.outbox, async () => {
    const queued = await queuedById(db);
    const live = await liveKeys(db, q);
    return live.ids.filter((id, i) => {
      const probe = { id, rev: live.revs[i]! } as RecordRow;
      return shownState(db, probe, queued.get(id)) === state;
    });
  });
  if (words.length > 0) {
    const rows = (await db.records.bulkGet(ids)).filter((r): r is RecordRow => r !== undefined);
    return sortSearchPage(rows, q, words, offset, limit);
  }
  const pageIds = ids.slice(offset, limit === Infinity ? undefined : offset + limit);
  const rows = (await db.records.bulkGet(pageIds)).filter((r): r is RecordRow => r !== undefined);
  return { rows, total: ids.length };
}

/** Newest first (updatedAt, then rev, then id), search words applied, then the page. */
async function sortSearchPage(
  rows: RecordRow[],
  q: ListRecordsQuery,
  words: string[],
  offset: number,
  limit: number,
): Promise<{ rows: RecordRow[]; total: number }> {
  let sorted = [...rows].sort(
    (a, b) =>
      b.updatedMs - a.updatedMs || b.rev - a.rev || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
  if (words.length > 0) {
    const searchText = q.searchText ?? defaultSearchText;
    const texts = searchTextCache(searchText);
    const matching: RecordRow[] = [];
    for (let i = 0; i < sorted.length; i += SEARCH_BATCH) {
      const batch = sorted.slice(i, i + SEARCH_BATCH);
      const batchTexts = await Promise.all(
        batch.map((row) => searchTextOfRow(row, searchText, texts)),
      );
      batch.forEach((row, n) => {
        if (words.every((w) => batchTexts[n]!.includes(w))) matching.push(row);
      });
    }
    sorted = matching;
  }
  return {
    rows: sorted.slice(offset, limit === Infinity ? undefined : offset + limit),
    total: sorted.length,
  };
}

/**
 * Records whose next action is due (nextActionDate <= today, YYYY-MM-DD), newest date first.
 * With `until` (a later date) the upcoming ones up to it come too, for "coming up" on Beranda.
 */
export async function listDueRecords(today: string, until = today): Promise<StoredRecord[]> {
  requireKey();
  const db = await getDb();
  const last = until > today ? until : today;
  const rows = (await db.records.where('nextActionDate').belowOrEqual(last).toArray()).filter(
    (r) => !r.deleted && r.nextActionDate,
  );
  rows.sort(
    (a, b) =>
      (b.nextActionDate! < a.nextActionDate!
        ? -1
        : b.nextActionDate! > a.nextActionDate!
          ? 1
          : 0) || b.updatedMs - a.updatedMs,
  );
  const payloads = await payloadsOf(rows);
  const queued = await db.outbox.bulkGet(rows.map((r) => r.id));
  return Promise.all(rows.map((row, i) => toStored(db, row, payloads[i]!, true, queued[i])));
}

/** One live record's envelope facts and what `extract` read from its payload. */
export interface RecordFacts<T> {
  id: string;
  kind: RecordKind;
  updatedAt: string;
  facts: T;
}

/**
 * What `extract` reads from every live record, newest first. For rules over all records (which
 * records make one household) without handing every payload out: one keys-only pass over the
 * live index, and only records not seen at their current rev are read and decrypted (their
 * payloads come from the session cache when there). `extract` must be one stable function (its
 * results are cached per rev for the session, and dropped when the vault locks).
 */
export async function listRecordFacts<T>(
  extract: (kind: RecordKind, payload: Record<string, unknown>) => T,
): Promise<RecordFacts<T>[]> {
  requireKey();
  const db = await getDb();
  const cache = factCache<RecordFacts<T>>(extract);
  const { ids, revs } = await liveKeys(db, {});
  const misses: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    const hit = cache.get(ids[i]!);
    if (!hit || hit.rev !== revs[i]) misses.push(ids[i]!);
  }
  for (let b = 0; b < misses.length; b += SEARCH_BATCH) {
    const rows = await db.records.bulkGet(misses.slice(b, b + SEARCH_BATCH));
    await Promise.all(
      rows.map(async (row) => {
        if (!row || row.deleted) return;
        let facts: T;
        try {
          facts = extract(row.kind, await payloadOf(row));
        } catch {
          return;
        }
        cache.set(row.id, {
          rev: row.rev,
          value: { id: row.id, kind: row.kind, updatedAt: row.updatedAt, facts },
        });
      }),
    );
  }
  const out: RecordFacts<T>[] = [];
  for (let i = 0; i < ids.length; i++) {
    const hit = cache.get(ids[i]!);
    if (hit && hit.rev === revs[i]) out.push(hit.value);
  }
  return out;
}
