// The sealing side of the outbox (contract v2). Loaded on demand (index.ts imports it
// dynamically), with src/crypto and @hpke/core: none of it is in the app's first load.
//
// Invariants kept here:
// - A queued (id, rev) is sealed ONCE; the envelope's JSON text is stored (table `sealed`) and
//   sent as is until the server answers for that rev, so every resend is byte-identical.
// - A record whose rev the server does not hold as current is never marked synced: `stale`, and
//   a `conflict` carrying currentRev, renumber the phone's latest version above currentRev and
//   queue it again (a phone restored from an older backup or reinstalled).
// - Records that need a district key wait in the queue while the phone has none.
import {
  computeMeta,
  type DistrictKey,
  type EnvelopeV2,
  type PushResultV2,
} from '../domain/contract';
import {
  describePublicKey,
  importPrivateJwk,
  importPublicJwk,
  openReviewNote as openNote,
  sealRecordPayload,
  type SealRecipient,
} from '../crypto/seal';
import { validateRecordPayload } from '../domain';
import { encryptJson, type Box } from './crypto';
import { getDeviceKey } from './deviceKey';
import { getDb, type OutboxRow, type RecordRow, type SealedRow } from './db';
import { DataError, guardWrite } from './errors';
import { emitChange } from './events';
import { getDistrict, sealedNoteOf } from './feed';
import { payloadOf } from './recordCache';
import { sendingRefs } from './sending';
import { requireKey } from './vault';

/** One queued (id, rev) ready to send: its envelope's JSON text, as stored when it was sealed. */
export interface SealedOutgoing {
  id: string;
  rev: number;
  /** The envelope (EnvelopeV2) as JSON: sent as is, so every resend is the same bytes. */
  json: string;
}

export interface SealedBatch {
  /** Envelopes to send, oldest queued first, within the limits. */
  records: SealedOutgoing[];
  /** Queued records that cannot be sealed yet: the phone has no district key. */
  waitingForKey: number;
}

/** A v2 result, or a rejection the phone decided itself (e.g. `too_large`: never sent). */
export type RecordResultV2 =
  | PushResultV2
  | {
      id: string;
      rev: number;
      status: 'rejected';
      error: { code: string; message: string };
      currentRev?: number;
    };

const encoder = new TextEncoder();
let recipientCache: { keys: readonly DistrictKey[]; recipients: SealRecipient[] } | undefined;

async function recipientsOf(keys: readonly DistrictKey[]): Promise<SealRecipient[]> {
  if (recipientCache?.keys === keys) return recipientCache.recipients;
  const recipients = await Promise.all(
    keys.map(async (k) => ({ kid: k.kid, publicKey: await importPublicJwk(k.publicKey) })),
  );
  recipientCache = { keys, recipients };
  return recipients;
}

type Sealing =
  { ok: true; envelope: EnvelopeV2 } | { ok: false; issues: { path: string; message: string }[] };

/**
 * The envelope of a queued row. The payload is validated with the domain's schema first (the
 * server can no longer look inside): one that fails is never sealed but rejected on the phone.
 */
async function sealRow(row: RecordRow, recipients: SealRecipient[]): Promise<Sealing> {
  const header = {
    id: row.id,
    rev: row.rev,
    kind: row.kind,
    schemaVersion: row.schemaVersion,
    deleted: row.deleted,
  };
  const base = { ...header, createdAt: row.createdAt, updatedAt: row.updatedAt };
  // A tombstone carries no payload (and needs no key).
  if (row.deleted) return { ok: true, envelope: { ...base, meta: {} } };
  const checked = validateRecordPayload(row.kind, row.schemaVersion, await payloadOf(row));
  if (!checked.ok)
    return {
      ok: false,
      issues: checked.issues.slice(0, 20).map((i) => ({ path: i.path, message: i.key })),
    };
  const payload = checked.payload;
  return {
    ok: true,
    envelope: {
      ...base,
      meta: computeMeta(row.kind, payload) ?? {},
      sealed: await sealRecordPayload(header, payload, recipients),
    },
  };
}

/**
 * The next envelopes to send, sealing what has not been sealed at its queued rev (and storing
 * the sealed text before it is handed out). Limits: maxRecords and the JSON bytes of the
 * envelopes (a single larger one comes alone). `excludeIds`: records left out (a push carrying
 * them is in flight). Marks nothing.
 */
