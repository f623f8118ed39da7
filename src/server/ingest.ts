// Idempotent ingest of pushed records: each (id, rev) is stored at most once, whatever is resent,
// in whatever order, by however many concurrent requests.
import { RECORD_KINDS, toValidationIssues, type ValidationIssue } from '../domain';
import { envelopeSchema, type PushResult, type RecordIssue } from '../domain/envelope';
import { canonicalJson, contentHashOfPayloadJson, seal, type DataKey } from './crypto';
import type { Insertable } from 'kysely';
import type { RecordRevisionTable, ServerDb } from './db';
import { englishMessage } from './messages';
import { isRetryableConflict } from './dialects/postgres';

/** What the domain's validateRecordPayload answers (see src/domain). */
export type PayloadValidation =
  | { ok: true; payload: unknown }
  | { ok: false; code: 'unknown_kind' | 'invalid'; issues: readonly ValidationIssue[] };

export type PayloadValidator = (
  kind: string,
  schemaVersion: number,
  payload: unknown,
) => PayloadValidation;

export interface IngestContext {
  db: ServerDb;
  dataKey: DataKey;
  validatePayload: PayloadValidator;
  now: () => Date;
}

/** Thrown when the pushing device was revoked after its token was checked. */
export class DeviceRevokedError extends Error {
  constructor() {
    super('Device revoked');
    this.name = 'DeviceRevokedError';
  }
}

/** A record that passed validation, ready to be written. */
interface PreparedRecord {
  id: string;
  rev: number;
  kind: string;
  schemaVersion: number;
  createdAt: string;
  updatedAt: string;
  deleted: boolean;
  /** canonicalJson() of the validated payload: hashed, then sealed as the stored payload. */
  payloadJson: string;
  contentHash: string;
}

type Prepared = { ok: true; record: PreparedRecord } | { ok: false; result: PushResult };

const KNOWN_KINDS: ReadonlySet<string> = new Set(RECORD_KINDS);

const REJECTION_MESSAGES = {
  invalid: 'The record does not match its schema; see issues.',
  unknown_kind: 'The server does not know this record kind or schema version.',
  conflict:
    'This id and rev were already stored with different content; save the record again as a new rev.',
  forbidden: 'This record belongs to another device.',
} as const;

/** Where an issue that names no payload field points: the envelope field, or '' (the whole payload). */
function envelopeFieldOf(issue: ValidationIssue): string {
  if (issue.key === 'errors.schema_version') return 'schemaVersion';
  if (issue.key === 'errors.unknown_kind') return 'kind';
  return '';
}

/**
 * Issues as the contract's {path, message}. Payload issues keep the domain's payload-relative path
 * (`name`, `address.villageName`), which is what the app matches against its field names;
 * envelope issues name the envelope field (`createdAt`, `schemaVersion`).
 */
function toRecordIssues(issues: readonly ValidationIssue[], inPayload = false): RecordIssue[] {
  return issues.map((issue) => ({
    path: inPayload && issue.path === '' ? envelopeFieldOf(issue) : issue.path,
    message: englishMessage(issue.key, issue.params),
  }));
}

function rejected(
  id: string,
  rev: number,
  code: keyof typeof REJECTION_MESSAGES,
  issues?: RecordIssue[],
): PushResult {
  const error: NonNullable<PushResult['error']> = { code, message: REJECTION_MESSAGES[code] };
  if (issues !== undefined) error.issues = issues;
  return { id, rev, status: 'rejected', error };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The identity every pushed element needs so that it can be answered on its own. */
export function hasRecordIdentity(value: unknown): value is { id: string; rev: number } {
  return (
    isPlainObject(value) &&
    typeof value.id === 'string' &&
    value.id.length > 0 &&
    value.id.length <= 64 &&
    typeof value.rev === 'number' &&
    Number.isSafeInteger(value.rev) &&
    value.rev >= 1
  );
}

/** Validates one envelope and its payload (pure: no database access). */
function prepare(ctx: IngestContext, raw: { id: string; rev: number }): Prepared {
  const { id, rev } = raw;
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    return {
      ok: false,
      result: rejected(id, rev, 'invalid', toRecordIssues(toValidationIssues(envelope.error))),
    };
  }
  const { kind, schemaVersion, deleted, createdAt, updatedAt } = envelope.data;
  let payload: Record<string, unknown>;
  if (deleted && Object.keys(envelope.data.payload).length === 0) {
    // A tombstone may carry an empty payload; it still has to name a published kind.
    if (!KNOWN_KINDS.has(kind)) return { ok: false, result: rejected(id, rev, 'unknown_kind') };
    payload = {};
  } else {
    const checked = ctx.validatePayload(kind, schemaVersion, envelope.data.payload);
    if (!checked.ok) {
      return checked.code === 'unknown_kind'
        ? {
            ok: false,
            result: rejected(id, rev, 'unknown_kind', toRecordIssues(checked.issues, true)),
          }
        : { ok: false, result: rejected(id, rev, 'invalid', toRecordIssues(checked.issues, true)) };
    }
    payload = isPlainObject(checked.payload) ? checked.payload : envelope.data.payload;
  }
  const content = { kind, schemaVersion, deleted, payload, createdAt, updatedAt };
  const payloadJson = canonicalJson(payload);
  return {
    ok: true,
    record: {
      id,
      rev,
      kind,
      schemaVersion,
      createdAt,
      updatedAt,
      deleted,
      payloadJson,
      contentHash: contentHashOfPayloadJson(ctx.dataKey, content, payloadJson),
    },
  };
}

