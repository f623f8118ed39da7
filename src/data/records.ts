// Saved records: encrypted payloads with clear index fields, each save queued in the outbox.
import type { RecordEnvelope, RecordKind } from '../domain/envelope';
import { decryptJson, encryptJson } from './crypto';
import { getDb, type RecordRow, type SyncState } from './db';
import { DataError, guardWrite } from './errors';
import { emitChange } from './events';
import { newRecordId, UUID_PATTERN } from './ids';
import { enqueue } from './outbox';
import { payloadOf, payloadsOf, rememberPayload } from './recordCache';
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
  row: RecordRow,
  payload: Record<string, unknown>,
  copy: boolean,
): Promise<StoredRecord> {
  const stored: StoredRecord = {
    id: row.id,
    kind: row.kind,
    schemaVersion: row.schemaVersion,
    rev: row.rev,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deleted: row.deleted,
    payload: copy ? structuredClone(payload) : payload,
    syncState: row.syncState,
  };
  if (row.nextActionDate) stored.nextActionDate = row.nextActionDate;
  if (row.errorBox) stored.syncError = await decryptJson<SyncError>(requireKey(), row.errorBox);
  return stored;
}

async function writeRevision(
  id: string,
  make: (existing: RecordRow | undefined) => Omit<RecordRow, 'box' | 'rev' | 'createdAt'>,
  payload: Record<string, unknown>,
): Promise<{ row: RecordRow; payload: Record<string, unknown> }> {
  const key = requireKey();
  // What is stored is exactly what JSON keeps (undefined dropped), so what we return matches
  // what a later read decrypts.
  const clean = JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;
  const box = await encryptJson(key, clean);
  const db = await getDb();
  const row = await guardWrite(() =>
    // Invariant: the record row and its outbox row are written in this ONE transaction, so
    // there is never a saved version that sync does not know about, nor an outbox row without
    // its record version. A newer save replaces the queued rev (the latest is always queued).
    db.transaction('rw', db.records, db.outbox, async () => {
      const existing = await db.records.get(id);
      const row: RecordRow = {
        ...make(existing),
        rev: (existing?.rev ?? 0) + 1,
        createdAt: existing?.createdAt ?? '',
        box,
      };
      if (!existing) row.createdAt = row.updatedAt;
      await db.records.put(row);
      await enqueue(db, id, row.rev);
      return row;
    }),
  );
  rememberPayload(id, row.rev, clean);
  emitChange('records', 'outbox');
  return { row, payload: clean };
}

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
      const fields: Omit<RecordRow, 'box' | 'rev' | 'createdAt'> = {
        id,
        kind: input.kind,
        schemaVersion: input.schemaVersion ?? 1,
        updatedAt,
        updatedMs: isoToMs(updatedAt),
        deleted: false,
        syncState: 'pending',
      };
      if (input.nextActionDate) fields.nextActionDate = input.nextActionDate;
      return fields;
    },
    input.payload,
  );
  void requestPersistenceAfterFirstSave();
  return toStored(row, payload, true);
}

/** Deletes a record as a tombstone (deleted, payload {}, new rev), queued for sync. */
export async function deleteRecord(id: string): Promise<StoredRecord> {
  requireKey();
  const db = await getDb();
  const current = await db.records.get(id);
  if (!current) throw new DataError('not_found', { what: 'record' });
  // Deleting twice adds no revision: the tombstone is already queued or synced.
  if (current.deleted) return toStored(current, await payloadOf(current), true);
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
      syncState: 'pending',
    }),
    {},
  );
  return toStored(row, payload, true);
}

export async function getRecord(id: string): Promise<StoredRecord | undefined> {
  requireKey();
  const db = await getDb();
  const row = await db.records.get(id);
  if (!row) return undefined;
  return toStored(row, await payloadOf(row), true);
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

/**
 * Records newest first (by updatedAt), filtered by kind, sync state and search words.
 * Search decrypts in batches and filters in memory (payloads are encrypted at rest).
 */
export async function listRecords(
  q: ListRecordsQuery = {},
): Promise<{ items: StoredRecord[]; total: number }> {
  requireKey();
  const db = await getDb();
  let rows: RecordRow[];
  if (q.kind) rows = await db.records.where('kind').equals(q.kind).toArray();
  else if (q.syncState) rows = await db.records.where('syncState').equals(q.syncState).toArray();
  else rows = await db.records.toArray();
  rows = rows.filter(
    (r) =>
      (q.includeDeleted || !r.deleted) &&
      (!q.kind || r.kind === q.kind) &&
      (!q.syncState || r.syncState === q.syncState),
  );
  rows.sort((a, b) => b.updatedMs - a.updatedMs || (a.id < b.id ? 1 : -1));

  const words = fold(q.search ?? '')
    .split(/\s+/)
    .filter(Boolean);
  if (words.length > 0) {
    const payloads = await payloadsOf(rows);
    const searchText = q.searchText ?? defaultSearchText;
    const matching: RecordRow[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      // The shared cached payload is passed uncopied: searchText only reads it.
      const view: StoredRecord = {
        ...envelopeFields(row),
        payload: payloads[i]!,
        syncState: row.syncState,
      };
      let text: string;
      try {
        text = fold(searchText(view));
      } catch {
        text = fold(defaultSearchText(view));
      }
      if (words.every((w) => text.includes(w))) matching.push(row);
    }
    rows = matching;
  }
  const offset = Math.max(0, q.offset ?? 0);
  const page = rows.slice(
    offset,
    q.limit === undefined ? undefined : offset + Math.max(0, q.limit),
  );
  const items = await Promise.all(
    page.map(async (row) => toStored(row, await payloadOf(row), true)),
  );
  return { items, total: rows.length };
}

function envelopeFields(row: RecordRow): Omit<RecordEnvelope, 'payload'> {
  return {
    id: row.id,
    kind: row.kind,
    schemaVersion: row.schemaVersion,
    rev: row.rev,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deleted: row.deleted,
  };
}

/** Records whose next action is due (nextActionDate <= today, YYYY-MM-DD), newest date first. */
export async function listDueRecords(today: string): Promise<StoredRecord[]> {
  requireKey();
  const db = await getDb();
  const rows = (await db.records.where('nextActionDate').belowOrEqual(today).toArray()).filter(
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
  return Promise.all(rows.map((row, i) => toStored(row, payloads[i]!, true)));
}