export async function peekSealed(limits: {
  maxRecords: number;
  maxBytes: number;
  excludeIds?: ReadonlySet<string>;
}): Promise<SealedBatch> {
  requireKey();
  if (limits.maxRecords < 1) return { records: [], waitingForKey: 0 };
  const exclude = limits.excludeIds;
  const db = await getDb();
  const district = await getDistrict();
  const { queued, rows, sealed } = await db.transaction(
    'r',
    db.outbox,
    db.records,
    db.sealed,
    async () => {
      // Without a key only tombstones can go: look further than one batch to find them.
      const wanted = district.keys.length > 0 ? limits.maxRecords : limits.maxRecords * 20;
      let queue = db.outbox.orderBy('seq');
      if (exclude && exclude.size > 0) queue = queue.filter((q) => !exclude.has(q.id));
      const queued = await queue.limit(wanted).toArray();
      const sealed = await db.sealed.bulkGet(queued.map((q) => q.id));
      // A record row is read (and decrypted) only to seal it: a kept sealed text is all there
      // is to send (the outbox row and the record row always carry the same rev).
      const toSeal = queued.filter((q, i) => sealed[i]?.rev !== q.rev).map((q) => q.id);
      const read = toSeal.length > 0 ? await db.records.bulkGet(toSeal) : [];
      const rows = new Map<string, RecordRow>();
      for (const row of read) if (row) rows.set(row.id, row);
      return { queued, rows, sealed };
    },
  );
  const recipients = district.keys.length > 0 ? await recipientsOf(district.keys) : [];
  const texts: (string | undefined)[] = [];
  const fresh: SealedRow[] = [];
  const invalid: RecordResultV2[] = [];
  let waitingForKey = 0;
  await Promise.all(
    queued.map(async (q, i) => {
      const kept = sealed[i];
      if (kept && kept.rev === q.rev) {
        texts[i] = kept.json;
        return;
      }
      const row = rows.get(q.id);
      if (!row || row.rev !== q.rev) return;
      if (!row.deleted && recipients.length === 0) {
        waitingForKey += 1;
        return;
      }
      const sealing = await sealRow(row, recipients);
      if (!sealing.ok) {
        invalid.push({
          id: row.id,
          rev: row.rev,
          status: 'rejected',
          error: {
            code: 'invalid',
            message: 'The record does not match its form (checked on the phone).',
            issues: sealing.issues,
          },
        });
        return;
      }
      const json = JSON.stringify(sealing.envelope);
      texts[i] = json;
      fresh.push({ id: row.id, rev: row.rev, json });
    }),
  );
  if (fresh.length > 0) {
    // Stored before anything is sent: a resend after a crash or a lost answer is the same
    // bytes. Checked: a text sealed meanwhile for a newer rev of the record (edited while this
    // one was sealing) is never overwritten by this older one.
    const superseded = await guardWrite(() =>
      db.transaction('rw', db.sealed, async () => {
        const current = await db.sealed.bulkGet(fresh.map((f) => f.id));
        const put = fresh.filter((f, i) => (current[i]?.rev ?? 0) <= f.rev);
        if (put.length > 0) await db.sealed.bulkPut(put);
        return new Set(
          fresh.filter((f, i) => current[i] && current[i]!.rev > f.rev).map((f) => f.id),
        );
      }),
    );
    // Only what is stored goes out: drop a text whose newer rev was stored meanwhile.
    queued.forEach((q, i) => {
      if (superseded.has(q.id)) texts[i] = undefined;
    });
  }
  // Out of the queue with the reason, like a server rejection: the volunteer fixes and saves.
  if (invalid.length > 0) await applyPushResultsV2(invalid);
  const records: SealedOutgoing[] = [];
  let total = 0;
  for (let i = 0; i < queued.length; i++) {
    const text = texts[i];
    if (text === undefined) continue;
    if (records.length >= limits.maxRecords) break;
    const bytes = utf8Bytes(text);
    if (records.length > 0 && total + bytes > limits.maxBytes) break;
    const q = queued[i]!;
    records.push({ id: q.id, rev: q.rev, json: text });
    total += bytes;
    if (total >= limits.maxBytes) break;
  }
  return { records, waitingForKey };
}

/** UTF-8 bytes of a JSON text (sealed envelopes are mostly ASCII: counted without encoding). */
function utf8Bytes(text: string): number {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text.length : encoder.encode(text).byteLength;
}

/** Queued records that wait for a district key (none when the phone has one). */
export async function countWaitingForKey(): Promise<number> {
  const district = await getDistrict();
  if (district.keys.length > 0) return 0;
  const db = await getDb();
  const queued = await db.outbox.orderBy('seq').toArray();
  const rows = await db.records.bulkGet(queued.map((q) => q.id));
  return rows.filter((r) => r && !r.deleted).length;
}

/**
 * Applies the server's per-record v2 results:
 * - stored, duplicate → synced (outbox and sealed rows deleted);
 * - stale, or rejected `conflict` with currentRev ≥ the sent rev → the record is renumbered to
 *   currentRev + 1 (same content, new sealing) and stays queued at its place;
 * - rejected `unknown_key` → the sealed text is dropped so the record is sealed again to the
 *   district's current keys (the engine fetches the feed first);
 * - other rejections → out of the queue with the reason (the volunteer edits and resends).
 * A result whose rev is no longer the queued one (edited meanwhile) is ignored.
 */
