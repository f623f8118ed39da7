// Service worker registration and the update flow. A new version only takes over when the
// volunteer taps "Muat ulang", and only after every open draft has been saved: the app never
// reloads under someone mid-form. The shell loads this module (and workbox-window with it) right
// after the first render, so none of it weighs on the first load.
import { useEffect, useState } from 'preact/hooks';
import { flushAllAutosavers } from '../../data';
import { useT } from '../i18n';

export interface PwaState {
  /** Shown once, when the first installation has cached everything. */
  offlineReady: boolean;
  /** A new version is installed and waits for the volunteer's go-ahead. */
  updateWaiting: boolean;
  /** The volunteer tapped "Muat ulang"; drafts are being saved before the reload. */
  updating: boolean;
}

let state: PwaState = { offlineReady: false, updateWaiting: false, updating: false };
const listeners = new Set<(s: PwaState) => void>();
let applyUpdate: (() => Promise<void>) | undefined;

function setState(patch: Partial<PwaState>): void {
  state = { ...state, ...patch };
  for (const listener of listeners) listener(state);
}

/** The current update/offline state, re-rendering on change. */
export function usePwaState(): PwaState {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    listeners.add(setCurrent);
    setCurrent(state);
    return () => void listeners.delete(setCurrent);
  }, []);
  return current;
}

/** Hour between update checks while the app stays open (volunteers rarely close it). */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/**
 * Registers /sw.js (production builds only). Call once after the first render. Resolves when the
 * registration was attempted; failures are logged without personal data and never thrown.
 */
export async function registerServiceWorker(): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  try {
    const { Workbox } = await import('workbox-window');
    const wb = new Workbox('/sw.js', { scope: '/' });
    let reloadRequested = false;

    let announced = false;
    wb.addEventListener('installed', () => {
      // The first installation is the one that finds no worker in control yet (a later update in
      // the same visit finds the claimed first one). workbox-window's isUpdate cannot tell: it
      // says whether the page was controlled when it loaded.
      if (!announced && navigator.serviceWorker.controller === null) {
        announced = true;
        setState({ offlineReady: true });
      }
    });
    wb.addEventListener('waiting', () => setState({ updateWaiting: true }));
    wb.addEventListener('controlling', () => {
      // Only the update the volunteer asked for reloads the page; the first install's claim does
      // not (isUpdate cannot decide this either, see above).
      if (reloadRequested) location.reload();
    });

    applyUpdate = async () => {
      setState({ updating: true });
      try {
        await flushAllAutosavers(); // the draft is saved before the page goes away
      } catch (error) {
        // A draft that cannot be saved (e.g. storage full) must not be lost to a reload.
        setState({ updating: false });
        throw error;
      }
      reloadRequested = true;
      wb.messageSkipWaiting();
    };

    await wb.register();
    setInterval(() => {
      if (navigator.onLine) void wb.update().catch(() => undefined);
    }, UPDATE_CHECK_MS);
    addEventListener('online', () => void wb.update().catch(() => undefined));
  } catch (error) {
    console.warn('Service worker registration failed', error instanceof Error ? error.name : '');
  }
}

const bannerStyle = {
  position: 'fixed',
  left: '0.5rem',
  right: '0.5rem',
  bottom: 'calc(0.5rem + env(safe-area-inset-bottom, 0px))',
  zIndex: 20,
  maxWidth: '40rem',
  margin: '0 auto',
  boxShadow: '0 2px 8px rgba(0, 0, 0, 0.25)',
} as const;

/** How long the "ready offline" note stays before it hides itself. */
const OFFLINE_READY_MS = 8000;

/**
 * "Versi baru tersedia" with "Muat ulang" / "Nanti", and the one-time "Siap dipakai tanpa sinyal".
 * Mount once in the app shell. It never takes focus: the volunteer may be typing.
 */
export function UpdatePrompt() {
  const t = useT();
  const { offlineReady, updateWaiting, updating } = usePwaState();
  const [dismissed, setDismissed] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!offlineReady) return;
    const timer = setTimeout(() => setState({ offlineReady: false }), OFFLINE_READY_MS);
    return () => clearTimeout(timer);
  }, [offlineReady]);

  const reload = () => {
    setFailed(false);
    applyUpdate?.().catch(() => setFailed(true));
  };

  return (
    <div role="status" aria-live="polite">
      {updateWaiting && !dismissed ? (
        <section class="notice notice-ok" style={bannerStyle} aria-labelledby="pwa-update-title">
          <p id="pwa-update-title">
            <strong>{t('pwa:update.title')}</strong>
          </p>
          <p>{t(updating ? 'pwa:update.saving' : 'pwa:update.body')}</p>
          {failed ? <p class="notice-error">{t('pwa:update.failed')}</p> : null}
          <div class="row">
            <button
              type="button"
              class="button button-primary"
              onClick={reload}
              disabled={updating}
            >
              {t('pwa:update.reload')}
            </button>
            <button
              type="button"
              class="button"
              onClick={() => setDismissed(true)}
              disabled={updating}
            >
              {t('pwa:update.later')}
            </button>
          </div>
        </section>
      ) : offlineReady ? (
        // A note with nothing to tap: taps pass through to the form underneath.
        <p class="notice notice-ok" style={{ ...bannerStyle, pointerEvents: 'none' }}>
          {t('pwa:offlineReady')}
        </p>
      ) : null}
    </div>
  );
}
