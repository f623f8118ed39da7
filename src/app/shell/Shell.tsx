// The unlocked app: header, status bar, the storage-full notice, and the screen for the route.
// It runs the sync engine while mounted (it unmounts on lock, which stops the engine) and the
// idle/background lock.
import { useEffect, useRef, useState } from 'preact/hooks';
import { getRecord } from '../../data';
import { dismissStorageFull, useStorageFull } from '../errors';
import { useT } from '../i18n';
import { isRecordKind } from '../kinds';
import { lazy } from '../lazy';
import { lockApp, useIdleLock } from '../lock/lockApp';
import { QuickExitButton } from '../lock/QuickExitButton';
import { pendingEnrollLink } from '../enrollLink';
import { CorrectionNote } from '../feed';
import { navigate, useRoute, type Route } from '../router';
import { SyncContext, type SyncContextValue } from '../syncContext';
import { Home } from './Home';
import { StatusBar } from './StatusBar';
import { useSyncEngine } from './useSyncEngine';

const records = () => import('../records');
const RecordListScreen = lazy(() => records().then((m) => m.RecordListScreen));
const RecordFormScreen = lazy(() => records().then((m) => m.RecordFormScreen));
const RecordDetailScreen = lazy(() => records().then((m) => m.RecordDetailScreen));
const ContactsScreen = lazy(() => records().then((m) => m.ContactsScreen));
const SearchScreen = lazy(() => records().then((m) => m.SearchScreen));
const settings = () => import('../settings');
const SettingsScreen = lazy(() => settings().then((m) => m.SettingsScreen));
const EnrollScreen = lazy(() => settings().then((m) => m.EnrollScreen));

export function Shell() {
  const t = useT();
  const route = useRoute();
  const sync: SyncContextValue = useSyncEngine();
  useIdleLock();
  useFocusHeadingOnNavigation(route);
  useEnrollLink(route);

  const skipToMain = (event: Event) => {
    // A plain #main link would be read as a route by the hash router.
    event.preventDefault();
    document.getElementById('main')?.focus();
  };

  return (
    <SyncContext.Provider value={sync}>
      <a class="skip-link" href="#main" onClick={skipToMain}>
        {t('app:shell.skip')}
      </a>
      <header class="app-header">
        <a class="app-title" href="#/">
          {t('app:appName')}
        </a>
        <a class="button" href="#/settings">
          {t('app:shell.settings')}
        </a>
        <button type="button" class="button" onClick={() => void lockApp()}>
          {t('app:shell.lock')}
        </button>
      </header>
      <StatusBar />
      <StorageFullNotice />
      <main id="main" tabIndex={-1}>
        <RouteScreen route={route} />
      </main>
      <QuickExitButton />
    </SyncContext.Provider>
  );
}

/** Opened from an enrollment QR code: show the enroll screen once unlocked (after onboarding). */
function useEnrollLink(route: Route): void {
  useEffect(() => {
    const link = pendingEnrollLink();
    if (!link || route.segments[0] === 'enroll') return;
    const query = new URLSearchParams();
    if (link.server) query.set('server', link.server);
    if (link.code) query.set('code', link.code);
    navigate(`/enroll?${query}`, { replace: true });
    // Only when the shell mounts (after unlock): later navigation is the volunteer's own.
  }, []);
}

function RouteScreen({ route }: { route: Route }) {
  const [first, second, third] = route.segments;
  if (first === undefined) return <Home />;
  if (first === 'records' && isRecordKind(second)) {
    if (third === undefined) return <RecordListScreen kind={second} />;
    if (third === 'new') {
      return <RecordFormScreen kind={second} fromId={route.query.get('from') ?? undefined} />;
    }
  }
  if (first === 'record' && second) {
    if (third === undefined) return <RecordDetailScreen id={second} />;
    if (third === 'edit') return <RecordEdit id={second} />;
  }
  if (first === 'settings') return <SettingsScreen section={second} />;
  if (first === 'contacts' && second === undefined) return <ContactsScreen />;
  if (first === 'search' && second === undefined) return <SearchScreen />;
  if (first === 'enroll' && second === undefined) return <EnrollScreen />;
  return <NotFound />;
}

/** The edit form needs the record's kind, which the route does not carry. */
function RecordEdit({ id }: { id: string }) {
  const t = useT();
  const [state, setState] = useState<{
    kind?: string;
    missing?: boolean;
    record?: { id: string; rev: number; deleted: boolean };
  }>({});
  useEffect(() => {
    let live = true;
    getRecord(id).then(
      (record) =>
        live &&
        setState(
          record
            ? { kind: record.kind, record: { id, rev: record.rev, deleted: record.deleted } }
            : { missing: true },
        ),
      () => live && setState({ missing: true }),
    );
    return () => {
      live = false;
    };
  }, [id]);
  if (state.missing) return <NotFound />;
  if (!isRecordKind(state.kind)) {
    return (
      <p class="page muted" role="status">
        {t('app:loading')}
      </p>
    );
  }
  return (
    <>
      {state.record ? (
        <div class="page">
          <CorrectionNote record={state.record} />
        </div>
      ) : null}
      <RecordFormScreen kind={state.kind} id={id} />
    </>
  );
}

function NotFound() {
  const t = useT();
  return (
    <div class="page">
      <h1 tabIndex={-1}>{t('app:notFound.title')}</h1>
      <p>{t('app:notFound.body')}</p>
      <a class="button button-primary" href="#/">
        {t('app:notFound.home')}
      </a>
    </div>
  );
}

function StorageFullNotice() {
  const t = useT();
  const shown = useStorageFull();
  if (!shown) return null;
  return (
    <div class="page">
      <div class="notice notice-error" role="alert">
        <p>
          <strong>{t('app:storageFull.title')}</strong>
        </p>
        <p>{t('app:storageFull.body')}</p>
        <ul>
          <li>{t('app:storageFull.freeSpace')}</li>
          <li>{t('app:storageFull.sync')}</li>
          <li>{t('app:storageFull.backup')}</li>
        </ul>
        <div class="row">
          <a class="button" href="#/settings/backup">
            {t('app:storageFull.backupLink')}
          </a>
          <button type="button" class="button" onClick={dismissStorageFull}>
            {t('app:actions.close')}
          </button>
        </div>
      </div>
    </div>
  );
}

/**
 * After each navigation, move focus to the new screen's heading so screen readers announce it.
 * A new screen starts at its top, header and status included: focusing a heading above the view
 * would only scroll it to the very top edge (it hid under the then sticky header, issue 8 item
 * 7), so the page scrolls up and the focus does not scroll. Lazy screens render their heading a moment
 * later, and a screen may first show the previous screen's heading and then replace it (a form
 * loading another kind), so this watches briefly and focuses the heading that stays.
 */
function useFocusHeadingOnNavigation(route: Route): void {
  const key = `${route.segments.join('/')}?${route.query.toString()}`;
  const previous = useRef(key);
  useEffect(() => {
    if (previous.current === key) return;
    previous.current = key;
    window.scrollTo(0, 0);
    let tries = 0;
    let focused: HTMLElement | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const focusHeading = () => {
      const active = document.activeElement;
      // Someone already tapped or typed elsewhere: leave their focus alone.
      if (focused && active !== focused && active !== document.body && active !== null) return;
      const heading = document.querySelector<HTMLElement>('#main h1');
      if (heading && heading !== active) {
        if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: true });
        focused = heading;
      }
      if (++tries < 40) timer = setTimeout(focusHeading, 50);
    };
    focusHeading();
    return () => clearTimeout(timer);
  }, [key]);
}
