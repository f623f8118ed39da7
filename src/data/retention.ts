// "Less on the phone" (issue 11 §6): once the coordinator has confirmed receipt of a screening,
// psychosocial-support or referral record and the retention period has passed, its full
// encrypted payload is replaced by a few summary fields (src/domain/retention decides which and
// when); drafts of those kinds expire after the period since their last edit. Nothing the server
// has not acknowledged is touched: a record with an outbox row (queued or rejected) stays whole.
import {
  isDraftDue,
  isRecordDue,
  isRetainedKind,
  retainedPayload,
  retentionDays,
  RETENTION_CHOICES,
} from '../domain/retention';
import { decryptJson, encryptJson } from './crypto';
import { getDb, type RecordRow } from './db';
import { guardWrite } from './errors';
import { emitChange } from './events';
import { forgetPayload, forgetSearchTexts } from './recordCache';
import { getSetting, setSetting } from './settingsStore';
import { slotKey } from './slot';
import { isoToMs, nowIso, nowMs } from './time';
import { isUnlocked, requireKey } from './vault';

const SETTING = 'retentionDays';

/** The volunteer's retention period in days (default 30); readable while locked. */
export async function getRetentionDays(): Promise<number> {
  return retentionDays(await getSetting<number>(slotKey(SETTING)));
}

/** Sets the period (one of RETENTION_CHOICES) and sweeps with it at once. */
export async function setRetentionDays(days: number): Promise<void> {
  if (!(RETENTION_CHOICES as readonly number[]).includes(days)) {
    throw new TypeError(`retention must be one of ${RETENTION_CHOICES.join(', ')} days`);
  }
  await setSetting(slotKey(SETTING), days);
  await sweepRetention();
}

export interface SweepResult {
  records: number;
  drafts: number;
}

let running: Promise<SweepResult> | undefined;

/**
 * Deletes what is due: full contents of confirmed records past the period (the row keeps its
 * id, rev and dates, and an encrypted box of the summary fields), their sealed copies, and
 * drafts of those kinds not edited within the period. Does nothing while locked. One sweep at
 * a time; a call during a sweep waits for it and runs once more.
 */
export function sweepRetention(): Promise<SweepResult> {
  const previous = running ?? Promise.resolve({ records: 0, drafts: 0 });
  const next = previous.catch(() => undefined).then(sweepOnce);
  running = next;
  const done = () => {
    if (running === next) running = undefined;
  };
  next.then(done, done);
  return next;
}

async function sweepOnce(): Promise<SweepResult> {
  if (!isUnlocked()) return { records: 0, drafts: 0 };
  const key = requireKey();
  const days = await getRetentionDays();
  const now = nowMs();
  const db = await getDb();

  const [reviews, drafts] = await db.transaction('r', db.reviews, db.drafts, () =>
    Promise.all([db.reviews.toArray(), db.drafts.toArray()]),
  );
  const byId = new Map(reviews.map((r) => [r.recordId, r]));
  const ids = reviews.map((r) => r.recordId);
  const [rows, queued] = await db.transaction('r', db.records, db.outbox, () =>
    Promise.all([db.records.bulkGet(ids), db.outbox.bulkGet(ids)]),
  );

  const due: RecordRow[] = [];
  rows.forEach((row, i) => {
    if (!row) return;
    const review = byId.get(row.id);
    const confirmedAt = review?.confirmedAt ?? review?.at;
    const facts = {
      kind: row.kind,
      deleted: row.deleted,
      retained: row.retainedAt !== undefined,
      acknowledged: queued[i] === undefined,
      ...(review ? { reviewState: review.state } : {}),
      ...(confirmedAt !== undefined ? { confirmedMs: isoToMs(confirmedAt) } : {}),
    };
    if (isRecordDue(facts, now, days)) due.push(row);
  });

  // Encrypt outside the transaction (an await on WebCrypto would end it), then check again
  // inside that nothing changed meanwhile (same rev, still acknowledged).
  const replacements: RecordRow[] = [];
  for (const row of due) {
    if (!isRetainedKind(row.kind)) continue;
    const payload = await decryptJson<Record<string, unknown>>(key, row.box);
    const box = await encryptJson(key, retainedPayload(row.kind, payload));
    replacements.push({ ...row, box, retainedAt: nowIso(), retainedDays: days });
  }
  const expiredDrafts = drafts
    .filter((d) => isDraftDue(d.kind, d.updatedMs, now, days))
    .map((d) => ({ id: d.id, updatedMs: d.updatedMs }));

  if (replacements.length === 0 && expiredDrafts.length === 0) return { records: 0, drafts: 0 };

  const result = await guardWrite(() =>
    db.transaction('rw', [db.records, db.outbox, db.sealed, db.drafts], async () => {
      let records = 0;
      for (const next of replacements) {
        const [current, inOutbox] = await Promise.all([
          db.records.get(next.id),
          db.outbox.get(next.id),
        ]);
        if (!current || current.rev !== next.rev || current.retainedAt || inOutbox) continue;
        await db.records.put(next);
        // Acknowledged: a sealed copy left behind is of no further use.
        await db.sealed.delete(next.id);
        records += 1;
      }
      let removed = 0;
      for (const d of expiredDrafts) {
        const current = await db.drafts.get(d.id);
        // Edited since the sweep read it: not expired any more.
        if (!current || current.updatedMs !== d.updatedMs) continue;
        await db.drafts.delete(d.id);
        removed += 1;
      }
      return { records, drafts: removed };
    }),
  );
  for (const next of replacements) forgetPayload(next.id);
  if (result.records > 0) forgetSearchTexts();
  if (result.records > 0 || result.drafts > 0) emitChange('records');
  return result;
}
