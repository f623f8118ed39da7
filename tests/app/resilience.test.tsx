import { fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVault, DataError, getVaultStatus, lockVault } from '../../src/data';
import { closeDb, DB_NAME } from '../../src/data/db';
import { ErrorBoundary } from '../../src/app/ErrorBoundary';
import { reportError } from '../../src/app/errors';
import { captureDownloads, freshPhone, PIN, renderApp, tearDown, findScreen } from './helpers';

/** Replaces the record database with one from a "future" version this code cannot open. */
async function makeDatabaseIncompatible(): Promise<void> {
  closeDb();
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 100_000);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore('fromTheFuture');
      store.put({ note: 'kept for the coordinator' }, 'k1');
    };
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
    request.onerror = () => reject(request.error);
  });
}

describe('an unreadable database', { timeout: 30_000 }, () => {
  beforeEach(freshPhone);
  afterEach(tearDown);

  it('says what happened and offers the raw export before any reset', async () => {
    await createVault(PIN);
    lockVault();
    await makeDatabaseIncompatible();
    const downloads = captureDownloads();
    try {
      renderApp();
      await findScreen('Data tidak bisa dibaca');
      expect(screen.getByText(/tidak bisa dibaca oleh versi aplikasi ini/)).toBeTruthy();
      // Deleting needs the typed word; the export is the first step.
      const reset = screen.getByRole('button', { name: 'Hapus data dan mulai dari awal' });
      expect((reset as HTMLButtonElement).disabled).toBe(true);

      // The export first says what the file gives away, and writes nothing until confirmed.
      fireEvent.click(screen.getByRole('button', { name: 'Ekspor data mentah' }));
      await screen.findByText('Sebelum mengekspor: baca ini');
      expect(screen.getByText(/tahu atau bisa menebak PIN Anda/)).toBeTruthy();
      fireEvent.click(screen.getByRole('button', { name: 'Batal' }));
      expect(screen.queryByText('Sebelum mengekspor: baca ini')).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(downloads.names).toHaveLength(0);
      fireEvent.click(screen.getByRole('button', { name: 'Ekspor data mentah' }));
      fireEvent.click(
        await screen.findByRole('button', { name: 'Saya mengerti, ekspor sekarang' }),
      );
      await screen.findByText('Berkas data mentah sudah diunduh. Simpan baik-baik.');
      expect(downloads.names[0]).toMatch(/^jejaring-raw-.*\.json$/);
      const dump = await downloads.blobs[0]!.text();
      expect(dump).toContain('fromTheFuture');
      expect(dump).toContain('kept for the coordinator');
      expect(await getVaultStatus()).toBe('locked'); // still nothing deleted

      // Only then, with the typed word, the reset leads to a fresh start.
      fireEvent.input(screen.getByLabelText('Ketik HAPUS untuk memastikan'), {
        target: { value: 'HAPUS' },
      });
      fireEvent.click(reset);
      await findScreen('Selamat datang di Jejaring');
      expect(await getVaultStatus()).toBe('uninitialised');
    } finally {
      downloads.restore();
    }
  });

  it('is shown when a screen reports a failed decryption', async () => {
    await createVault(PIN);
    renderApp();
    await findScreen('Beranda');
    reportError(new DataError('decryption_failed'));
    await findScreen('Data tidak bisa dibaca');
    expect(screen.getByText(/tidak bisa dibuka kuncinya/)).toBeTruthy();
  });
});

describe('storage full', { timeout: 30_000 }, () => {
  beforeEach(freshPhone);
  afterEach(tearDown);

  it('is explained in words with what to do, from any screen', async () => {
    await createVault(PIN);
    renderApp();
    await findScreen('Beranda');
    reportError(new DataError('quota_exceeded'));
    const alert = await screen.findByText('Penyimpanan ponsel penuh');
    expect(alert.closest('[role="alert"]')).toBeTruthy();
    expect(screen.getByText(/Kosongkan ruang/)).toBeTruthy();
    expect(screen.getByText(/Kirim catatan ke server/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Buat cadangan' })).toBeTruthy();
  });

  it('an unhandled storage-full rejection (e.g. an autosave) is caught and shown', async () => {
    const { watchUnhandledStorageErrors } = await import('../../src/app/errors');
    const stop = watchUnhandledStorageErrors();
    try {
      await createVault(PIN);
      renderApp();
      await findScreen('Beranda');
      const event = new Event('unhandledrejection', { cancelable: true }) as PromiseRejectionEvent;
      Object.defineProperty(event, 'reason', { value: new DataError('quota_exceeded') });
      dispatchEvent(event);
      await screen.findByText('Penyimpanan ponsel penuh');
      expect(event.defaultPrevented).toBe(true);
    } finally {
      stop();
    }
  });
});

describe('error boundary', { timeout: 30_000 }, () => {
  beforeEach(freshPhone);
  afterEach(tearDown);

  it('shows what happened instead of a white screen when a screen throws', async () => {
    function Broken(): never {
      throw new Error('render failed');
    }
    const originalError = console.error;
    console.error = () => undefined; // the boundary logs the error's name; keep the output clean
    try {
      render(
        <ErrorBoundary>
          <Broken />
        </ErrorBoundary>,
      );
      await findScreen('Ada yang tidak beres');
      expect(screen.getByRole('button', { name: 'Muat ulang aplikasi' })).toBeTruthy();
    } finally {
      console.error = originalError;
    }
  });
});