/** Context bound into a payload's ciphertext, so a sealed payload cannot be moved to another row. */
export function payloadContext(id: string, rev: number): string {
  return `record:${id}:${rev}`;
}

/**
 * Sizes of multi-row INSERTs (at most 200 rows × 12 columns = 2,400 parameters, well under
 * SQLite's 32,766 and PostgreSQL's 65,535). A batch is cut greedily into these sizes, so only a
 * handful of distinct SQL texts ever exist and each stays prepared in db.ts's statement cache (one
 * text per row count would miss it). The phone's full batch (200) and a 100-record push are one
 * statement each: on PostgreSQL every statement is a round trip to the server.
 */
export const INSERT_CHUNK_SIZES = [200, 100, 64, 32, 16, 8, 4, 2, 1] as const;

/** Splits rows into consecutive chunks whose lengths are all in INSERT_CHUNK_SIZES. */
export function insertChunks<T>(rows: readonly T[]): T[][] {
  const chunks: T[][] = [];
  let at = 0;
  for (const size of INSERT_CHUNK_SIZES) {
    while (rows.length - at >= size) {
      chunks.push(rows.slice(at, at + size));
      at += size;
    }
  }
  return chunks;
}

/**
 * The values padded (by repeating the last) to a power-of-two length, so `IN (…)` lists come in
 * a few lengths and their statements are reused. Repeats do not change what `IN` matches.
 */
export function padForIn<T>(values: readonly T[]): T[] {
  const padded = [...values];
  const last = values.at(-1);
  if (last === undefined) return padded;
  let length = 1;
  while (length < values.length) length *= 2;
  while (padded.length < length) padded.push(last);
  return padded;
}

type RecordRow = Insertable<RecordRevisionTable>;

/**
 * Stores a push batch from one device and answers one result per record, in request order.
 *
 * Invariant kept here (and by the (id, rev) primary key of record_revisions):
 *   - every (id, rev) is in record_revisions at most once, with the content first accepted for it;
 *   - only the device that owns an id (records_current.device_id: the first to store it, unless a
 *     coordinator reassigned it with `admin reassign-records`) can add revisions to it;
 *   - records_current holds, per id, the revision with the highest rev in record_revisions.
 * The whole batch runs in ONE transaction whose first statement is a write, so SQLite takes the
 * write lock before any read (no read-then-upgrade race with the admin CLI) and within this process
 * Kysely's single-connection mutex serialises batches; the reads below therefore see every earlier
 * commit, and nothing changes them until this transaction commits. On PostgreSQL (READ COMMITTED,
 * many connections and replicas) the same invariants hold because the primary keys refuse a second
 * (id, rev) or a second current row (the loser retries the whole batch, see ingestRecords), the
 * device row's update locks out that device's other pushes until commit, and records_current is
 * only ever raised (`where rev < new rev`).
 * The batch's existing rows are read once, the records are decided in request order against that
 * state as it evolves (so repeats and several revs of one id inside a batch are answered right), and
 * the new rows are written with multi-row inserts.
 * Resending anything is safe: an identical (id, rev) answers `duplicate`, never a second row.
 */
export async function ingestRecords(
  ctx: IngestContext,
  deviceId: string,
  records: readonly { id: string; rev: number }[],
): Promise<PushResult[]> {
  const prepared = records.map((raw) => prepare(ctx, raw));
  const receivedAt = ctx.now().toISOString();
  const valid = prepared.flatMap((item) => (item.ok ? [item.record] : []));
  const ids = [...new Set(valid.map((record) => record.id))];

  // SQLite never gets here twice (one connection serialises batches). On PostgreSQL, another
  // replica (or pooled connection) may commit the same (id, rev) or a new id between our reads and
  // our inserts: the primary key refuses our row, and the batch is decided again against the new
  // state, answering `duplicate` or `forbidden` as if it had arrived second.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ingestOnce(ctx, deviceId, prepared, valid, ids, receivedAt);
    } catch (error) {
      if (attempt >= MAX_INGEST_ATTEMPTS || !isRetryableConflict(error)) throw error;
    }
  }
}

