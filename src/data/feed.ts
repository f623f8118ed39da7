// What the feed (contract v2) brings to the phone: the district's keys and name, its local
// contacts directory, the coordinators' answers per record and notices. All of it sits in the
// records database, so a page of items and its cursor commit in ONE transaction.
import type { DistrictKey, FeedItem, Sealed } from '../domain/contract';
import { getDb, type NoticeRow, type ReviewRow } from './db';
import { guardWrite } from './errors';
import { emitChange } from './events';
import { isConfirmingState } from '../domain/retention';
import { sweepRetention } from './retention';

export interface District {
  name?: string;
  keys: DistrictKey[];
}

export type ReviewState = 'received' | 'in_follow_up' | 'referred' | 'closed' | 'needs_correction';

export interface RecordReview {
  recordId: string;
  rev: number;
  state: ReviewState;
  at: string;
  unread: boolean;
  /** Sealed to this device's key; open with openReviewNote. */
  hasNote: boolean;
}

export interface Notice {
  id: string;
  at: string;
  text: string;
  unread: boolean;
}

/** The district's name and active keys (from enrollment, then the feed's `keys` items). */
export async function getDistrict(): Promise<District> {
  const db = await getDb();
  const row = await db.feedState.get('district');
  return (row?.value as District | undefined) ?? { keys: [] };
}

/** Stores the district as enrollment answered it and restarts the feed from the beginning. */
export async function saveDistrict(district: District): Promise<void> {
  const db = await getDb();
  await guardWrite(() =>
    db.transaction('rw', db.feedState, async () => {
      await db.feedState.put({ key: 'district', value: district });
      // A new enrollment reads its feed from the start: items repeat harmlessly (keys and
      // directory replace, reviews keep the newest seq, a notice keeps its read mark).
      await db.feedState.bulkDelete(['cursor', 'appliedSeq']);
    }),
  );
  emitChange('outbox');
}

/** The cursor to ask the feed with (undefined: from the start). */
export async function getFeedCursor(): Promise<string | undefined> {
  const db = await getDb();
  return (await db.feedState.get('cursor'))?.value as string | undefined;
}

/**
 * Applies one feed page and stores its cursor. Invariant: the items' effects and the new cursor
 * commit in ONE IndexedDB transaction, so a crash (or a lost answer) never skips an item nor
 * applies one twice: the next fetch starts from the cursor that was committed with the items.
 * Items are idempotent besides (a repeated page, asked with an old cursor, changes nothing):
 * keys and directory replace, a review applies only when its seq is newer than the stored one,
 * a notice is put by id. Returns whether the district keys changed (records may now be sealed).
 */
