// Turning errors into words for the volunteer, and the app-wide "storage full" notice.
// Errors from src/data (DataError) and src/sync (SyncError) carry stable codes; the UI translates
// them. Anything else becomes a generic message: the details stay out of the screen and the logs.
import { useEffect, useState } from 'preact/hooks';

/** The code of a DataError / SyncError-like value, if it has one. */
export function errorCode(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') {
    return e.code;
  }
  return undefined;
}

function errorKeyOf(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'key' in e && typeof e.key === 'string') {
    return e.key;
  }
  return undefined;
}

const DATA_ERROR_CODES = new Set([
  'pin_too_short',
  'wrong_pin',
  'pin_delay',
  'vault_locked',
  'vault_exists',
  'quota_exceeded',
  'database_unreadable',
  'decryption_failed',
  'backup_invalid',
  'backup_wrong_passphrase',
  'passphrase_too_short',
  'offline_not_cached',
  'not_found',
]);

/** The i18n key of the message that explains `e` (what happened and what to do). */
export function errorMessageKey(e: unknown): string {
  const key = errorKeyOf(e);
  if (key) return key; // SyncError carries its own `sync:errors.<code>` key.
  const code = errorCode(e);
  if (code && DATA_ERROR_CODES.has(code)) return `app:errors.${code}`;
  return 'app:errors.unexpected';
}

/** Milliseconds to wait before the next PIN attempt, when the error says so. */
export function retryAfterMs(e: unknown): number {
  if (typeof e !== 'object' || e === null || !('details' in e)) return 0;
  const details = e.details;
  if (typeof details !== 'object' || details === null || !('retryAfterMs' in details)) return 0;
  const value = details.retryAfterMs;
  return typeof value === 'number' && value > 0 ? value : 0;
}

// Storage full can happen in any screen (a save, an autosave, an import); the shell shows one
// notice for all of them so no screen can forget to.
type Listener = (shown: boolean) => void;
const listeners = new Set<Listener>();
let storageFull = false;

function setStorageFull(shown: boolean): void {
  storageFull = shown;
  for (const listener of listeners) listener(shown);
}

// A database the app cannot read (an incompatible version, a failed decryption) replaces every
// screen with the one that explains it and offers the raw export before any reset.
const UNREADABLE_CODES = new Set(['database_unreadable', 'decryption_failed']);
type UnreadableListener = (code: string) => void;
const unreadableListeners = new Set<UnreadableListener>();
let unreadableCode: string | undefined;

export function isUnreadableDatabaseError(e: unknown): boolean {
  return UNREADABLE_CODES.has(errorCode(e) ?? '');
}

/** Listen for an unreadable database reported by any screen (also one reported before). */
export function onUnreadableDatabase(listener: UnreadableListener): () => void {
  unreadableListeners.add(listener);
  if (unreadableCode) listener(unreadableCode);
  return () => void unreadableListeners.delete(listener);
}

/** After the reset: the new, empty database is readable. */
export function clearUnreadableDatabase(): void {
  unreadableCode = undefined;
}

/**
 * Report an error caught by a screen. Returns true when the shell took care of it: storage full
 * (the shell explains it; the screen keeps its draft) or an unreadable database.
 */
export function reportError(e: unknown): boolean {
  const code = errorCode(e);
  if (code === 'quota_exceeded') {
    setStorageFull(true);
    return true;
  }
  if (code && UNREADABLE_CODES.has(code)) {
    unreadableCode = code;
    for (const listener of [...unreadableListeners]) listener(code);
    return true;
  }
  return false;
}

export function dismissStorageFull(): void {
  setStorageFull(false);
}

/** Whether the storage-full notice is showing. */
export function useStorageFull(): boolean {
  const [shown, setShown] = useState(storageFull);
  useEffect(() => {
    listeners.add(setShown);
    setShown(storageFull); // A report may have come between the first render and this effect.
    return () => void listeners.delete(setShown);
  }, []);
  return shown;
}

/** Catch storage-full errors nobody handled (e.g. an autosave in the background). */
export function watchUnhandledStorageErrors(): () => void {
  const onRejection = (event: PromiseRejectionEvent) => {
    if (reportError(event.reason)) event.preventDefault();
  };
  addEventListener('unhandledrejection', onRejection);
  return () => removeEventListener('unhandledrejection', onRejection);
}
