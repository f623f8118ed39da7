// Which queued (id, rev) the sync engine has in flight. Memory only, per open database: marking
// a batch `sending` used to rewrite every record row (with its ≈ 1.6 KB encrypted box) just to
// flip a clear index field, the largest share of a push's client cost in Chromium. A queued row
// stays `pending` on disk; reads report `sending` while its (id, rev) is here. A page that closes
// mid-push forgets these marks with it, which is exactly what releasing them at engine start did.
import type { JejaringDb, OutboxRow, RecordRow, SyncState } from './db';

let marks: { db: JejaringDb; refs: Map<string, number> } | undefined;

/** The in-flight marks of `db` (emptied when another database instance is opened). */
export function sendingRefs(db: JejaringDb): Map<string, number> {
  if (marks?.db !== db) marks = { db, refs: new Map() };
  return marks.refs;
}

/**
 * The state to show, from the record's outbox row (schema v4: the sync state lives there, see
 * OutboxRow): none = synced; without `seq` = rejected; queued = pending, or sending while its
 * rev is in flight.
 */
export function shownState(
  db: JejaringDb,
  row: RecordRow,
  queued: OutboxRow | undefined,
): SyncState {
  if (!queued) return 'synced';
  if (queued.seq === undefined) return 'rejected';
  return marks?.db === db && marks.refs.get(row.id) === row.rev ? 'sending' : 'pending';
}

/** True while some record of `db` is marked in flight. */
export function anySending(db: JejaringDb): boolean {
  return marks?.db === db && marks.refs.size > 0;
}
