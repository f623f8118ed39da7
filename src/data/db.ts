// The one Dexie database 'jejaring' and its versioned schema. Rows hold only non-identifying
// fields in clear; everything else sits in encrypted boxes (see crypto.ts).
import Dexie, { type Table } from 'dexie';
import { DataError } from './errors';
import type { Box } from './crypto';
import type { RecordKind } from '../domain/recordKinds';
import { currentSlot, dbNameFor } from './slot';

/** The first profile's database (slot.ts names the others). */
export const DB_NAME = 'jejaring';

export type SyncState = 'pending' | 'sending' | 'synced' | 'rejected';

export interface RecordRow {
  id: string;
  kind: RecordKind;
  schemaVersion: number;
  rev: number;
  createdAt: string;
  updatedAt: string;
  /** updatedAt as epoch ms: ISO strings with different offsets do not sort as text. */
  updatedMs: number;
  deleted: boolean;
  /** 1 unless deleted (0): IndexedDB cannot index booleans, and lists page and count live rows
   * from the index alone (schema v3). */
  live: 0 | 1;
  /** Written by app versions before schema v4, never read since: the sync state lives in the
   * outbox (v4), so a state change does not rewrite this row. */
  syncState?: SyncState;
  /** YYYY-MM-DD; absent when none (v1 stored '' — see the v2 upgrade). */
  nextActionDate?: string;
  /** Encrypted payload; once retained (see retention.ts), only the kept summary fields. */
  box: Box;
  /** When the full content was deleted from this phone (retention); absent while it is here. */
  retainedAt?: string;
  /** The retention period (days) that applied then, for the note shown with the summary. */
  retainedDays?: number;
  /** Before schema v4: the encrypted rejection reason (v4 keeps it in the outbox row). */
  errorBox?: Box;
}

/**
 * One row per record id not yet confirmed by the server: the latest rev. Its rev always equals
 * the record's rev. Since schema v4 it is the record's sync state: no row = synced; a row with
 * `seq` = queued (pending, or sending while marked in memory); a row without `seq` but with
 * `errorBox` = rejected (out of the queue until the record is edited).
 */
export interface OutboxRow {
  id: string;
  rev: number;
  /** Queue position: increases with every enqueue, so peeking is oldest first. Absent once the
   * server rejected this rev (IndexedDB leaves the row out of the `seq` index). */
  seq?: number;
  /** Encrypted rejection reason from the server (its message may quote the payload). */
  errorBox?: Box;
}

/**
 * The sealed envelope of one queued (id, rev), kept until the server acknowledges it so every
 * resend is byte-identical (the server tells a duplicate from a conflict by its hash). Holds
 * only what may leave the phone: the clear meta (non-identifying by declaration) and ciphertext
 * the phone itself cannot open.
 */
export interface SealedRow {
  id: string;
  rev: number;
  /** The envelope's JSON text exactly as sent. */
  json: string;
}

/** Small feed state kept beside the records: the cursor, district keys, directory. */
export interface FeedStateRow {
  key: 'cursor' | 'district' | 'directory' | 'appliedSeq';
  value: unknown;
}

/** The coordinator's latest answer per record (from the feed). */
export interface ReviewRow {
  recordId: string;
  rev: number;
  state: string;
  at: string;
  seq: number;
  /** When receipt was first confirmed (`at` of the first confirming state; retention counts
   * from it). Absent for a needs_correction answer; rows from before it fall back to `at`. */
  confirmedAt?: string;
  /** Sealed to this device's key (and the district keys); opened only when shown. */
  note?: unknown;
  /** 1 until the volunteer has seen it (IndexedDB cannot index booleans). */
  unread: 0 | 1;
}

export interface NoticeRow {
  id: string;
  seq: number;
  at: string;
  text: string;
  unread: 0 | 1;
}

export interface DraftRow {
  id: string;
  kind: RecordKind;
  updatedAt: string;
  updatedMs: number;
  box: Box;
}

export interface ContactRow {
  id: string;
  box: Box;
}

export interface SyncLogRow {
  seq?: number;
  box: Box;
}

/**
 * Every schema the app has shipped, oldest first. Never edit a shipped entry: add a new one.
 * Exported so tests can create a database exactly as an older app version did.
 */
