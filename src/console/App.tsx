// The console's shell: who is signed in decides what shows — the setup link's screen, sign-in,
// or the screens of the route table the account's roles allow, with navigation, language, lock
// and sign-out. Screens that show record content ask for the district key first.
import { useEffect } from 'preact/hooks';
import { sessionExpired } from './api';
import { changeLanguage, currentLanguage, LANGUAGES, useT } from './i18n';
import { keyring } from './key/keyring';
import { UnlockPanel } from './key/UnlockPanel';
import { LazyScreen } from './lazy';
import { allowed, matchRoute, navigate, useRoute } from './router';
import { homePath, ROUTES } from './routes';
import { lockEvents, lockNow, loadMe, logout, me, watchIdle, type Me } from './session';
import { LoginScreen } from './shell/LoginScreen';
import { SetupScreen } from './shell/SetupScreen';
import { useStore } from './store';

export function App() {
  const t = useT();
  const account = useStore(me);
  const route = useRoute();
  const expired = useStore(sessionExpired);

  useEffect(() => {
    void loadMe();
  }, []);
  useEffect(() => {
    if (expired > 0) {
      lockNow();
      me.set(null);
    }
  }, [expired]);
  // Invariant: 15 minutes without input forgets every key and decrypted record.
  useEffect(() => (account ? watchIdle(lockNow) : undefined), [account]);

  if (route.segments[0] === 'setup') return <SetupScreen token={route.query.get('token') ?? ''} />;
  if (account === undefined)
    return (
      <main class="console-center" aria-busy="true">
        <p>{t('console:common.loading')}</p>
      </main>
    );
  if (account === null) return <LoginScreen />;
  return <Shell account={account} />;
}

function Shell({ account }: { account: Me }) {
  const t = useT();
  const route = useRoute();
  const keys = useStore(keyring);
  useStore(lockEvents);
  const match = matchRoute(ROUTES, route);

  useEffect(() => {
    if (!match) navigate(homePath(account.roles), { replace: true });
  }, [match, account]);
  useEffect(() => {
    const title = match ? t(match.route.titleKey) : t('console:app.name');
    document.title = `${title} — ${t('console:app.name')}`;
  });

  const nav = ROUTES.filter((r) => r.nav !== undefined && allowed(r, account.roles)).sort(
    (a, b) => (a.nav ?? 0) - (b.nav ?? 0),
  );
  const current = route.segments[0] ?? '';

  let content;
  if (!match) content = null;
  else if (!allowed(match.route, account.roles))
    content = (
      <section>
        <h1>{t(match.route.titleKey)}</h1>
        <p role="alert">{t('console:errors.forbidden')}</p>
      </section>
    );
  else if (match.route.needsKey && keys === null) content = <UnlockPanel />;
  else content = <LazyScreen route={match.route} props={{ route, params: match.params }} />;

  return (
    <div class="console-layout">
      <a class="skip-link" href="#main" onClick={skipToMain}>
        {t('console:app.skip')}
      </a>
      <header class="console-header">
        <span class="brand">{t('console:app.name')}</span>
        <span class="who">
          {account.displayName} ({account.roles.map((r) => t(`console:roles.${r}`)).join(', ')})
        </span>
        <label class="lang">
          <span class="visually-hidden">{t('console:app.language')}</span>
          <select
            value={currentLanguage()}
            onChange={(e) => void changeLanguage((e.target as HTMLSelectElement).value as 'id')}
          >
            {LANGUAGES.map((lng) => (
              <option key={lng} value={lng}>
                {t(`console:languages.${lng}`)}
              </option>
            ))}
          </select>
        </label>
        {keys !== null && (
          <button type="button" class="secondary" onClick={lockNow}>
            {t('console:lock.now')}
          </button>
        )}
        <button type="button" class="secondary" onClick={() => void logout()}>
          {t('console:session.signOut')}
        </button>
      </header>
      <nav class="console-nav" aria-label={t('console:app.navigation')}>
        <ul>
          {nav.map((r) => (
            <li key={r.path}>
              <a
                href={`#/${r.path}`}
                aria-current={current === r.path.split('/')[0] ? 'page' : undefined}
              >
                {t(r.titleKey)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" class="console-main" tabIndex={-1}>
        {content}
      </main>
    </div>
  );
}

function skipToMain(event: Event) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}
