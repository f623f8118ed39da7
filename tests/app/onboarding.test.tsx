import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getLanguage, getProfile, getVaultStatus, lockVault, unlockVault } from '../../src/data';
import { freshPhone, PIN, renderApp, tearDown, findScreen } from './helpers';

describe('first-run onboarding', { timeout: 30_000 }, () => {
  beforeEach(freshPhone);
  afterEach(tearDown);

  it('goes language → profile → PIN (short, then mismatched, then good) → home', async () => {
    renderApp();

    // Step 1: language, big buttons.
    await findScreen('Selamat datang di Jejaring');
    fireEvent.click(screen.getByRole('button', { name: 'Bahasa Indonesia' }));

    // Step 2: profile. Submitting empty puts errors next to the fields and focuses the first.
    await findScreen('Profil Anda');
    // The profile form is its own chunk, loaded after the language step.
    fireEvent.click(await screen.findByRole('button', { name: 'Lanjut' }));
    const name = screen.getByLabelText('Nama');
    await waitFor(() => expect(document.activeElement).toBe(name));
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getAllByText('Wajib diisi.').length).toBeGreaterThan(0);

    fireEvent.input(name, { target: { value: 'Siti Aminah' } });
    fireEvent.change(screen.getByLabelText('Peran di masyarakat'), {
      target: { value: 'kader_posyandu' },
    });
    const province = screen.getByLabelText('Provinsi') as HTMLSelectElement;
    // With no network the built-in province list is used.
    await waitFor(() => expect(province.disabled).toBe(false));
    expect(screen.getByRole('option', { name: 'Jawa Tengah' })).toBeTruthy();
    fireEvent.change(province, { target: { value: '33' } });
    fireEvent.input(screen.getByLabelText('Desa / kelurahan'), { target: { value: 'Sukamaju' } });
    // Trained: yes without a date is refused (Pasal 5 ayat 3 needs the date).
    fireEvent.click(screen.getByLabelText('Ya, sudah ikut pelatihan'));
    fireEvent.click(screen.getByRole('button', { name: 'Lanjut' }));
    await screen.findByText('Isi tanggal pelatihan penanganan korban.');
    fireEvent.input(screen.getByLabelText('Tanggal pelatihan'), {
      target: { value: '2025-03-14' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Lanjut' }));

    // Step 3: PIN on the number pad.
    await findScreen('Buat PIN');
    const pin = screen.getByLabelText('PIN baru') as HTMLInputElement;
    const repeat = screen.getByLabelText('Ketik ulang PIN') as HTMLInputElement;
    expect(pin.inputMode).toBe('numeric');
    expect(pin.type).toBe('password');

    fireEvent.input(pin, { target: { value: '1234' } });
    fireEvent.input(repeat, { target: { value: '1234' } });
    fireEvent.click(screen.getByRole('button', { name: 'Selesai' }));
    await screen.findByText('PIN terlalu pendek. Gunakan minimal 6 angka.');
    expect(await getVaultStatus()).toBe('uninitialised');

    fireEvent.input(pin, { target: { value: PIN } });
    fireEvent.input(repeat, { target: { value: '246811' } });
    fireEvent.click(screen.getByRole('button', { name: 'Selesai' }));
    await screen.findByText('PIN kedua tidak sama dengan yang pertama. Ketik ulang PIN yang sama.');
    expect(await getVaultStatus()).toBe('uninitialised');

    fireEvent.input(repeat, { target: { value: PIN } });
    fireEvent.click(screen.getByRole('button', { name: 'Selesai' }));

    // No network in the test: caching the province's villages fails, is reported, not fatal.
    await screen.findByText(/Daftar desa di provinsi Anda belum bisa diunduh/, undefined, {
      timeout: 5000,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Ke beranda' }));
    await findScreen('Beranda');

    // What was stored: the language, the encrypted profile, a vault that opens with the PIN.
    expect(await getLanguage()).toBe('id');
    expect(await getProfile()).toEqual({
      name: 'Siti Aminah',
      role: 'kader_posyandu',
      provinceCode: '33',
      villageName: 'Sukamaju',
      trainedInVictimHandling: true,
      trainedOn: '2025-03-14',
    });
    lockVault();
    await unlockVault(PIN);
    expect(await getVaultStatus()).toBe('unlocked');
  });

  it('switches the onboarding to English when English is chosen', async () => {
    renderApp();
    await findScreen('Selamat datang di Jejaring');
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    await findScreen('Your profile');
    expect(document.documentElement.lang).toBe('en');
    expect(await getLanguage()).toBe('en');
  });
});
