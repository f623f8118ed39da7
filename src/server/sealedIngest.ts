// Idempotent ingest of sealed records (contract v2, POST /api/v2/sync/push). The server cannot
// open a payload: it validates the envelope and the clear meta with the domain's zod declarations,
// checks every recipient kid against the active district keys, and stores the sealed bytes as
// received — once.
import { hash as oneShotHash } from 'node:crypto';
import { sql, type Insertable } from 'kysely';
import {
  validateEnvelopeV2,
  type EnvelopeV2,
  type PushResultV2,
  type RejectionCodeV2,
} from '../domain/contract';
import type { ServerDb } from './db';
import { isRetryableConflict } from './dialects/postgres';
import { DeviceRevokedError, insertChunks, padForIn } from './ingest';
import type { SealedCurrentTable, SealedRevisionTable } from './schemaV2';

export interface SealedIngestContext {
  db: ServerDb;
  now: () => Date;
}

const MESSAGES: Record<RejectionCodeV2, string> = {
  invalid: 'The envelope does not match contract v2; see issues.',
  unknown_kind: 'The server does not know this record kind.',
  invalid_meta: 'The clear meta does not match the kind’s meta schema; see issues.',
  unknown_key:
    'Sealed to a key that is not an active district key; fetch the feed and seal again to the current keys.',
  conflict:
    'This id and rev were already stored with different content; save the record again above currentRev.',
  forbidden: 'This record belongs to another device.',
};

function rejected(
  id: string,
  rev: number,
  code: RejectionCodeV2,
  extra: { issues?: { path: string; message: string }[]; currentRev?: number } = {},
): PushResultV2 {
  return {
    id,
    rev,
    status: 'rejected',
    error: {
      code,
      message: MESSAGES[code],
      ...(extra.issues !== undefined ? { issues: extra.issues } : {}),
    },
    ...(extra.currentRev !== undefined ? { currentRev: extra.currentRev } : {}),
  };
}

/**
 * Hash that tells `duplicate` from `conflict`: SHA-256 over the JSON of everything the phone sent
 * for this (id, rev) except the id and rev themselves, as zod parsed it (members in the schemas'
 * declared order, unknown members refused), so the same content hashes the same whatever order a
 * client wrote its keys in. A resend is byte-identical (sealed once per (id, rev)), so it hashes
 * the same; any other sealing or meta does not. `sealedJson` is also what is stored.
 */
export function sealedContentHash(
  envelope: EnvelopeV2,
  sealedJson = sealedJsonOf(envelope),
): string {
  const { kind, schemaVersion, deleted, createdAt, updatedAt, meta } = envelope;
  // One string, hashed in one call (the same bytes as hashing the parts in turn, so hashes stored
  // earlier still match): a few µs less per record than an incremental Hash object.
  const clear = JSON.stringify([kind, schemaVersion, deleted, createdAt, updatedAt, meta]);
  return oneShotHash('sha256', `${clear}\n${sealedJson ?? 'null'}`, 'hex');
}

function sealedJsonOf(envelope: EnvelopeV2): string | null {
  return envelope.sealed === undefined ? null : JSON.stringify(envelope.sealed);
}

type Prepared =
  | { ok: true; envelope: EnvelopeV2; hash: string; sealedJson: string | null }
  | { ok: false; result: PushResultV2 };

/** Envelope and meta checks and the content hash: pure, done before the write lock is taken. */
function validate(raw: { id: string; rev: number }): Prepared {
  const checked = validateEnvelopeV2(raw);
  if (!checked.ok)
    return {
      ok: false,
      result: rejected(raw.id, raw.rev, checked.code, { issues: checked.issues }),
    };
  const sealedJson = sealedJsonOf(checked.envelope);
  return {
    ok: true,
    envelope: checked.envelope,
    hash: sealedContentHash(checked.envelope, sealedJson),
    sealedJson,
  };
}