export const SCHEMA_HISTORY: readonly {
  version: number;
  stores: Record<string, string>;
  upgrade?: (tx: import('dexie').Transaction) => Promise<void>;
}[] = [
  {
    version: 1,
    stores: {
      records: 'id, kind, syncState, updatedMs',
      outbox: 'id, seq',
      drafts: 'id, kind, updatedMs',
      contacts: 'id',
      syncLog: '++seq',
    },
  },
  {
    // v2 indexes nextActionDate for the "due" list and adds [kind+updatedMs] for per-kind lists.
    // v1 wrote nextActionDate: '' for "none"; an index range `<= today` would match '', so the
    // upgrade removes the empty value.
    version: 2,
    stores: {
      records: 'id, kind, syncState, updatedMs, nextActionDate, [kind+updatedMs]',
    },
    upgrade: async (tx) => {
      // get + put rather than modify(): modify deep-clones rows with Dexie's cloner, which
      // does not know binary values from another realm; put stores them as they are.
      const records = tx.table<{ nextActionDate?: string }>('records');
      const changed = (await records.toArray()).filter((row) => row.nextActionDate === '');
      for (const row of changed) delete row.nextActionDate;
      await records.bulkPut(changed);
    },
  },
  {
    // v3 lets lists page and count through indexes instead of reading every row: `live` (1, or
    // 0 for a tombstone) leads to the newest-first ranges of the live rows per kind, per sync
    // state, per both, and of all kinds; `rev` ends each key so a search can check its cache
    // from the keys alone. The single kind/syncState/updatedMs indexes are covered by these.
    version: 3,
    stores: {
      records:
        'id, nextActionDate, [kind+updatedMs], [live+updatedMs+rev], [kind+live+updatedMs+rev], ' +
        '[syncState+live+updatedMs+rev], [kind+syncState+live+updatedMs+rev]',
    },
    upgrade: async (tx) => {
      // get + put, never modify(): see v2.
      const records = tx.table<{ deleted: boolean; live?: 0 | 1 }>('records');
      const rows = await records.toArray();
      for (const row of rows) row.live = row.deleted ? 0 : 1;
      await records.bulkPut(rows);
    },
  },
  {
    // v4 (sync contract v2): the sync state moves to the outbox row, so acknowledging a record
    // deletes a small row instead of rewriting the ~2 KB encrypted record with its indexes; the
    // two sync-state indexes of records go. Sealed envelopes, the feed's state, reviews and
    // notices get their own tables (one transaction applies a feed page with its cursor).
    version: 4,
    stores: {
      records:
        'id, nextActionDate, [kind+updatedMs], [live+updatedMs+rev], [kind+live+updatedMs+rev]',
      sealed: 'id',
      feedState: 'key',
      reviews: 'recordId, seq, unread',
      notices: 'id, seq, unread',
    },
    upgrade: async (tx) => {
      // A rejected record keeps its reason in its (new) outbox row, out of the queue; get + put,
      // never modify(): see v2.
      const records = tx.table<{ id: string; rev: number; syncState?: string; errorBox?: Box }>(
        'records',
      );
      const rejected = (await records.toArray()).filter((r) => r.syncState === 'rejected');
      await tx.table('outbox').bulkPut(
        rejected.map((r) => ({
          id: r.id,
          rev: r.rev,
          ...(r.errorBox ? { errorBox: r.errorBox } : {}),
        })),
      );
    },
  },
];

export class JejaringDb extends Dexie {
  records!: Table<RecordRow, string>;
  outbox!: Table<OutboxRow, string>;
  drafts!: Table<DraftRow, string>;
  contacts!: Table<ContactRow, string>;
  syncLog!: Table<SyncLogRow, number>;
  sealed!: Table<SealedRow, string>;
  feedState!: Table<FeedStateRow, string>;
  reviews!: Table<ReviewRow, string>;
  notices!: Table<NoticeRow, string>;

  /** The current profile's database unless `name` says otherwise. */
  constructor(upToVersion = Infinity, name: string = dbNameFor(currentSlot())) {
    super(name);
    for (const step of SCHEMA_HISTORY) {
      if (step.version > upToVersion) break;
      const v = this.version(step.version).stores(step.stores);
      if (step.upgrade) v.upgrade(step.upgrade);
    }
  }
}

let instance: JejaringDb | undefined;
let opening: Promise<JejaringDb> | undefined;

/** The open database. A database this code cannot open throws DataError 'database_unreadable'. */
export function getDb(): Promise<JejaringDb> {
  if (!opening) {
    const db = new JejaringDb();
    instance = db;
    opening = installedVersion(db.name)
      .then((native) => {
        // Refuse before Dexie touches it: Dexie 4 would open a newer database and even add
        // missing tables to it.
        if (native > LATEST_VERSION * DEXIE_VERSION_FACTOR) {
          throw new DataError('database_unreadable', { version: native / DEXIE_VERSION_FACTOR });
        }
        return db.open();
      })
      .then(() => {
        checkCompatible(db);
        return db;
      })
      .catch((e: unknown) => {
        opening = undefined;
        instance = undefined;
        db.close();
        if (e instanceof DataError) throw e;
        throw new DataError('database_unreadable', { name: errorName(e) }, { cause: e });
      });
  }
  return opening;
}

export const LATEST_VERSION = SCHEMA_HISTORY[SCHEMA_HISTORY.length - 1]!.version;
const TABLES = [
  'records',
  'outbox',
  'drafts',
  'contacts',
  'syncLog',
  'sealed',
  'feedState',
  'reviews',
  'notices',
];

/** Dexie stores version n as native IndexedDB version n * 10. */
const DEXIE_VERSION_FACTOR = 10;

/** The native version of the database on disk, 0 when there is none (nothing is created). */
function installedVersion(name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onsuccess = () => {
      const version = request.result.version;
      request.result.close();
      resolve(version);
    };
    request.onerror = () => {
      if (request.error?.name === 'AbortError') resolve(0);
      else reject(request.error ?? new Error('open failed'));
    };
  });
}

/** After opening: every table this code uses must be there. */
function checkCompatible(db: JejaringDb): void {
  const stores = db.backendDB().objectStoreNames;
  const missing = TABLES.filter((t) => !stores.contains(t));
  if (missing.length > 0) throw new DataError('database_unreadable', { missing });
}

function errorName(e: unknown): string {
  return e instanceof Error ? e.name : 'unknown';
}

/** Closes the connection (before deleting the database, and in tests). */
export function closeDb(): void {
  instance?.close();
  instance = undefined;
  opening = undefined;
}
