// The outbox: what the sync engine sends. One row per record id holding the latest rev to send;
// a newer save replaces the pending row, so an older rev is never sent after a newer one is
// queued, and the latest rev is never lost.
import Dexie from 'dexie';
import type { PushResult, RecordEnvelope } from '../domain/envelope';
import { encryptJson, jsonBytes, type Box } from './crypto';
import { getDb, type JejaringDb, type RecordRow } from './db';
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

/** Rows an older app version left persisted as `sending` (it wrote the state into the row). */
async function persistedSending(db: JejaringDb): Promise<RecordRow[]> {
  return db.records
    .where('[syncState+live+updatedMs+rev]')
    .between(['sending', Dexie.minKey], ['sending', Dexie.maxKey], true, true)
    .toArray();
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
  // Rows an older version persisted as `sending` (marks now live in memory only). The state
  // index finds them without reading every record.
  const persisted = await guardWrite(() =>
    db.transaction('rw', db.records, async () => {
      const rows = await persistedSending(db);
      const revs = sent ? new Map(sent.map((s) => [s.id, s.rev])) : undefined;
      const released = rows.filter((row) => !revs || revs.get(row.id) === row.rev);
      // New objects, never modify(): see the v2 upgrade in db.ts.
      if (released.length > 0) {
        await db.records.bulkPut(released.map((row) => ({ ...row, syncState: 'pending' })));
      }
      return released.length;
    }),
  );
  if (changed + persisted > 0) emitChange('records');
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
  const ids = results.map((r) => r.id);
  const changed = await guardWrite(() =>
    // Per batch: read the outbox and record rows once, then one bulkDelete of the acknowledged
    // outbox rows and one bulkPut of the records whose state changed, in one transaction.
    db.transaction('rw', db.records, db.outbox, async () => {
      const [queued, rows] = await Promise.all([db.outbox.bulkGet(ids), db.records.bulkGet(ids)]);
      const acked = new Set<string>();
      const updated = new Map<string, RecordRow>();
      results.forEach((result, i) => {
        // Only an ack of the queued rev counts, and only once per id (as if the outbox row
        // were deleted by the first one).
        if (queued[i]?.rev !== result.rev || acked.has(result.id)) return;
        acked.add(result.id);
        const row = rows[i];
        if (!row || row.rev !== result.rev) return;
        const errorBox = errorBoxes.get(result);
        const { errorBox: _previous, ...rest } = row;
        updated.set(
          result.id,
          errorBox
            ? { ...rest, syncState: 'rejected', errorBox }
            : { ...rest, syncState: 'synced' },
        );
      });
      if (acked.size > 0) await db.outbox.bulkDelete([...acked]);
      if (updated.size > 0) await db.records.bulkPut([...updated.values()]);
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

/** Records waiting in the outbox. */
export async function countOutbox(): Promise<number> {
  const db = await getDb();
  return db.outbox.count();
}

/** Records not yet confirmed by the server (pending, sending or rejected): what a wipe loses. */
export async function countUnsyncedRecords(): Promise<number> {
  const db = await getDb();
  // From the [syncState+live+updatedMs+rev] index alone: tombstones not yet sent count too.
  const counts = await Promise.all(
    (['pending', 'sending', 'rejected'] as const).map((state) =>
      db.records
        .where('[syncState+live+updatedMs+rev]')
        .between([state, Dexie.minKey], [state, Dexie.maxKey], true, true)
        .count(),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}
