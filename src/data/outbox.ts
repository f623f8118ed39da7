// The outbox: what the sync engine sends. One row per record id holding the latest rev to send;
// a newer save replaces the pending row, so an older rev is never sent after a newer one is
// queued, and the latest rev is never lost.
import type { PushResult, RecordEnvelope } from '../domain/envelope';
import { encryptJson, jsonBytes, type Box } from './crypto';
import { getDb, type JejaringDb, type OutboxRow, type RecordRow } from './db';
import { guardWrite } from './errors';
import { emitChange, subscribeRemote } from './events';
import { payloadOf } from './recordCache';
import { envelopeOf } from './rowEnvelope';
import { sendingRefs } from './sending';
import { requireKey } from './vault';

/**
 * The last queue position handed out, per open database. Seeded from the `seq` index once (a
 * keys-only read of its last key) and then counted in memory, so a save does not read the index
 * every time. Another tab of the app enqueues with its own counter: its change notice (below)
 * drops ours, so the next enqueue here re-reads the index. A notice still in flight when this tab
 * enqueues can only swap the queue order of two records; the outbox keeps one row per record
 * id, so nothing is lost or sent twice.
 */
let lastSeq: { db: JejaringDb; seq: number } | undefined;
subscribeRemote('outbox', () => {
  lastSeq = undefined;
});

/**
 * Queues `rev` of record `id`. Must run inside a Dexie 'rw' transaction that also writes the
 * record row (see saveRecord): the record and its outbox row commit together or not at all.
 */
export async function enqueue(db: JejaringDb, id: string, rev: number): Promise<void> {
  let last = lastSeq?.db === db ? lastSeq.seq : undefined;
  if (last === undefined) {
    const key = await db.outbox.orderBy('seq').lastKey();
    last = typeof key === 'number' ? key : 0;
  }
  const seq = last + 1;
  await db.outbox.put({ id, rev, seq });
  // Only after the put: a failed write leaves the counter as it was. (A transaction aborted
  // later leaves a gap in the numbering, which is harmless: only the order matters.)
  if (!lastSeq || lastSeq.db !== db || lastSeq.seq < seq) lastSeq = { db, seq };
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
  // The record row always carries the queued rev (both are written in one transaction).
  const current = records.filter(
    (record, i): record is RecordRow => !!record && record.rev === rows[i]!.rev,
  );
  // All payloads decrypted at once: one await for the batch instead of one per record.
  const payloads = await Promise.all(current.map(payloadOf));
  const out: RecordEnvelope[] = [];
  let total = 0;
  for (let i = 0; i < current.length; i++) {
    const envelope = envelopeOf(current[i]!, structuredClone(payloads[i]!));
    const bytes = jsonBytes(envelope).byteLength;
    if (out.length > 0 && total + bytes > limits.maxBytes) break;
    out.push(envelope);
    total += bytes;
    if (total >= limits.maxBytes) break;
  }
  return out;
}

/**
 * Marks these (id, rev) as being sent; refs whose queued rev moved on meanwhile are left alone.
 * The mark is kept in memory (sending.ts), not written to the record row: the row stays
 * `pending` on disk and reads report `sending` while the mark holds.
 */
export async function markSending(sent: { id: string; rev: number }[]): Promise<void> {
  if (sent.length === 0) return;
  const db = await getDb();
  // One request: the outbox row holds the queued rev, which is always the record row's rev
  // (both are written in one transaction), so the record rows need not be read.
  const queued = await db.outbox.bulkGet(sent.map((s) => s.id));
  const refs = sendingRefs(db);
  let changed = 0;
  sent.forEach(({ id, rev }, i) => {
    if (queued[i]?.rev !== rev || refs.get(id) === rev) return;
    refs.set(id, rev);
    changed += 1;
  });
  if (changed > 0) emitChange('records');
}

/**
 * Puts records marked `sending` back to `pending` when no answer will come for them: the request
 * failed (network, 5xx, 429), the device was refused (401/403), or the page closed mid-push. With
 * `sent`, only those (id, rev) are released; without, every `sending` record is (engine start).
 * Their outbox rows were never removed, so nothing is lost: this only keeps the shown state honest.
 */
export async function releaseSending(sent?: { id: string; rev: number }[]): Promise<void> {
  if (sent && sent.length === 0) return;
  const db = await getDb();
  const refs = sendingRefs(db);
  let changed = 0;
  if (sent) {
    for (const { id, rev } of sent) {
      if (refs.get(id) === rev) {
        refs.delete(id);
        changed += 1;
      }
    }
  } else {
    changed += refs.size;
    refs.clear();
  }
  if (changed > 0) emitChange('records');
}

/**
 * Applies the server's per-record results. stored/duplicate/stale → synced (the outbox row of
 * that rev is deleted), rejected → the outbox row leaves the queue and keeps the reason. The
 * record rows are not touched: since schema v4 the sync state is the outbox row. A result whose
 * rev is no longer the queued one (the record was edited meanwhile) is ignored: the newer rev
 * stays queued and the record stays pending.
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
  const ids = results.map((r) => r.id);
  const changed = await guardWrite(() =>
    // Per batch: one read of the outbox rows, one bulkDelete of the acknowledged ones and one
    // bulkPut of the rejected ones, in one transaction.
    db.transaction('rw', db.outbox, db.sealed, async () => {
      const queued = await db.outbox.bulkGet(ids);
      const acked = new Set<string>();
      const synced: string[] = [];
      const rejectedRows: OutboxRow[] = [];
      results.forEach((result, i) => {
        // Only an answer for the queued rev counts, and only once per id (as if the outbox row
        // were deleted by the first one).
        const row = queued[i];
        if (row?.rev !== result.rev || row.seq === undefined || acked.has(result.id)) return;
        acked.add(result.id);
        const errorBox = errorBoxes.get(result);
        if (errorBox) rejectedRows.push({ id: result.id, rev: result.rev, errorBox });
        else synced.push(result.id);
      });
      if (synced.length > 0) await db.outbox.bulkDelete(synced);
      if (rejectedRows.length > 0) await db.outbox.bulkPut(rejectedRows);
      if (acked.size > 0) await db.sealed.bulkDelete([...acked]);
      return acked.size;
    }),
  );
  // The answered (id, rev) are no longer in flight (an ignored result's rev was replaced by a
  // newer save, whose row is `pending` whatever the mark says).
  const refs = sendingRefs(db);
  let unmarked = 0;
  for (const r of results) {
    if (refs.get(r.id) === r.rev) {
      refs.delete(r.id);
      unmarked += 1;
    }
  }
  if (changed > 0) emitChange('records', 'outbox');
  else if (unmarked > 0) emitChange('records');
}

/** Records waiting in the outbox (queued; a rejected record waits for an edit, not here). */
export async function countOutbox(): Promise<number> {
  const db = await getDb();
  return db.outbox.where('seq').aboveOrEqual(0).count();
}

/** Records not yet confirmed by the server (pending, sending or rejected): what a wipe loses. */
export async function countUnsyncedRecords(): Promise<number> {
  const db = await getDb();
  // Every outbox row is a record version the server does not hold (tombstones too).
  return db.outbox.count();
}
