// Wrong-PIN counter and the growing delay. Counted, never dated: the store keeps the number of
// wrong tries and the delay still to wait, and that delay only shrinks by time measured in this
// session with a monotonic clock (performance.now). Moving the phone's clock forward changes
// nothing; a reload resumes from the last remaining time written down (never less), and a page
// killed right after a wrong PIN starts the whole delay again.
import { getSetting, setSetting } from './settingsStore';

export const ATTEMPTS_KEY = 'vaultAttempts';
/** Wrong PINs allowed without delay; then 30 s, doubling, capped at one hour. */
export const FREE_PIN_ATTEMPTS = 3;
const FIRST_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

interface StoredAttempts {
  failures: number;
  /** Delay still to wait, as last written down (ms). */
  remainingMs: number;
  /** Written by app versions before this one (an epoch time): read as the full delay. */
  blockedUntil?: number;
}

let monotonicNow: () => number = () => performance.now();
let session: { failures: number; remainingMs: number; markedAt: number } | undefined;

/** Tests only: replace the monotonic clock. */
export function setMonotonicClockForTests(now: (() => number) | undefined): void {
  monotonicNow = now ?? (() => performance.now());
}

/** Tests only: forget this session's view (as a reload does). */
export function resetAttemptsSession(): void {
  session = undefined;
}

/** Delay (ms) imposed after the given number of consecutive wrong PINs. */
export function delayAfterFailures(failures: number): number {
  if (failures <= FREE_PIN_ATTEMPTS) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** (failures - FREE_PIN_ATTEMPTS - 1), MAX_DELAY_MS);
}

async function load(): Promise<NonNullable<typeof session>> {
  if (!session) {
    const stored = await getSetting<StoredAttempts>(ATTEMPTS_KEY);
    const failures = stored?.failures ?? 0;
    // Older versions stored a wall-clock deadline, which a clock change defeats: wait it all.
    const remainingMs =
      typeof stored?.remainingMs === 'number' ? stored.remainingMs : delayAfterFailures(failures);
    session = { failures, remainingMs, markedAt: monotonicNow() };
  }
  return session;
}

function remainingOf(s: NonNullable<typeof session>): number {
  return Math.max(0, Math.round(s.remainingMs - (monotonicNow() - s.markedAt)));
}

/** Wrong PINs so far and the delay left; writes the shrunken delay down (reload resumes here). */
export async function currentDelay(): Promise<{ attempts: number; retryAfterMs: number }> {
  const s = await load();
  const retryAfterMs = remainingOf(s);
  if (s.failures > 0) {
    s.remainingMs = retryAfterMs;
    s.markedAt = monotonicNow();
    await setSetting(ATTEMPTS_KEY, { failures: s.failures, remainingMs: retryAfterMs }).catch(
      () => undefined, // Storage full: the larger value on disk stays, which is the safe side.
    );
  }
  return { attempts: s.failures, retryAfterMs };
}

/** One more wrong try: the counter grows and the next delay starts now. */
export async function recordFailure(): Promise<{ attempts: number; retryAfterMs: number }> {
  const s = await load();
  s.failures += 1;
  s.remainingMs = delayAfterFailures(s.failures);
  s.markedAt = monotonicNow();
  await setSetting(ATTEMPTS_KEY, { failures: s.failures, remainingMs: s.remainingMs });
  return { attempts: s.failures, retryAfterMs: s.remainingMs };
}

/** The right PIN: the counter starts again. */
export async function clearFailures(): Promise<void> {
  const s = await load();
  if (s.failures === 0 && s.remainingMs === 0) return;
  s.failures = 0;
  s.remainingMs = 0;
  s.markedAt = monotonicNow();
  await setSetting(ATTEMPTS_KEY, { failures: 0, remainingMs: 0 });
}
