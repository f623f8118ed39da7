// What coordinators read of the records: current sealed revisions with their clear meta, the
// device's label and the latest review, in pages after a cursor; every revision of one record.
// The server cannot open `sealed`; the coordinator's browser does, with the district key.
import type { ConsoleReview, Decision, SealedRecordRow } from '../../domain/console';
import type { ReviewState, Sealed } from '../../domain/contract';
import type { DataKey } from '../crypto';
import type { ServerDb } from '../db';
import { deviceLabels, devicePublicKeys } from '../devices';

/** Records cursor: `r` + base64url of `[receivedAt, id]` of the last row of the page. */
export function encodeRecordsCursor(receivedAt: string, id: string): string {
  return `r${Buffer.from(JSON.stringify([receivedAt, id])).toString('base64url')}`;
}

/** The position a cursor stands for; null for the start; undefined for a cursor we never made. */
export function decodeRecordsCursor(
  cursor: string | undefined,
): { receivedAt: string; id: string } | null | undefined {
  if (cursor === undefined || cursor === '') return null;
  if (!/^r[A-Za-z0-9_-]{1,300}$/.test(cursor)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor.slice(1), 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string'
    )
      return { receivedAt: value[0], id: value[1] };
  } catch {
    // fall through
  }
  return undefined;
}

interface LatestReview {
  state: ReviewState;
  at: string;
  decision?: Decision;
}

/** The latest review (and latest decision) of each record. */
async function latestReviews(db: ServerDb, ids: string[]): Promise<Map<string, LatestReview>> {
  const latest = new Map<string, LatestReview>();
  if (ids.length === 0) return latest;
  const rows = await db
    .selectFrom('console_reviews')
    .select(['record_id', 'state', 'at', 'decision'])
    .where('record_id', 'in', ids)
    .orderBy('seq')
    .execute();
  for (const row of rows) {
    const previous = latest.get(row.record_id);
    const decision =
      row.decision !== null ? (JSON.parse(row.decision) as Decision) : previous?.decision;
    latest.set(row.record_id, {
      state: row.state as ReviewState,
      at: row.at,
      ...(decision !== undefined ? { decision } : {}),
    });
  }
  return latest;
}

/** One page of current records received after the cursor, oldest first. */
export async function recordsPage(
  db: ServerDb,
  key: DataKey,
  after: { receivedAt: string; id: string } | null,
  limit: number,
): Promise<{ items: SealedRecordRow[]; cursor: string; more: boolean }> {
  let query = db
    .selectFrom('sealed_current as c')
    .innerJoin('sealed_revisions as r', (join) =>
      join.onRef('r.id', '=', 'c.id').onRef('r.rev', '=', 'c.rev'),
    )
    .select([
      'c.id',
      'c.rev',
      'c.kind',
      'r.schema_version',
      'c.created_at',
      'c.updated_at',
      'c.received_at',
      'c.deleted',
      'c.meta',
      'r.sealed',
      'c.device_id',
    ])
    .orderBy('c.received_at')
    .orderBy('c.id')
    .limit(limit + 1);
  if (after !== null)
    query = query.where((eb) =>
      eb.or([
        eb('c.received_at', '>', after.receivedAt),
        eb.and([eb('c.received_at', '=', after.receivedAt), eb('c.id', '>', after.id)]),
      ]),
    );
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const labels = await deviceLabels(
    db,
    key,
    page.map((r) => r.device_id),
  );
  const reviews = await latestReviews(
    db,
    page.map((r) => r.id),
  );
  const publicKeys = await devicePublicKeys(
    db,
    page.map((r) => r.device_id),
  );
  const items = page.map((row): SealedRecordRow => {
    const review = reviews.get(row.id);
    const publicKey = publicKeys.get(row.device_id);
    return {
      id: row.id,
      rev: Number(row.rev),
      kind: row.kind,
      schemaVersion: row.schema_version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      receivedAt: row.received_at,
      deleted: row.deleted === 1,
      meta: JSON.parse(row.meta) as Record<string, unknown>,
      sealed: row.sealed === null ? null : (JSON.parse(row.sealed) as Sealed),
      deviceId: row.device_id,
      deviceLabel: labels.get(row.device_id) ?? '',
      ...(publicKey !== undefined ? { devicePublicKey: publicKey } : {}),
      ...(review !== undefined
        ? {
            reviewState: review.state,
            reviewedAt: review.at,
            ...(review.decision !== undefined ? { decision: review.decision } : {}),
          }
        : {}),
    };
  });
  const last = page.at(-1);
  const cursor =
    last !== undefined
      ? encodeRecordsCursor(last.received_at, last.id)
      : after !== null
        ? encodeRecordsCursor(after.receivedAt, after.id)
        : '';
  return { items, cursor, more: rows.length > limit };
}

/** The current pointer of one record (for reviews), undefined if the server has no such record. */
export async function currentRecord(
  db: ServerDb,
  id: string,
): Promise<{ rev: number; kind: string; deviceId: string } | undefined> {
  const row = await db
    .selectFrom('sealed_current')
    .select(['rev', 'kind', 'device_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { rev: Number(row.rev), kind: row.kind, deviceId: row.device_id };
}

export async function revisionExists(db: ServerDb, id: string, rev: number): Promise<boolean> {
  const row = await db
    .selectFrom('sealed_revisions')
    .select('rev')
    .where('id', '=', id)
    .where('rev', '=', rev)
    .executeTakeFirst();
  return row !== undefined;
}

/** Every stored revision of one record, oldest first. */
export async function recordRevisions(db: ServerDb, id: string) {
  const rows = await db
    .selectFrom('sealed_revisions')
    .selectAll()
    .where('id', '=', id)
    .orderBy('rev')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    rev: Number(row.rev),
    kind: row.kind,
    schemaVersion: row.schema_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    receivedAt: row.received_at,
    deleted: row.deleted === 1,
    meta: JSON.parse(row.meta) as Record<string, unknown>,
    sealed: row.sealed === null ? null : (JSON.parse(row.sealed) as Sealed),
    deviceId: row.device_id,
  }));
}

/** Every review of one record in the order they were stored. */
export async function recordReviews(db: ServerDb, id: string): Promise<ConsoleReview[]> {
  const rows = await db
    .selectFrom('console_reviews as v')
    .innerJoin('console_accounts as a', 'a.id', 'v.account_id')
    .select([
      'v.seq',
      'v.record_id',
      'v.rev',
      'v.state',
      'v.at',
      'v.note',
      'v.decision',
      'v.account_id',
      'a.display_name',
    ])
    .where('v.record_id', '=', id)
    .orderBy('v.seq')
    .execute();
  return rows.map((row) => ({
    seq: Number(row.seq),
    recordId: row.record_id,
    rev: Number(row.rev),
    state: row.state as ReviewState,
    at: row.at,
    ...(row.note !== null ? { note: JSON.parse(row.note) as Sealed } : {}),
    ...(row.decision !== null ? { decision: JSON.parse(row.decision) as Decision } : {}),
    accountId: row.account_id,
    accountName: row.display_name,
  }));
}