/** The kid check, against the active keys read inside the transaction. */
function checkKeys(item: Prepared, activeKids: ReadonlySet<string>): Prepared {
  if (!item.ok) return item;
  const { envelope } = item;
  const unknown = (envelope.sealed?.recipients ?? []).filter((r) => !activeKids.has(r.kid));
  if (unknown.length === 0) return item;
  return {
    ok: false,
    result: rejected(envelope.id, envelope.rev, 'unknown_key', {
      issues: unknown.map((r) => ({ path: 'sealed.recipients', message: `unknown kid ${r.kid}` })),
    }),
  };
}

type RevisionRow = Insertable<SealedRevisionTable>;
type CurrentRow = Insertable<SealedCurrentTable>;

/**
 * Stores a push batch of sealed envelopes from one device; one result per record, in order.
 *
 * Invariants kept here (and by the (id, rev) primary key of sealed_revisions):
 *   - every (id, rev) is in sealed_revisions at most once, with the content first accepted for it,
 *     and that row is the only copy of its sealed bytes (sealed_current points at it);
 *   - only the device that owns an id (the first to store it, in v2 or before in v1's
 *     records_current, unless reassigned) can add revisions to it;
 *   - sealed_current holds, per id, the highest rev in sealed_revisions; a rev at or below what v1
 *     already held for the id is `stale`, never current.
 * The batch runs in ONE transaction whose first statement is a write (SQLite takes the write lock
 * before any read), so concurrent pushes of the same record are serialised: the second sees the
 * first's row and answers `duplicate`. Resending anything is safe.
 */
export async function ingestSealedRecords(
  ctx: SealedIngestContext,
  deviceId: string,
  records: readonly { id: string; rev: number }[],
): Promise<PushResultV2[]> {
  const receivedAt = ctx.now().toISOString();
  const validated = records.map(validate);
  // SQLite never gets here twice (one connection serialises batches). On PostgreSQL another
  // replica (or pooled connection) may commit the same (id, rev) or a new id between our reads and
  // our inserts: the primary key refuses our row and the batch is decided again against the new
  // state, answering `duplicate` or `forbidden` as if it had arrived second.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ingestOnce(ctx, deviceId, validated, receivedAt);
    } catch (error) {
      if (attempt >= MAX_INGEST_ATTEMPTS || !isRetryableConflict(error)) throw error;
    }
  }
}

/** Conflicting transactions one batch may lose in a row before its push fails with a 500. */
const MAX_INGEST_ATTEMPTS = 8;

