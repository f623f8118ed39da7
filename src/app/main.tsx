// Entry of the first-load shell. Keep it tiny: screens other than lock and home are lazy-loaded.
// Boot: remembered language → i18n → the app (which asks the vault whether this is a first run).
import { render } from 'preact';
import { getLanguage } from '../data';
import { App } from './App';
import { captureEnrollLink } from './enrollLink';
import { ErrorBoundary } from './ErrorBoundary';
import { watchUnhandledStorageErrors } from './errors';
import { DEFAULT_LANGUAGE, initI18n, LANGUAGES, type Language } from './i18n';
import './styles.css';
import '../ui/ui.css';

async function rememberedLanguage(): Promise<Language> {
  try {
    const lng = await getLanguage();
    return lng && (LANGUAGES as readonly string[]).includes(lng) ? lng : DEFAULT_LANGUAGE;
  } catch {
    // Unreadable settings must not stop the app from explaining itself: use the default.
    return DEFAULT_LANGUAGE;
  }
}

async function boot(): Promise<void> {
  captureEnrollLink(location.hash);
  watchUnhandledStorageErrors();
  await initI18n(await rememberedLanguage());
  const root = document.getElementById('app');
  if (!root) return;
  render(
    <ErrorBoundary>
      <App />
    </ErrorBoundary>,
    root,
  );
  // The service worker registers after the first screen is up (its chunk is not on the first load).
  import('./pwa').then(
    (pwa) => pwa.registerServiceWorker(),
    () => console.warn('Jejaring: service worker module did not load'),
  );
}

void boot();