export async function applyFeedPage(
  items: readonly FeedItem[],
  cursor: string,
): Promise<{ keysChanged: boolean; applied: number }> {
  const db = await getDb();
  const result = await guardWrite(() =>
    db.transaction('rw', db.feedState, db.reviews, db.notices, async () => {
      let keysChanged = false;
      let applied = 0;
      const appliedSeq = ((await db.feedState.get('appliedSeq'))?.value as number | undefined) ?? 0;
      let maxSeq = appliedSeq;
      const ordered = [...items].sort((a, b) => a.seq - b.seq);
      for (const item of ordered) {
        // An item at or below the highest seq already applied came again (old cursor): skip.
        if (item.seq <= appliedSeq) continue;
        maxSeq = Math.max(maxSeq, item.seq);
        applied += 1;
        if (item.type === 'keys') {
          const current = ((await db.feedState.get('district'))?.value as District | undefined) ?? {
            keys: [],
          };
          await db.feedState.put({ key: 'district', value: { ...current, keys: item.keys } });
          keysChanged = true;
        } else if (item.type === 'directory') {
          await db.feedState.put({
            key: 'directory',
            value: { at: item.at, contacts: item.contacts },
          });
        } else if (item.type === 'notice') {
          const seen = await db.notices.get(item.id);
          const row: NoticeRow = {
            id: item.id,
            seq: item.seq,
            at: item.at,
            text: item.text,
            unread: seen?.unread ?? 1,
          };
          await db.notices.put(row);
        } else {
          const existing = await db.reviews.get(item.recordId);
          if (existing && existing.seq >= item.seq) continue;
          // The same answer read again (feed restarted after a new enrollment) stays read.
          const same =
            existing?.rev === item.rev && existing.state === item.state && existing.at === item.at;
          const row: ReviewRow = {
            recordId: item.recordId,
            rev: item.rev,
            state: item.state,
            at: item.at,
            seq: item.seq,
            unread: same ? existing.unread : 1,
          };
          if (isConfirmingState(item.state)) {
            const kept =
              existing && isConfirmingState(existing.state)
                ? (existing.confirmedAt ?? existing.at)
                : undefined;
            row.confirmedAt = kept ?? item.at;
          }
          if (item.note) row.note = item.note;
          await db.reviews.put(row);
        }
      }
      await db.feedState.put({ key: 'appliedSeq', value: maxSeq });
      await db.feedState.put({ key: 'cursor', value: cursor });
      return { keysChanged, applied };
    }),
  );
  if (result.applied > 0) emitChange('records');
  if (result.keysChanged) emitChange('outbox');
  // A confirmation may make full contents due: the sweep never fails the page (it is applied).
  if (result.applied > 0) await sweepRetention().catch(() => undefined);
  return result;
}

function toReview(row: ReviewRow): RecordReview {
  return {
    recordId: row.recordId,
    rev: row.rev,
    state: row.state as ReviewState,
    at: row.at,
    unread: row.unread === 1,
    hasNote: row.note !== undefined,
  };
}

/** The coordinator's latest answer on a record, if any. */
export async function getReview(recordId: string): Promise<RecordReview | undefined> {
  const db = await getDb();
  const row = await db.reviews.get(recordId);
  return row ? toReview(row) : undefined;
}

/** Answers for many records at once (lists). */
export async function getReviews(recordIds: readonly string[]): Promise<Map<string, RecordReview>> {
  const db = await getDb();
  const rows = await db.reviews.bulkGet([...recordIds]);
  const out = new Map<string, RecordReview>();
  for (const row of rows) if (row) out.set(row.recordId, toReview(row));
  return out;
}

/** Answers not seen yet, newest first. */
export async function listUnreadReviews(): Promise<RecordReview[]> {
  const db = await getDb();
  const rows = await db.reviews.where('unread').equals(1).toArray();
  return rows.sort((a, b) => b.seq - a.seq).map(toReview);
}

export async function markReviewRead(recordId: string): Promise<void> {
  const db = await getDb();
  const changed = await guardWrite(() => db.reviews.update(recordId, { unread: 0 }));
  if (changed > 0) emitChange('records');
}

/** Notices, newest first. */
export async function listNotices(): Promise<Notice[]> {
  const db = await getDb();
  const rows = await db.notices.orderBy('seq').reverse().toArray();
  return rows.map((r) => ({ id: r.id, at: r.at, text: r.text, unread: r.unread === 1 }));
}

export async function markNoticeRead(id: string): Promise<void> {
  const db = await getDb();
  const changed = await guardWrite(() => db.notices.update(id, { unread: 0 }));
  if (changed > 0) emitChange('records');
}

/** The district's directory of local services (public information), newest version. */
export async function getDirectory<T = Record<string, unknown>>(): Promise<T[]> {
  const db = await getDb();
  const row = await db.feedState.get('directory');
  return ((row?.value as { contacts?: T[] } | undefined)?.contacts ?? []) as T[];
}

/** The sealed note of a record's review (internal: opened by push.ts with the device key). */
export async function sealedNoteOf(
  recordId: string,
): Promise<{ review: ReviewRow; note: Sealed } | undefined> {
  const db = await getDb();
  const row = await db.reviews.get(recordId);
  return row?.note ? { review: row, note: row.note as Sealed } : undefined;
}
