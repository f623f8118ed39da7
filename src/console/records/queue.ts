// The queue: records that need action first (coordinator.md §1). Screenings graded tinggi or in
// immediate danger, children, referrals — until someone takes them up (Ditindaklanjuti, Dirujuk,
// Selesai). Ordered by urgency, then by how long ago the phone saved them (longest waiting first),
// with the UPTD PPA's 12-hour mark. Pure: meta (clear) only, so it runs before anything opens.
import type { SealedRecordRow } from './types';

export const OUTREACH_HOURS = 12;
const HOUR = 3_600_000;

/** Lower is more urgent. */
export type Urgency = 0 | 1 | 2 | 3 | 4;
export type QueueReason =
  'immediate_danger' | 'high_risk' | 'urgent_referral' | 'child' | 'referral';

export interface QueueEntry {
  row: SealedRecordRow;
  urgency: Urgency;
  reasons: QueueReason[];
  /** When the phone saved the record (createdAt): the 12-hour clock starts here. */
  savedAt: number;
  /** Milliseconds left to the 12-hour mark (negative: overdue). */
  leftMs: number;
}

/** Review states that take a record off the queue: someone is acting on it, or it is done. */
const TAKEN_UP = new Set(['in_follow_up', 'referred', 'closed']);

export function queueReasons(row: SealedRecordRow): QueueReason[] {
  const meta = row.meta;
  const reasons: QueueReason[] = [];
  if (row.kind === 'screening' && meta.immediateDanger === true) reasons.push('immediate_danger');
  if (row.kind === 'screening' && meta.riskLevel === 'tinggi') reasons.push('high_risk');
  if (row.kind === 'referral' && (meta.urgency === 'emergency' || meta.urgency === 'urgent'))
    reasons.push('urgent_referral');
  if (meta.child === true) reasons.push('child');
  if (row.kind === 'referral' && !reasons.includes('urgent_referral')) reasons.push('referral');
  return reasons;
}

export function urgencyOf(reasons: readonly QueueReason[]): Urgency {
  if (reasons.includes('immediate_danger')) return 0;
  if (reasons.includes('high_risk')) return 1;
  if (reasons.includes('urgent_referral')) return 2;
  if (reasons.includes('child')) return 3;
  return 4;
}

function timeOf(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

/** The queue, most urgent first; within one urgency the longest waiting first; then by id. */
export function buildQueue(rows: readonly SealedRecordRow[], now: number): QueueEntry[] {
  const entries: QueueEntry[] = [];
  for (const row of rows) {
    if (row.deleted || (row.reviewState !== undefined && TAKEN_UP.has(row.reviewState))) continue;
    const reasons = queueReasons(row);
    if (reasons.length === 0) continue;
    const savedAt = timeOf(row.createdAt);
    entries.push({
      row,
      reasons,
      urgency: urgencyOf(reasons),
      savedAt,
      leftMs: savedAt + OUTREACH_HOURS * HOUR - now,
    });
  }
  return entries.sort(
    (a, b) =>
      a.urgency - b.urgency ||
      a.savedAt - b.savedAt ||
      (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0),
  );
}

/** Whole hours and minutes of a duration, for "sisa 3 jam 20 menit" / "lewat 2 jam". */
export function hoursMinutes(ms: number): { hours: number; minutes: number } {
  const total = Math.floor(Math.abs(ms) / 60_000);
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}