export async function applyPushResultsV2(
  results: readonly RecordResultV2[],
): Promise<{ renumbered: number; resealed: number }> {
  if (results.length === 0) return { renumbered: 0, resealed: 0 };
  const errorBoxes = new Map<RecordResultV2, Box>();
  const key = requireKey();
  for (const r of results) {
    if (r.status === 'rejected' && !isRenumber(r) && r.error.code !== 'unknown_key') {
      errorBoxes.set(r, await encryptJson(key, r.error));
    }
  }
  const db = await getDb();
  const ids = results.map((r) => r.id);
  // The record rows are in the transaction only when one may be renumbered: otherwise a
  // read of the next batch (sealing ahead, peekSealed) need not wait for this write.
  const tables = results.some(isRenumber)
    ? [db.outbox, db.sealed, db.records]
    : [db.outbox, db.sealed];
  const outcome = await guardWrite(() =>
    db.transaction('rw', tables, async () => {
      const queued = await db.outbox.bulkGet(ids);
      const done = new Set<string>();
      const synced: string[] = [];
      const rejected: OutboxRow[] = [];
      const reseal: string[] = [];
      const renumber: { q: OutboxRow; rev: number }[] = [];
      results.forEach((result, i) => {
        const q = queued[i];
        if (q?.rev !== result.rev || q.seq === undefined || done.has(result.id)) return;
        done.add(result.id);
        if (result.status === 'stored' || result.status === 'duplicate') synced.push(result.id);
        else if (isRenumber(result)) {
          const currentRev = result.currentRev ?? result.rev;
          renumber.push({ q, rev: Math.max(currentRev, result.rev) + 1 });
        } else if (result.status === 'rejected' && result.error.code === 'unknown_key') {
          reseal.push(result.id);
        } else {
          const errorBox = errorBoxes.get(result);
          rejected.push({ id: result.id, rev: result.rev, ...(errorBox ? { errorBox } : {}) });
        }
      });
      if (synced.length > 0) await db.outbox.bulkDelete(synced);
      if (rejected.length > 0) await db.outbox.bulkPut(rejected);
      if (renumber.length > 0) {
        const rows = await db.records.bulkGet(renumber.map((r) => r.q.id));
        const rewritten: RecordRow[] = [];
        const requeued: OutboxRow[] = [];
        renumber.forEach(({ q, rev }, i) => {
          const row = rows[i];
          if (!row || row.rev !== q.rev) return;
          // Same content and timestamps, a rev above the server's: the phone's latest version
          // becomes the current one again. The queue position is kept.
          rewritten.push({ ...row, rev });
          requeued.push({ id: q.id, rev, seq: q.seq! });
        });
        if (rewritten.length > 0) {
          await db.records.bulkPut(rewritten);
          await db.outbox.bulkPut(requeued);
        }
      }
      await db.sealed.bulkDelete([...done]);
      return { changed: done.size, renumbered: renumber.length, resealed: reseal.length };
    }),
  );
  const refs = sendingRefs(db);
  for (const r of results) if (refs.get(r.id) === r.rev) refs.delete(r.id);
  if (outcome.changed > 0) emitChange('records', 'outbox');
  else emitChange('records');
  return { renumbered: outcome.renumbered, resealed: outcome.resealed };
}

function isRenumber(r: RecordResultV2): boolean {
  if (r.status === 'stale') return true;
  return (
    r.status === 'rejected' &&
    r.error.code === 'conflict' &&
    r.currentRev !== undefined &&
    r.currentRev >= r.rev
  );
}

/**
 * The keys whose kid and fingerprint are those of their public key (computed here, never taken
 * from the server's word): the fingerprint the volunteer compares by phone must be the key's
 * own. A key that does not match, or does not import, is left out.
 */
export async function verifiedDistrictKeys(keys: readonly DistrictKey[]): Promise<DistrictKey[]> {
  const checked = await Promise.all(
    keys.map(async (key) => {
      try {
        const own = await describePublicKey(key.publicKey);
        return own.kid === key.kid && own.fingerprint === key.fingerprint ? key : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return checked.filter((k): k is DistrictKey => k !== undefined);
}

/**
 * Opens the note of a record's review with this device's key. A note that does not open
 * (tampered, moved to another record, rev or state) throws DataError 'decryption_failed' and is
 * never shown.
 */
export async function openReviewNoteOf(recordId: string): Promise<string | undefined> {
  const found = await sealedNoteOf(recordId);
  if (!found) return undefined;
  const pair = await getDeviceKey();
  if (!pair) throw new DataError('decryption_failed', { reason: 'no_device_key' });
  try {
    const publicKey = await importPublicJwk(pair.publicJwk as never);
    const privateKey = await importPrivateJwk(pair.privateJwk, false);
    const { kid } = await describePublicKey(publicKey);
    return await openNote(
      {
        recordId: found.review.recordId,
        rev: found.review.rev,
        state: found.review.state,
        at: found.review.at,
      },
      found.note,
      [{ kid, privateKey, publicKey }],
    );
  } catch (e) {
    throw new DataError('decryption_failed', { reason: 'note' }, { cause: e });
  }
}
