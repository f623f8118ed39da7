// Locking: drafts are written (or, when storage is full, held encrypted in memory) before the
// data key is forgotten. Locking always locks: nothing on screen is a reason to stay open.
import { useEffect } from 'preact/hooks';
import { flushAllAutosavers, flushForLock, lockVault } from '../../data';
import { backgroundLockGraceMs, idleLockMs } from '../config';
import { reportError } from '../errors';

type Listener = (neutral: boolean) => void;
const neutralListeners = new Set<Listener>();
let neutral = false;

function setNeutral(next: boolean): void {
  neutral = next;
  for (const listener of [...neutralListeners]) listener(next);
}

/** Whether the quick-exit screen is showing; App listens. */
export function onNeutralScreen(listener: Listener): () => void {
  neutralListeners.add(listener);
  listener(neutral);
  return () => void neutralListeners.delete(listener);
}

/** Leave the quick-exit screen for the lock screen. */
export function leaveNeutralScreen(): void {
  setNeutral(false);
}

/**
 * Write pending drafts, then lock — always. A draft that cannot be written (storage full) is
 * held encrypted in memory and the lock screen says so (countHeldDrafts); the app locks anyway.
 */
export async function lockApp(): Promise<void> {
  try {
    const { held } = await flushForLock();
    if (held > 0) reportError({ code: 'quota_exceeded' });
  } finally {
    lockVault();
  }
}

/**
 * Quick exit: the screen goes neutral at once (before anything is written), the route is
 * forgotten, then the app locks as lockApp does.
 */
export function quickExit(): Promise<void> {
  setNeutral(true);
  history.replaceState(null, '', '#/');
  return lockApp();
}

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'input'] as const;

/**
 * Lock after idleLockMs() without touch, pointer or key activity, and after
 * backgroundLockGraceMs() in the background (config.ts documents both).
 */
export function useIdleLock(): void {
  useEffect(() => {
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    let backgroundTimer: ReturnType<typeof setTimeout> | undefined;
    // Monotonic: a clock moved while the phone was in the background must not keep it open.
    let hiddenAt: number | undefined;

    const lock = () => {
      clearTimeout(idleTimer);
      clearTimeout(backgroundTimer);
      void lockApp();
    };
    const restartIdle = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(lock, idleLockMs());
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') {
        hiddenAt = performance.now();
        // Write drafts now: a page in the background may be killed without another event.
        flushAllAutosavers().catch(reportError);
        const grace = backgroundLockGraceMs();
        if (grace === 0) lock();
        else backgroundTimer = setTimeout(lock, grace);
        return;
      }
      clearTimeout(backgroundTimer);
      // Timers of hidden pages are throttled: check the time the page really spent hidden.
      if (hiddenAt !== undefined && performance.now() - hiddenAt >= backgroundLockGraceMs()) {
        lock();
      } else restartIdle();
      hiddenAt = undefined;
    };

    restartIdle();
    for (const name of ACTIVITY_EVENTS) {
      addEventListener(name, restartIdle, { capture: true, passive: true });
    }
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearTimeout(idleTimer);
      clearTimeout(backgroundTimer);
      for (const name of ACTIVITY_EVENTS) {
        removeEventListener(name, restartIdle, { capture: true });
      }
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);
}
