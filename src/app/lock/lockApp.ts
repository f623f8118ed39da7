// Locking: drafts are written before the data key is forgotten, so locking never loses typing.
import { useEffect } from 'preact/hooks';
import { flushAllAutosavers, lockVault } from '../../data';
import { backgroundLockGraceMs, idleLockMs } from '../config';
import { reportError } from '../errors';

/**
 * Flush every pending draft, then lock. When a draft cannot be written (storage full) the app
 * stays unlocked and the storage-full notice explains why: locking would throw that draft away.
 * Returns whether the app locked.
 */
export async function lockApp(): Promise<boolean> {
  try {
    await flushAllAutosavers();
  } catch (e) {
    if (reportError(e)) return false;
  }
  lockVault();
  return true;
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
    let hiddenAt: number | undefined;

    const lock = () => {
      clearTimeout(idleTimer);
      clearTimeout(backgroundTimer);
      void lockApp().then((locked) => {
        if (!locked) restartIdle(); // Try again later, once the volunteer has freed space.
      });
    };
    const restartIdle = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(lock, idleLockMs());
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') {
        hiddenAt = Date.now();
        // Write drafts now: a page in the background may be killed without another event.
        flushAllAutosavers().catch(reportError);
        const grace = backgroundLockGraceMs();
        if (grace === 0) lock();
        else backgroundTimer = setTimeout(lock, grace);
        return;
      }
      clearTimeout(backgroundTimer);
      // Timers of hidden pages are throttled: check the time the page really spent hidden.
      if (hiddenAt !== undefined && Date.now() - hiddenAt >= backgroundLockGraceMs()) lock();
      else restartIdle();
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
