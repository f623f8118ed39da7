import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  countHeldDrafts,
  createAutosaver,
  createVault,
  getDraft,
  getVaultStatus,
  lockVault,
  newRecordId,
  saveDraft,
  saveRecord,
  unlockVault,
} from '../../src/data';
import { freshPhone, PIN, renderApp, tearDown, findScreen } from './helpers';

async function unlockedPhone(): Promise<void> {
  await createVault(PIN);
}

async function lockedPhone(): Promise<void> {
  await createVault(PIN);
  lockVault();
}

describe('lock screen', { timeout: 30_000 }, () => {
  beforeEach(freshPhone);
  afterEach(tearDown);

  it('says the PIN is wrong, then counts down the growing delay with the button disabled', async () => {
    await lockedPhone();
    renderApp();
    await findScreen('Aplikasi terkunci');
    const input = screen.getByLabelText('PIN') as HTMLInputElement;
    expect(input.inputMode).toBe('numeric');
    const button = () => screen.getByRole('button', { name: /^(Buka|Membuka…)$/ });

    // A short PIN is explained without spending an attempt.
    fireEvent.input(input, { target: { value: '12' } });
    fireEvent.click(button());
    await screen.findByText('PIN terlalu pendek. Gunakan minimal 6 angka.');

    fireEvent.input(input, { target: { value: '111111' } });
    fireEvent.click(button());
    await screen.findByText('PIN salah. Periksa lalu coba lagi.');

    // Keep trying wrong PINs until the data layer imposes a delay: the countdown shows and the
    // button stays disabled.
    for (
      let attempt = 0;
      attempt < 5 && !screen.queryByText(/^Coba lagi dalam \d+ detik/);
      attempt++
    ) {
      await waitFor(() => expect((button() as HTMLButtonElement).disabled).toBe(false));
      fireEvent.input(input, { target: { value: '111111' } });
      fireEvent.click(button());
      await waitFor(() => expect(input.value).toBe(''));
    }
    // Once in the announced error, and as the visible countdown.
    expect(
      await screen.findByText(/^PIN salah\. Periksa lalu coba lagi\. Coba lagi dalam \d+ detik\.$/),
    ).toBeTruthy();
    expect(await screen.findByText(/^Coba lagi dalam \d+ detik\.$/)).toBeTruthy();
    expect((button() as HTMLButtonElement).disabled).toBe(true);
    expect(await getVaultStatus()).toBe('locked');
  });

  it('opens the home screen with the right PIN', async () => {
    await lockedPhone();
    renderApp();
    fireEvent.input(await screen.findByLabelText('PIN'), { target: { value: PIN } });
    fireEvent.click(screen.getByRole('button', { name: 'Buka' }));
    await findScreen('Beranda');
  });

  it('"Lupa PIN" states how many records are unsynced, needs the typed word, then wipes', async () => {
    await unlockedPhone();
    await saveRecord({ kind: 'migrant', payload: { name: 'Rina' } });
    await saveRecord({ kind: 'referral', payload: { note: 'x' } });
    await saveRecord({ kind: 'household_visit', payload: { note: 'y' } });
    lockVault();
    renderApp();

    fireEvent.click(await screen.findByRole('button', { name: 'Lupa PIN?' }));
    await screen.findByText(
      '3 catatan di HP ini belum terkirim ke server dan akan hilang selamanya.',
    );
    const wipe = screen.getByRole('button', {
      name: 'Hapus semua data dan mulai dari awal',
    }) as HTMLButtonElement;
    expect(wipe.disabled).toBe(true);
    fireEvent.input(screen.getByLabelText('Ketik HAPUS untuk memastikan'), {
      target: { value: 'hapus' },
    });
    expect(wipe.disabled).toBe(false);
    expect(await getVaultStatus()).toBe('locked'); // nothing wiped before the press
    fireEvent.click(wipe);

    await findScreen('Selamat datang di Jejaring');
    expect(await getVaultStatus()).toBe('uninitialised');
  });
});

describe('automatic lock', { timeout: 30_000 }, () => {
  beforeEach(freshPhone);
  afterEach(() => {
    vi.useRealTimers();
    tearDown();
  });

  it('locks after the configured idle time, writing a pending draft first; activity postpones it', async () => {
    await unlockedPhone();
    window.__JEJARING_TEST__ = { idleMs: 1000 };
    // A draft whose autosave is still waiting (debounce far longer than the test).
    const draftId = newRecordId();
    const autosaver = createAutosaver(saveDraft, 600_000);
    autosaver.schedule({
      id: draftId,
      kind: 'household_visit',
      payload: { note: 'typed just before the lock' },
      updatedAt: new Date().toISOString(),
    });

    // Only the timers the lock uses are faked; IndexedDB keeps its own scheduling.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    renderApp();
    await findScreen('Beranda');

    vi.advanceTimersByTime(800);
    fireEvent.pointerDown(document.body); // activity restarts the idle period
    vi.advanceTimersByTime(800);
    expect(await getVaultStatus()).toBe('unlocked');

    vi.advanceTimersByTime(300);
    vi.useRealTimers();
    await findScreen('Aplikasi terkunci');
    expect(await getVaultStatus()).toBe('locked');

    // The draft was written before the key was forgotten.
    await unlockVault(PIN);
    expect((await getDraft(draftId))?.payload).toEqual({ note: 'typed just before the lock' });
  });

  it('locks when the page goes to the background (grace 0 in this test)', async () => {
    await unlockedPhone();
    window.__JEJARING_TEST__ = { backgroundGraceMs: 0 };
    renderApp();
    await findScreen('Beranda');
    // The shell's effects (lock listeners, sync engine) have run once the sync status shows.
    await screen.findByText('Menunggu dikirim');
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    await findScreen('Aplikasi terkunci');
    visibility.mockRestore();
    expect(await getVaultStatus()).toBe('locked');
  });

  it('the lock button locks at once', async () => {
    await unlockedPhone();
    renderApp();
    await findScreen('Beranda');
    fireEvent.click(screen.getByRole('button', { name: 'Kunci' }));
    await findScreen('Aplikasi terkunci');
  });
});

