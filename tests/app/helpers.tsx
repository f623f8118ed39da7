// Shared set-up for the shell's component tests: the real src/data on fake-indexeddb with cheap
// PBKDF2, i18n in Bahasa Indonesia, an empty route, and the real App.
import { cleanup, render, screen, type RenderResult } from '@testing-library/preact';
import { configureVaultForTests, wipeAllLocalData } from '../../src/data';
import { App } from '../../src/app/App';
import { clearUnreadableDatabase, dismissStorageFull } from '../../src/app/errors';
import { changeLanguage, initI18n } from '../../src/app/i18n';

export const PIN = '275190';

/** An empty phone: no databases, Indonesian UI, home route, default lock timing. */
export async function freshPhone(): Promise<void> {
  await wipeAllLocalData();
  configureVaultForTests({ iterations: 1000 });
  await initI18n('id');
  await changeLanguage('id');
  history.replaceState(null, '', '#/');
  delete window.__JEJARING_TEST__;
  dismissStorageFull();
  clearUnreadableDatabase();
}

export function renderApp(): RenderResult {
  return render(<App />);
}

/** Unmounts (which stops the sync engine of an unlocked shell). */
export function tearDown(): void {
  cleanup();
  delete window.__JEJARING_TEST__;
}

/** Captures what downloadBlob hands to the browser (jsdom has no object URLs). */
export function captureDownloads(): { blobs: Blob[]; names: string[]; restore: () => void } {
  const blobs: Blob[] = [];
  const names: string[] = [];
  const create = URL.createObjectURL;
  const revoke = URL.revokeObjectURL;
  const click = HTMLAnchorElement.prototype.click;
  URL.createObjectURL = (blob: Blob | MediaSource) => {
    blobs.push(blob as Blob);
    return `blob:test/${blobs.length}`;
  };
  URL.revokeObjectURL = () => undefined;
  HTMLAnchorElement.prototype.click = function clickDownload(this: HTMLAnchorElement) {
    names.push(this.download);
  };
  return {
    blobs,
    names,
    restore() {
      URL.createObjectURL = create;
      URL.revokeObjectURL = revoke;
      HTMLAnchorElement.prototype.click = click;
    },
  };
}

/**
 * The screen with this heading. Generous timeout: lazy screens are compiled on first import in
 * the test run, which on a busy machine takes longer than findBy's default second.
 */
export function findScreen(name: string | RegExp): Promise<HTMLElement> {
  return screen.findByRole('heading', { name }, { timeout: 15_000 });
}
