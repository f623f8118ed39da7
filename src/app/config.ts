// Timing of the automatic lock (issue 2 §6: lock after 5 minutes idle or in the background).
// The browser test harness may shorten both by defining, before the app's script runs
// (Playwright `addInitScript`):  window.__JEJARING_TEST__ = { idleMs: 2000, backgroundGraceMs: 0 }
// Nothing else reads that global; production never defines it.

/** Minutes of no touch, pointer or key activity after which the app locks itself. */
export const IDLE_LOCK_MS = 5 * 60 * 1000;

/**
 * How long the app may stay in the background before it locks. Not zero on purpose: on Android,
 * opening the file picker (backup import) or answering a short call hides the page, and locking
 * then would throw the volunteer out of what they were doing. Drafts are flushed the moment the
 * page is hidden, whatever this grace is; a page that returns after the grace locks at once even
 * if the browser throttled the timer.
 */
export const BACKGROUND_LOCK_GRACE_MS = 30 * 1000;

interface TestOverrides {
  idleMs?: number;
  backgroundGraceMs?: number;
}

declare global {
  interface Window {
    __JEJARING_TEST__?: TestOverrides;
  }
}

function override(name: keyof TestOverrides): number | undefined {
  const value = typeof window === 'undefined' ? undefined : window.__JEJARING_TEST__?.[name];
  return typeof value === 'number' && value >= 0 ? value : undefined;
}

export function idleLockMs(): number {
  return override('idleMs') ?? IDLE_LOCK_MS;
}

export function backgroundLockGraceMs(): number {
  return override('backgroundGraceMs') ?? BACKGROUND_LOCK_GRACE_MS;
}

/** Minimum PIN length (issue 2 §6); src/data enforces it too. */
export const MIN_PIN_LENGTH = 6;
/** Minimum backup passphrase length. */
export const MIN_PASSPHRASE_LENGTH = 8;
