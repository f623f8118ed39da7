// Operators' safety on the stored data: integrity checks (engine + every row well formed), purging
// one record's content, and the retention of superseded revisions and tombstoned records. Shared by
// the admin CLI and the server (integrity at start, deep health check, daily retention).
//
// "Purged" content: the row's payload becomes '' (PURGED_PAYLOAD). Its id, rev, kind, dates,
// device and keyed content hash stay: the record's existence and history remain visible, and a
// phone that sends the same content again is answered `duplicate` instead of storing it anew.
import { isRecordKind } from '../domain';
import { contentHashOfPayloadJson, unseal, type DataKey } from './crypto';
import type { OpenedDatabase, ServerDb } from './db';
import { payloadContext } from './ingest';

export const PURGED_PAYLOAD = '';

export interface RowProblem {
  table: 'records_current' | 'record_revisions';
  id: string;
  rev: number;
  problem: string;
}

export interface VerifyReport {
  engine: string[];
  rowsChecked: number;
  purgedRows: number;
  problems: RowProblem[];
}

interface StoredRow {
  id: string;
  rev: number | string;
  kind: string;
  schema_version: number;
  created_at: string;
  updated_at: string;
  deleted: number;
  payload: string;
  content_hash: string;
}

const isIsoDate = (text: string) => text.length <= 40 && !Number.isNaN(Date.parse(text));

/** Why a stored row is not well formed, or undefined when it is (purged rows are well formed). */
export function rowProblem(key: DataKey, row: StoredRow): string | undefined {
  const rev = Number(row.rev);
  if (row.id.length === 0 || row.id.length > 64) return 'id length';
  if (!Number.isSafeInteger(rev) || rev < 1) return 'rev';
  if (!isRecordKind(row.kind)) return 'unknown kind';
  if (!Number.isSafeInteger(Number(row.schema_version))) return 'schema version';
  if (Number(row.deleted) !== 0 && Number(row.deleted) !== 1) return 'deleted flag';
  if (!isIsoDate(row.created_at) || !isIsoDate(row.updated_at)) return 'dates';
  if (!/^[0-9a-f]{64}$/.test(row.content_hash)) return 'content hash';
  if (row.payload === PURGED_PAYLOAD) return undefined;
  let payloadJson: string;
  try {
    payloadJson = unseal(key, row.payload, payloadContext(row.id, rev));
  } catch {
    return 'payload cannot be decrypted';
  }
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(payloadJson) as Record<string, unknown>;
  } catch {
    return 'payload is not JSON';
  }
  const content = {
    kind: row.kind,
    schemaVersion: Number(row.schema_version),
    deleted: Number(row.deleted) === 1,
    payload,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (contentHashOfPayloadJson(key, content, payloadJson) !== row.content_hash) {
    return 'content hash does not match the content';
  }
  return undefined;
}

/** Every row of a records table, in (id, rev) pages. */
async function* rowsOf(
  db: ServerDb,
  table: 'records_current' | 'record_revisions',
  pageSize = 500,
): AsyncGenerator<StoredRow> {
  let after: { id: string; rev: number } | undefined;
  for (;;) {
    let query = db.selectFrom(table).selectAll().orderBy('id').orderBy('rev').limit(pageSize);
    if (after !== undefined) {
      const from = after;
      query = query.where((eb) => eb(eb.refTuple('id', 'rev'), '>', eb.tuple(from.id, from.rev)));
    }
    const rows = await query.execute();
    for (const row of rows) yield row;
    const last = rows.at(-1);
    if (last === undefined || rows.length < pageSize) return;
    after = { id: last.id, rev: Number(last.rev) };
  }
}

/** The engine's integrity check, then every stored row decrypted and checked against its hash. */
export async function verifyDatabase(opened: OpenedDatabase, key: DataKey): Promise<VerifyReport> {
  const report: VerifyReport = {
    engine: await opened.integrityProblems(),
    rowsChecked: 0,
    purgedRows: 0,
    problems: [],
  };
  for (const table of ['record_revisions', 'records_current'] as const) {
    for await (const row of rowsOf(opened.db, table)) {
      report.rowsChecked += 1;
      if (row.payload === PURGED_PAYLOAD) report.purgedRows += 1;
      const problem = rowProblem(key, row);
      if (problem !== undefined)
        report.problems.push({ table, id: row.id, rev: Number(row.rev), problem });
    }
  }
  return report;
}

/** Removes the content of every revision of one record; resolves to the rows emptied. */
export async function purgeRecord(db: ServerDb, id: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const exists = await trx
      .selectFrom('records_current')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    if (exists === undefined) throw new Error(`No record with id ${id}`);
    const revisions = await trx
      .updateTable('record_revisions')
      .set({ payload: PURGED_PAYLOAD })
      .where('id', '=', id)
      .where('payload', '<>', PURGED_PAYLOAD)
      .executeTakeFirst();
    const current = await trx
      .updateTable('records_current')
      .set({ payload: PURGED_PAYLOAD })
      .where('id', '=', id)
      .where('payload', '<>', PURGED_PAYLOAD)
      .executeTakeFirst();
    return Number(revisions.numUpdatedRows) + Number(current.numUpdatedRows);
  });
}

export interface RetentionResult {
  supersededRevisions: number;
  tombstonedRows: number;
}

/**
 * Retention: content of revisions superseded more than `days` ago (a higher rev is current and
 * was received before the cut-off), and of records deleted (tombstoned) more than `days` ago, all
 * their revisions included. Existence, revs and dates stay.
 */
export async function applyRetention(
  db: ServerDb,
  days: number,
  now: Date = new Date(),
): Promise<RetentionResult> {
  if (!(days >= 1)) throw new Error('Retention must be at least 1 day');
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  return db.transaction().execute(async (trx) => {
    const superseded = await trx
      .updateTable('record_revisions')
      .set({ payload: PURGED_PAYLOAD })
      .where('payload', '<>', PURGED_PAYLOAD)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('records_current')
            .select('records_current.id')
            .whereRef('records_current.id', '=', 'record_revisions.id')
            .whereRef('records_current.rev', '>', 'record_revisions.rev')
            .where('records_current.received_at', '<', cutoff),
        ),
      )
      .executeTakeFirst();
    const tombstonedIds = trx
      .selectFrom('records_current')
      .select('id')
      .where('deleted', '=', 1)
      .where('received_at', '<', cutoff);
    const revisions = await trx
      .updateTable('record_revisions')
      .set({ payload: PURGED_PAYLOAD })
      .where('payload', '<>', PURGED_PAYLOAD)
      .where('id', 'in', tombstonedIds)
      .executeTakeFirst();
    const current = await trx
      .updateTable('records_current')
      .set({ payload: PURGED_PAYLOAD })
      .where('payload', '<>', PURGED_PAYLOAD)
      .where('deleted', '=', 1)
      .where('received_at', '<', cutoff)
      .executeTakeFirst();
    return {
      supersededRevisions: Number(superseded.numUpdatedRows),
      tombstonedRows: Number(revisions.numUpdatedRows) + Number(current.numUpdatedRows),
    };
  });
}
