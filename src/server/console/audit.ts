// The console's audit log: append-only and hash-chained. Each entry's hash is SHA-256 over the
// previous entry's hash and the entry's own fields, so changing, removing or reordering any entry
// breaks every later link (verifyAuditChain finds the first broken one). Entries name who did
// what to which record id or account, never content: `detail` holds counts, states and codes.
//
// Invariant: seq is 1, 2, 3, … without gaps; it is assigned as max + 1 inside the writing
// transaction, and the primary key makes a lost race retry instead of forking the chain.
import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AuditAction, AuditEntry } from '../../domain/console';
import type { ServerDb } from '../db';
import { takeAppendLock, type Executor } from '../feed/store';
import { withAppendRetry } from './retry';
import type { ConsoleAuditTable } from './schema';
import { csvCell } from '../../domain/text';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  actorId: string | null;
  actorName: string;
  action: AuditAction;
  target?: string;
  detail?: string;
}

export function auditHash(
  prevHash: string,
  entry: { seq: number; at: string } & AuditInput,
): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(
      JSON.stringify([
        entry.seq,
        entry.at,
        entry.actorId,
        entry.actorName,
        entry.action,
        entry.target ?? null,
        entry.detail ?? null,
      ]),
    )
    .digest('hex');
}

/** Appends inside the caller's transaction (with the change it records). */
export async function appendAuditIn(trx: Executor, input: AuditInput, now: Date): Promise<number> {
  await takeAppendLock(trx);
  const last = await trx
    .selectFrom('console_audit')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const seq = Number(last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const at = now.toISOString();
  const actorName = input.actorName.slice(0, 200);
  const detail = input.detail?.slice(0, 500);
  const target = input.target?.slice(0, 200);
  const entry = { seq, at, ...input, actorName, detail, target };
  await trx
    .insertInto('console_audit')
    .values({
      seq,
      at,
      actor_id: input.actorId,
      actor_name: actorName,
      action: input.action,
      target: target ?? null,
      detail: detail ?? null,
      prev_hash: prevHash,
      hash: auditHash(prevHash, entry),
    })
    .execute();
  return seq;
}

/** Appends one entry in its own transaction (retried on a lost race). */
export async function appendAudit(db: ServerDb, input: AuditInput, now: Date): Promise<number> {
  return withAppendRetry(() => db.transaction().execute((trx) => appendAuditIn(trx, input, now)));
}

function entryOf(row: Selectable<ConsoleAuditTable>): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action as AuditAction,
    ...(row.target !== null ? { target: row.target } : {}),
    ...(row.detail !== null ? { detail: row.detail } : {}),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export interface AuditFilter {
  actor?: string;
  action?: AuditAction;
  from?: string;
  to?: string;
  before?: number;
  limit: number;
}

/** A date-only bound covers its whole day (UTC). */
function bound(value: string, end: boolean): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value))
    return `${value}T${end ? '23:59:59.999' : '00:00:00.000'}Z`;
  return new Date(value).toISOString();
}

/** Entries matching the filter, newest first. `actor` matches an account id or a name. */
export async function queryAudit(
  db: ServerDb,
  filter: AuditFilter,
): Promise<{ items: AuditEntry[]; more: boolean }> {
  let query = db.selectFrom('console_audit').selectAll().orderBy('seq', 'desc');
  if (filter.actor !== undefined && filter.actor !== '') {
    const actor = filter.actor;
    query = query.where((eb) => eb.or([eb('actor_id', '=', actor), eb('actor_name', '=', actor)]));
  }
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.from !== undefined) query = query.where('at', '>=', bound(filter.from, false));
  if (filter.to !== undefined) query = query.where('at', '<=', bound(filter.to, true));
  if (filter.before !== undefined) query = query.where('seq', '<', filter.before);
  const rows = await query.limit(filter.limit + 1).execute();
  return { items: rows.slice(0, filter.limit).map(entryOf), more: rows.length > filter.limit };
}

/** Walks the whole chain in pages; the first seq whose link or hash does not match, if any. */
export async function verifyAuditChain(
  db: ServerDb,
): Promise<{ ok: boolean; entries: number; brokenAt?: number }> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (;;) {
    const rows = await db
      .selectFrom('console_audit')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(1000)
      .execute();
    for (const row of rows) {
      const entry = entryOf(row);
      const recomputed = auditHash(prevHash, entry);
      if (entry.seq !== expectedSeq || entry.prevHash !== prevHash || entry.hash !== recomputed)
        return { ok: false, entries: expectedSeq - 1, brokenAt: expectedSeq };
      prevHash = entry.hash;
      expectedSeq += 1;
    }
    if (rows.length < 1000) return { ok: true, entries: expectedSeq - 1 };
  }
}

export const AUDIT_CSV_HEADER = [
  'seq',
  'at',
  'actor_id',
  'actor_name',
  'action',
  'target',
  'detail',
  'prev_hash',
  'hash',
];

/** CSV (RFC 4180, CRLF) of the entries, oldest first; cells neutralised against formulas. */
export async function auditCsv(
  db: ServerDb,
  filter: Omit<AuditFilter, 'limit' | 'before'>,
): Promise<string> {
  const lines = [AUDIT_CSV_HEADER.join(',')];
  const all: AuditEntry[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await queryAudit(db, { ...filter, limit: 1000, ...(before ? { before } : {}) });
    all.push(...page.items);
    if (!page.more) break;
    before = page.items.at(-1)?.seq;
  }
  for (const e of all.reverse()) {
    lines.push(
      [
        e.seq,
        e.at,
        e.actorId ?? '',
        e.actorName,
        e.action,
        e.target ?? '',
        e.detail ?? '',
        e.prevHash,
        e.hash,
      ]
        .map((v) => csvCell(String(v)))
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