async function ingestOnce(
  ctx: SealedIngestContext,
  deviceId: string,
  validated: readonly Prepared[],
  receivedAt: string,
): Promise<PushResultV2[]> {
  return ctx.db.transaction().execute(async (trx) => {
    const seen = await trx
      .updateTable('devices')
      .set({ last_seen_at: receivedAt })
      .where('id', '=', deviceId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(seen.numUpdatedRows) !== 1) throw new DeviceRevokedError();

    // Read inside the transaction: a key retired a moment ago is refused from this batch on.
    const kids = await trx
      .selectFrom('district_keys')
      .select('kid')
      .where('retired_at', 'is', null)
      .execute();
    const activeKids = new Set(kids.map((row) => row.kid));
    const prepared = validated.map((item) => checkKeys(item, activeKids));
    const valid = prepared.flatMap((item) => (item.ok ? [item] : []));
    const ids = [...new Set(valid.map((item) => item.envelope.id))];

    const current = new Map<string, { rev: number; deviceId: string; v2: boolean }>();
    const storedHashes = new Map<string, string>();
    if (ids.length > 0) {
      // The current state of every id in one statement (one round trip on PostgreSQL): its v2
      // row, and its v1 row — a record first synced with v1 keeps its owner and its rev, and v2
      // continues above it. Where both exist, the v2 row decides.
      const padded = padForIn(ids);
      const rows = await trx
        .selectFrom('sealed_current')
        .select(['id', 'rev', 'device_id', sql<number>`1`.as('v2')])
        .where('id', 'in', padded)
        .unionAll(
          trx
            .selectFrom('records_current')
            .select(['id', 'rev', 'device_id', sql<number>`0`.as('v2')])
            .where('id', 'in', padded),
        )
        .execute();
      for (const row of rows) {
        const v2 = Number(row.v2) === 1;
        if (!v2 && current.get(row.id)?.v2 === true) continue;
        current.set(row.id, { rev: Number(row.rev), deviceId: row.device_id, v2 });
      }
      const knownV2 = ids.filter((id) => current.get(id)?.v2 === true);
      if (knownV2.length > 0) {
        const revs = [
          ...new Set(
            valid.filter((item) => current.has(item.envelope.id)).map((item) => item.envelope.rev),
          ),
        ];
        for (const row of await trx
          .selectFrom('sealed_revisions')
          .select(['id', 'rev', 'content_hash'])
          .where('id', 'in', padForIn(knownV2))
          .where('rev', 'in', padForIn(revs))
          .execute())
          storedHashes.set(`${row.id}#${Number(row.rev)}`, row.content_hash);
      }
    }
    const hadV2Current = new Set(ids.filter((id) => current.get(id)?.v2 === true));

    const results: PushResultV2[] = [];
    const newRevisions: RevisionRow[] = [];
    const newCurrent = new Map<string, CurrentRow>();
    for (const item of prepared) {
      if (!item.ok) {
        results.push(item.result);
        continue;
      }
      const { envelope, hash, sealedJson } = item;
      const { id, rev } = envelope;
      const owner = current.get(id);
      if (owner !== undefined && owner.deviceId !== deviceId) {
        results.push(rejected(id, rev, 'forbidden'));
        continue;
      }
      const key = `${id}#${rev}`;
      const existing = storedHashes.get(key);
      if (existing !== undefined) {
        results.push(
          existing === hash
            ? { id, rev, status: 'duplicate' }
            : rejected(id, rev, 'conflict', { currentRev: owner?.rev ?? rev }),
        );
        continue;
      }
      if (owner !== undefined && !owner.v2 && rev <= owner.rev) {
        // v1 holds this rev or a higher one in clear; v2 cannot compare: the phone renumbers.
        results.push({ id, rev, status: 'stale', currentRev: owner.rev });
        continue;
      }
      const meta = JSON.stringify(envelope.meta);
      newRevisions.push({
        id,
        rev,
        device_id: deviceId,
        kind: envelope.kind,
        schema_version: envelope.schemaVersion,
        created_at: envelope.createdAt,
        updated_at: envelope.updatedAt,
        deleted: envelope.deleted ? 1 : 0,
        meta,
        sealed: sealedJson,
        content_hash: hash,
        received_at: receivedAt,
      });
      storedHashes.set(key, hash);
      if (owner !== undefined && owner.rev > rev) {
        // An older rev arriving late is kept in the history; the current view stays higher.
        results.push({ id, rev, status: 'stale', currentRev: owner.rev });
        continue;
      }
      current.set(id, { rev, deviceId, v2: true });
      newCurrent.set(id, {
        id,
        rev,
        device_id: deviceId,
        kind: envelope.kind,
        deleted: envelope.deleted ? 1 : 0,
        meta,
        created_at: envelope.createdAt,
        updated_at: envelope.updatedAt,
        received_at: receivedAt,
      });
      results.push({ id, rev, status: 'stored' });
    }

    for (const chunk of insertChunks(newRevisions))
      await trx.insertInto('sealed_revisions').values(chunk).execute();
    const inserts = [...newCurrent.values()].filter((row) => !hadV2Current.has(row.id));
    for (const chunk of insertChunks(inserts))
      await trx.insertInto('sealed_current').values(chunk).execute();
    for (const row of newCurrent.values()) {
      if (!hadV2Current.has(row.id)) continue;
      const { id, ...changes } = row;
      // Only ever raised (the device row's lock already serialises this device's pushes).
      await trx
        .updateTable('sealed_current')
        .set(changes)
        .where('id', '=', id)
        .where('rev', '<', row.rev)
        .execute();
    }
    return results;
  });
}
