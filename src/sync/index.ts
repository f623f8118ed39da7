// The app-facing sync API: one engine per tab wired to src/data, the page's events and fetch;
// enrollment; the copyable sync log; Background Sync where the browser has it.
import {
  countOutbox,
  createDeviceKeyPair,
  getVaultStatus,
  listSyncLog,
  onOutboxChange,
  onVaultChange,
  saveDeviceKey,
  saveDistrict,
  saveEnrollment,
  verifiedDistrictKeys,
} from '../data';
import { clearSyncPause, createDataPorts } from './dataPorts';
import { createSyncEngine, type LockManagerLike, type SyncEngine, type SyncStatus } from './engine';
import {
  enrollDeviceWith,
  type EnrolledDistrict,
  type EnrollInput,
  type Enrollment,
} from './enroll';
import { SyncError } from './errors';
import { formatSyncLog } from './log';

export type { SyncPhase, SyncStatus, SyncLogEntry } from './engine';
export { SyncError, rejectionMessageKey, syncErrorKey, type SyncErrorCode } from './errors';
export {
  normaliseServerUrl,
  type EnrollInput,
  type Enrollment,
  type EnrolledDistrict,
} from './enroll';

export interface SyncController {
  requestSync(reason: string): void;
  subscribe(fn: (s: SyncStatus) => void): () => void;
  getStatus(): SyncStatus;
  stop(): void;
}

/** Tag of the Background Sync registration; the service worker answers it. */
export const BACKGROUND_SYNC_TAG = 'jejaring-sync';

let active: { controller: SyncController; engine: SyncEngine } | undefined;

/** Resolves after `ms`, or at once when `signal` aborts. */
function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function browserLocks(): LockManagerLike | undefined {
  if (typeof navigator === 'undefined') return undefined;
  const locks = (navigator as Navigator & { locks?: LockManagerLike }).locks;
  return locks && typeof locks.request === 'function' ? locks : undefined;
}

function isVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState !== 'hidden';
}

/**
 * Starts this tab's sync (idempotent: returns the running controller). Syncs at start, when the
 * network returns, when the page becomes visible, ~2 s after a save, every minute while visible,
 * after unlocking, and on requestSync.
 */
export function startSync(): SyncController {
  if (active) return active.controller;
  const engine = createSyncEngine({
    ...createDataPorts(),
    fetch: (input, init) => globalThis.fetch(input, init),
    now: () => Date.now(),
    random: () => Math.random(),
    sleep: abortableSleep,
    locks: browserLocks(),
    isOnline: () => typeof navigator === 'undefined' || navigator.onLine !== false,
  });
  const cleanups: (() => void)[] = [];
  if (typeof window !== 'undefined') {
    const onOnline = () => engine.handleOnline();
    window.addEventListener('online', onOnline);
    cleanups.push(() => window.removeEventListener('online', onOnline));
  }
  if (typeof document !== 'undefined') {
    const onVisibility = () => engine.handleVisibility(isVisible());
    document.addEventListener('visibilitychange', onVisibility);
    cleanups.push(() => document.removeEventListener('visibilitychange', onVisibility));
  }
  cleanups.push(
    onOutboxChange(() => {
      engine.notifyOutboxChanged();
      if (typeof navigator !== 'undefined' && navigator.onLine === false) {
        void registerBackgroundSync().catch(() => false);
      }
    }),
  );
  cleanups.push(
    onVaultChange((status) => {
      if (status === 'unlocked') engine.requestSync('unlocked');
    }),
  );
  // A request that failed for lack of network: let the browser wake us when it is back
  // (registered once per outage).
  let backgroundSyncRegistered = false;
  cleanups.push(
    engine.subscribe((s) => {
      const noNetwork = s.phase === 'offline' || s.lastErrorKey === 'sync:errors.network';
      if (noNetwork && !backgroundSyncRegistered) {
        backgroundSyncRegistered = true;
        void registerBackgroundSync().catch(() => false);
      } else if (s.phase === 'idle') {
        backgroundSyncRegistered = false;
      }
    }),
  );
  const controller: SyncController = {
    requestSync: (reason) => engine.requestSync(reason),
    subscribe: (fn) => engine.subscribe(fn),
    getStatus: () => engine.getStatus(),
    stop() {
      engine.stop();
      for (const cleanup of cleanups.splice(0)) cleanup();
      if (active?.controller === controller) active = undefined;
    },
  };
  if (!isVisible()) engine.handleVisibility(false);
  engine.start();
  active = { controller, engine };
  return controller;
}

