// The outbox: what the sync engine sends. One row per record id holding the latest rev to send;
// a newer save replaces the pending row, so an older rev is never sent after a newer one is
// queued, and the latest rev is never lost.
import type { PushResult, RecordEnvelope } from '../domain/envelope';
import { encryptJson, jsonBytes, type Box } from './crypto';
import { getDb, type JejaringDb, type RecordRow } from './db';
import { guardWrite } from './errors';
import { emitChange } from './events';
import { payloadOf } from './recordCache';
import { requireKey } from './vault';

/**
 * Queues `rev` of record `id`. Must run inside a Dexie 'rw' transaction that also writes the
 * record row (see saveRecord): the record and its outbox row commit together or not at all.
 */
export async function enqueue(db: JejaringDb, id: string, rev: number): Promise<void> {
  const last = await db.outbox.orderBy('seq').last();
  await db.outbox.put({ id, rev, seq: (last?.seq ?? 0) + 1 });
}

export function envelopeOf(row: RecordRow, payload: Record<string, unknown>): RecordEnvelope {
  return {
    id: row.id,
    kind: row.kind,
    schemaVersion: row.schemaVersion,
    rev: row.rev,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deleted: row.deleted,
    payload,
  };
}

/**
 * Oldest-first envelopes to send, within maxRecords and maxBytes (JSON bytes of the envelopes).
 * A single record larger than maxBytes is returned alone, so the server can reject it instead of
 * it blocking the queue forever. Marks nothing.
 */
export async function peekOutbox(limits: {
  maxRecords: number;
  maxBytes: number;
}): Promise<RecordEnvelope[]> {
  requireKey();
  if (limits.maxRecords < 1) return [];
  const db = await getDb();
  const { rows, records } = await db.transaction('r', db.outbox, db.records, async () => {
    const rows = await db.outbox.orderBy('seq').limit(limits.maxRecords).toArray();
    const records = await db.records.bulkGet(rows.map((r) => r.id));
    return { rows, records };
  });
  const out: RecordEnvelope[] = [];
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    const record = records[i];
    // The record row always carries the queued rev (both are written in one transaction).
    if (!record || record.rev !== rows[i]!.rev) continue;
    const envelope = envelopeOf(record, structuredClone(await payloadOf(record)));
    const bytes = jsonBytes(envelope).byteLength;
    if (out.length > 0 && total + bytes > limits.maxBytes) break;
    out.push(envelope);
    total += bytes;
    if (total >= limits.maxBytes) break;
  }
  return out;
}

/** Marks these (id, rev) as being sent; rows whose rev moved on meanwhile are left alone. */
export async function markSending(sent: { id: string; rev: number }[]): Promise<void> {
  if (sent.length === 0) return;
  const db = await getDb();
  const changed = await guardWrite(() =>
    db.transaction('rw', db.records, db.outbox, async () => {
      let n = 0;
      for (const { id, rev } of sent) {
        const queued = await db.outbox.get(id);
        if (!queued || queued.rev !== rev) continue;
        // get + put, never modify(): see the v2 upgrade in db.ts.
        const row = await db.records.get(id);
        if (row && row.rev === rev && row.syncState === 'pending') {
          await db.records.put({ ...row, syncState: 'sending' });
          n++;
        }
      }
      return n;
    }),
  );
  if (changed > 0) emitChange('records');
}

/**
 * Applies the server's per-record results. stored/duplicate/stale → synced, rejected → rejected
 * with the reason; in both cases the outbox row of that rev is removed. A result whose rev is no
 * longer the queued one (the record was edited meanwhile) is ignored: the newer rev stays queued
 * and the record stays pending.
 */
export async function applyPushResults(results: PushResult[]): Promise<void> {
  if (results.length === 0) return;
  const rejected = results.filter((r) => r.status === 'rejected');
  // WebCrypto cannot run inside an IndexedDB transaction (it would auto-commit), so the
  // rejection reasons are encrypted first.
  const errorBoxes = new Map<PushResult, Box>();
  if (rejected.length > 0) {
    const key = requireKey();
    for (const r of rejected) {
      const error = r.error ?? { code: 'rejected', message: '' };
      errorBoxes.set(r, await encryptJson(key, error));
    }
  }
  const db = await getDb();
  const changed = await guardWrite(() =>
    db.transaction('rw', db.records, db.outbox, async () => {
      let n = 0;
      for (const result of results) {
        const queued = await db.outbox.get(result.id);
        if (!queued || queued.rev !== result.rev) continue;
        await db.outbox.delete(result.id);
        n++;
        const errorBox = errorBoxes.get(result);
        const row = await db.records.get(result.id);
        if (!row || row.rev !== result.rev) continue;
        const { errorBox: _previous, ...rest } = row;
        await db.records.put(
          errorBox
            ? { ...rest, syncState: 'rejected', errorBox }
            : { ...rest, syncState: 'synced' },
        );
      }
      return n;
    }),
  );
  if (changed > 0) emitChange('records', 'outbox');
}

/** Records waiting in the outbox. */
export async function countOutbox(): Promise<number> {
  const db = await getDb();
  return db.outbox.count();
}

/** Records not yet confirmed by the server (pending, sending or rejected): what a wipe loses. */
export async function countUnsyncedRecords(): Promise<number> {
  const db = await getDb();
  return db.records.where('syncState').anyOf('pending', 'sending', 'rejected').count();
}