/** Conflicting transactions one batch may lose in a row before its push fails with a 500. */
const MAX_INGEST_ATTEMPTS = 8;

async function ingestOnce(
  ctx: IngestContext,
  deviceId: string,
  prepared: readonly Prepared[],
  valid: readonly PreparedRecord[],
  ids: readonly string[],
  receivedAt: string,
): Promise<PushResult[]> {
  return ctx.db.transaction().execute(async (trx) => {
    const seen = await trx
      .updateTable('devices')
      .set({ last_seen_at: receivedAt })
      .where('id', '=', deviceId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(seen.numUpdatedRows) !== 1) throw new DeviceRevokedError();

    const current = new Map<string, { rev: number; deviceId: string }>();
    const storedHashes = new Map<string, string>();
    if (ids.length > 0) {
      const currentRows = await trx
        .selectFrom('records_current')
        .select(['id', 'rev', 'device_id'])
        .where('id', 'in', padForIn(ids))
        .execute();
      for (const row of currentRows)
        current.set(row.id, { rev: Number(row.rev), deviceId: row.device_id });
      // Every id with a stored revision has a records_current row (invariant above), so only ids
      // found there can have revisions to compare with: a batch of new records skips this read.
      const knownIds = ids.filter((id) => current.has(id));
      if (knownIds.length > 0) {
        const revs = [
          ...new Set(valid.filter((r) => current.has(r.id)).map((record) => record.rev)),
        ];
        const revisionRows = await trx
          .selectFrom('record_revisions')
          .select(['id', 'rev', 'content_hash'])
          .where('id', 'in', padForIn(knownIds))
          .where('rev', 'in', padForIn(revs))
          .execute();
        for (const row of revisionRows)
          storedHashes.set(`${row.id}#${Number(row.rev)}`, row.content_hash);
      }
    }
    const existedBefore = new Set(current.keys());

    const results: PushResult[] = [];
    const newRevisions: RecordRow[] = [];
    const newCurrent = new Map<string, RecordRow>();
    for (const item of prepared) {
      if (!item.ok) {
        results.push(item.result);
        continue;
      }
      const record = item.record;
      const { id, rev } = record;
      const owner = current.get(id);
      if (owner !== undefined && owner.deviceId !== deviceId) {
        results.push(rejected(id, rev, 'forbidden'));
        continue;
      }
      const key = `${id}#${rev}`;
      const existingHash = storedHashes.get(key);
      if (existingHash !== undefined) {
        results.push(
          existingHash === record.contentHash
            ? { id, rev, status: 'duplicate' }
            : rejected(id, rev, 'conflict'),
        );
        continue;
      }
      const row: RecordRow = {
        id,
        rev,
        device_id: deviceId,
        kind: record.kind,
        schema_version: record.schemaVersion,
        created_at: record.createdAt,
        updated_at: record.updatedAt,
        deleted: record.deleted ? 1 : 0,
        // The canonical text is valid JSON of the same payload (keys sorted): no second stringify.
        payload: seal(ctx.dataKey, record.payloadJson, payloadContext(id, rev)),
        content_hash: record.contentHash,
        received_at: receivedAt,
      };
      // An older rev arriving late is still an accepted version: keep it in the history (it was
      // absent, checked above) but leave the current view on the higher rev.
      newRevisions.push(row);
      storedHashes.set(key, record.contentHash);
      if (owner !== undefined && owner.rev > rev) {
        results.push({ id, rev, status: 'stale' });
        continue;
      }
      current.set(id, { rev, deviceId });
      newCurrent.set(id, row);
      results.push({ id, rev, status: 'stored' });
    }

    for (const chunk of insertChunks(newRevisions)) {
      await trx.insertInto('record_revisions').values(chunk).execute();
    }
    const inserts = [...newCurrent.values()].filter((row) => !existedBefore.has(row.id));
    for (const chunk of insertChunks(inserts)) {
      await trx.insertInto('records_current').values(chunk).execute();
    }
    for (const row of newCurrent.values()) {
      if (!existedBefore.has(row.id)) continue;
      const { id, ...changes } = row;
      // `rev < new rev` keeps the highest rev current even when another PostgreSQL transaction
      // raised it after our read (READ COMMITTED re-checks the condition on the newest row). Then
      // this revision is history only, and its answer becomes `stale`.
      const updated = await trx
        .updateTable('records_current')
        .set(changes)
        .where('id', '=', id)
        .where('rev', '<', row.rev)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) {
        for (const result of results) {
          if (result.id === id && result.rev === row.rev && result.status === 'stored')
            result.status = 'stale';
        }
      }
    }
    return results;
  });
}