/**
 * Enrolls this phone with the coordinator's server (contract v2, with a device key made here) and
 * stores the credentials, the device key (private half and token encrypted with the data key) and
 * the district's keys, then clears a needs_enrollment pause and syncs. Throws SyncError.
 */
export async function enrollDevice(
  input: EnrollInput,
): Promise<Enrollment & { district: EnrolledDistrict }> {
  return enrollDeviceWith(
    {
      fetch: (url, init) => globalThis.fetch(url, init),
      // Checked before the request: an enrollment code is single-use and must not be spent
      // when the token could not be stored.
      async ensureWritable() {
        if ((await getVaultStatus()) !== 'unlocked') throw new SyncError('vault_locked');
      },
      createDeviceKey: () => createDeviceKeyPair(),
      // The device key first: an enrollment is never stored without the key the server knows.
      async saveEnrollment(enrollment, { key, district }) {
        await saveDeviceKey(key);
        await saveEnrollment(enrollment);
        await saveDistrict({ ...district, keys: await verifiedDistrictKeys(district.keys) });
      },
      async clearPause() {
        await clearSyncPause();
        active?.engine.notifyEnrolled();
      },
    },
    input,
  );
}

/** The sync log as plain text for a coordinator: times, counts, statuses, error codes only. */
export async function syncLogText(): Promise<string> {
  const entries = await listSyncLog();
  const at = (e: Record<string, unknown>) => (typeof e.at === 'string' ? Date.parse(e.at) : 0);
  const ordered = [...entries].sort((a, b) => at(a) - at(b));
  return formatSyncLog(ordered, new Date().toISOString(), await countOutbox());
}

/**
 * Asks the browser to wake the service worker when the network is back (Chrome's Background
 * Sync). Resolves false where unsupported (Safari, Firefox): the page's own triggers still run.
 */
export async function registerBackgroundSync(): Promise<boolean> {
  if (
    typeof ServiceWorkerRegistration === 'undefined' ||
    !('sync' in ServiceWorkerRegistration.prototype) ||
    typeof navigator === 'undefined' ||
    !('serviceWorker' in navigator)
  ) {
    return false;
  }
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration) return false;
  const sync = (
    registration as ServiceWorkerRegistration & {
      sync: { register(tag: string): Promise<void> };
    }
  ).sync;
  await sync.register(BACKGROUND_SYNC_TAG);
  return true;
}

/**
 * Syncs when the service worker relays a Background Sync event (`{ type: 'jejaring-sync' }`).
 * Returns a function that stops listening.
 */
export function listenForServiceWorkerSync(
  controller: Pick<SyncController, 'requestSync'>,
  container: EventTarget | undefined = typeof navigator !== 'undefined' &&
  'serviceWorker' in navigator
    ? navigator.serviceWorker
    : undefined,
): () => void {
  if (!container) return () => undefined;
  const onMessage = (event: Event) => {
    const data: unknown = (event as MessageEvent).data;
    if (
      typeof data === 'object' &&
      data !== null &&
      (data as { type?: unknown }).type === 'jejaring-sync'
    ) {
      controller.requestSync('background_sync');
    }
  };
  container.addEventListener('message', onMessage);
  return () => container.removeEventListener('message', onMessage);
}
