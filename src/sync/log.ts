// The copyable sync log for coordinators: one plain-text line per event with time, counts,
// statuses and error codes. It is built from a whitelist of fields, so a payload, a name or a
// record id can never reach the text even if a log entry carried one.
import type { SyncLogEntry } from './engine';

const NUMBER_FIELDS = [
  'records',
  'bytes',
  'httpStatus',
  'delayMs',
  'stored',
  'duplicate',
  'stale',
  'rejected',
] as const satisfies readonly (keyof SyncLogEntry)[];

const TOKEN = /^[a-z0-9_]{1,40}$/;

/** One log line, or undefined for an entry that is not a sync log entry. */
export function formatSyncLogLine(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const e = entry as Record<string, unknown>;
  if (typeof e.at !== 'string' || typeof e.event !== 'string' || !TOKEN.test(e.event)) {
    return undefined;
  }
  const at = Number.isNaN(Date.parse(e.at)) ? 'unknown-time' : new Date(e.at).toISOString();
  const parts = [at, e.event];
  if (typeof e.reason === 'string' && TOKEN.test(e.reason)) parts.push(`reason=${e.reason}`);
  if (typeof e.code === 'string' && TOKEN.test(e.code)) parts.push(`code=${e.code}`);
  for (const field of NUMBER_FIELDS) {
    const value = e[field];
    if (typeof value === 'number' && Number.isFinite(value)) parts.push(`${field}=${value}`);
  }
  return parts.join(' ');
}

/** The whole log as text, oldest first, with a header naming the app and the moment of export. */
export function formatSyncLog(
  entries: readonly unknown[],
  nowIso: string,
  pending: number,
): string {
  const lines = entries.map(formatSyncLogLine).filter((l): l is string => l !== undefined);
  return [`Jejaring sync log — exported ${nowIso} — waiting=${pending}`, ...lines, ''].join('\n');
}