describe('always lock, quick exit', { timeout: 30_000 }, () => {
  beforeEach(freshPhone);
  afterEach(() => {
    vi.restoreAllMocks();
    tearDown();
  });

  it('locks with unsaved draft changes and storage full: the draft is held in memory and said so', async () => {
    await unlockedPhone();
    const draftId = newRecordId();
    const autosaver = createAutosaver(saveDraft, 600_000);
    autosaver.schedule({
      id: draftId,
      kind: 'household_visit',
      payload: { note: 'belum tersimpan' },
      updatedAt: new Date().toISOString(),
    });
    renderApp();
    await findScreen('Beranda');
    // Storage full: every IndexedDB write fails from here on.
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    fireEvent.click(screen.getByRole('button', { name: 'Kunci' }));
    await findScreen('Aplikasi terkunci');
    expect(await getVaultStatus()).toBe('locked');
    await screen.findByText(/^1 draf belum bisa disimpan karena penyimpanan HP penuh/);
    expect(countHeldDrafts()).toBe(1);
    // Held encrypted: nothing of it is readable while locked.
    await expect(getDraft(draftId)).rejects.toMatchObject({ code: 'vault_locked' });

    // Space again: the next unlock writes it, and it is there.
    put.mockRestore();
    await unlockVault(PIN);
    await waitFor(() => expect(countHeldDrafts()).toBe(0));
    expect((await getDraft(draftId))?.payload).toEqual({ note: 'belum tersimpan' });
  });

  it('quick exit hides everything at once, locks, and leaves only 110/129 and the lock screen', async () => {
    await unlockedPhone();
    await saveRecord({ kind: 'migrant', payload: { name: 'Rina Korban' } });
    renderApp();
    await findScreen('Beranda');
    history.replaceState(null, '', '#/settings');
    fireEvent.click(screen.getByRole('button', { name: 'Keluar cepat: tutup dan kunci sekarang' }));
    // At once, before the lock has even finished.
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Layar kosong');
    for (const hidden of ['Jejaring', 'Beranda', 'Pengaturan', 'Rina']) {
      expect(document.body.textContent).not.toContain(hidden);
    }
    expect(screen.getByRole('link', { name: 'Telepon 110 (Polisi)' }).getAttribute('href')).toBe(
      'tel:110',
    );
    expect(
      screen.getByRole('link', { name: 'Telepon 129 (SAPA KemenPPPA)' }).getAttribute('href'),
    ).toBe('tel:129');
    await waitFor(async () => expect(await getVaultStatus()).toBe('locked'));
    expect(location.hash).toBe('#/');

    fireEvent.click(screen.getByRole('button', { name: 'Lanjut' }));
    await findScreen('Aplikasi terkunci');
    // The lock screen shows nothing of the app either, and the emergency numbers work there too.
    expect(document.body.textContent).not.toContain('Rina');
    expect(screen.getByRole('link', { name: 'Telepon 110 (Polisi)' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Telepon 129 (SAPA KemenPPPA)' })).toBeTruthy();
  });

  it('a passphrase opens the lock screen in passphrase mode; a wrong one says so', async () => {
    const phrase = 'kebun jeruk nenek di lereng merapi';
    await createVault(phrase, { secret: 'passphrase' });
    lockVault();
    renderApp();
    await findScreen('Aplikasi terkunci');
    fireEvent.click(screen.getByRole('button', { name: 'Saya memakai frasa sandi' }));
    const input = screen.getByLabelText('Frasa sandi') as HTMLInputElement;
    expect(input.inputMode).not.toBe('numeric');
    fireEvent.input(input, { target: { value: 'kebun jeruk kakek' } });
    fireEvent.click(screen.getByRole('button', { name: 'Buka' }));
    await screen.findByText('Frasa sandi salah. Periksa lalu coba lagi.');
    fireEvent.input(input, { target: { value: phrase } });
    fireEvent.click(screen.getByRole('button', { name: 'Buka' }));
    await findScreen('Beranda');
  });
});
