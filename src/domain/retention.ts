// "Less on the phone" (issue 11 §6): which records keep only their summary once the coordinator
// has confirmed receipt and a retention period has passed, and when drafts of those kinds expire.
// Pure: no storage, no clock — callers pass the time.
import type { RecordKind } from './recordKinds';
import type { SummaryPart } from './recordKind';

/** Kinds that hold what a victim told: only their summary stays on the phone after retention. */
export const RETAINED_KINDS = ['screening', 'psychosocial_support', 'referral'] as const;
export type RetainedKind = (typeof RETAINED_KINDS)[number];

/**
 * Review states that confirm the coordinator holds the record. `needs_correction` is left out:
 * the volunteer needs the full content to correct it, so the period waits for the next answer.
 */
export const CONFIRMING_STATES = ['received', 'in_follow_up', 'referred', 'closed'] as const;

/** Periods the volunteer can choose in Settings, in days. */
export const RETENTION_CHOICES = [7, 30, 90] as const;
export const DEFAULT_RETENTION_DAYS = 30;

const DAY_MS = 24 * 3600_000;

export function isRetainedKind(kind: string): kind is RetainedKind {
  return (RETAINED_KINDS as readonly string[]).includes(kind);
}

export function isConfirmingState(state: string): boolean {
  return (CONFIRMING_STATES as readonly string[]).includes(state);
}

/** A stored choice, or the default when it is not one of the choices. */
export function retentionDays(value: unknown): number {
  return typeof value === 'number' && (RETENTION_CHOICES as readonly number[]).includes(value)
    ? value
    : DEFAULT_RETENTION_DAYS;
}

export interface RecordRetentionFacts {
  kind: string;
  deleted: boolean;
  /** Already reduced to its summary. */
  retained: boolean;
  /** The server acknowledged the record's current rev (nothing of it waits in the outbox). */
  acknowledged: boolean;
  /** The coordinator's latest review state, if any. */
  reviewState?: string;
  /** When receipt was first confirmed (epoch ms). */
  confirmedMs?: number;
}

/** Whether a record's full content is due for deletion at `nowMs` with a period of `days`. */
export function isRecordDue(facts: RecordRetentionFacts, nowMs: number, days: number): boolean {
  if (!isRetainedKind(facts.kind) || facts.deleted || facts.retained) return false;
  if (!facts.acknowledged) return false;
  if (facts.reviewState === undefined || !isConfirmingState(facts.reviewState)) return false;
  if (facts.confirmedMs === undefined || !Number.isFinite(facts.confirmedMs)) return false;
  return nowMs - facts.confirmedMs >= days * DAY_MS;
}

/** Whether a draft of `kind` last edited at `updatedMs` has expired. */
export function isDraftDue(kind: string, updatedMs: number, nowMs: number, days: number): boolean {
  if (!isRetainedKind(kind) || !Number.isFinite(updatedMs)) return false;
  return nowMs - updatedMs >= days * DAY_MS;
}

/** The payload fields a retained record keeps: who (initials only) and when. */
const KEPT_FIELDS: Record<RetainedKind, readonly string[]> = {
  screening: ['subjectInitials', 'screenedOn'],
  psychosocial_support: ['subjectInitials', 'supportDate'],
  referral: ['targets', 'referredOn'],
};

/** The summary a retained record keeps: a few fields of the payload, nothing else. */
export function retainedPayload(
  kind: RetainedKind,
  payload: Record<string, unknown>,
): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  // Initials of someone who declined consent were never kept (psychosocial support rule).
  const declined = payload['consent'] === 'declined';
  for (const field of KEPT_FIELDS[kind]) {
    if (declined && field === 'subjectInitials') continue;
    const value = payload[field];
    if (typeof value === 'string' || (Array.isArray(value) && value.every(isString))) {
      kept[field] = value;
    }
  }
  return kept;
}

function isString(v: unknown): v is string {
  return typeof v === 'string';
}

/** The summary line of a retained record, from what it kept. */
export function retainedSummaryParts(
  kind: RecordKind,
  kept: Record<string, unknown>,
): SummaryPart[] {
  const text = (k: string) => (typeof kept[k] === 'string' ? (kept[k] as string) : undefined);
  if (kind === 'referral') {
    const targets = Array.isArray(kept['targets']) ? (kept['targets'] as string[]) : undefined;
    const parts: SummaryPart[] = [];
    if (targets) parts.push({ optionsKey: 'options.referral_targets', value: targets });
    parts.push({ date: text('referredOn') });
    return parts;
  }
  const date = kind === 'screening' ? text('screenedOn') : text('supportDate');
  return [{ text: text('subjectInitials') ?? '—', identifying: true }, { date }];
}
