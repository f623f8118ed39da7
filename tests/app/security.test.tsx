import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createVault,
  getSecuritySettings,
  getVaultStatus,
  lockVault,
  saveProfile,
  saveRecord,
  unlockVault,
} from '../../src/data';
import { PinStep } from '../../src/app/onboarding/PinStep';
import { freshPhone, PIN, renderApp, tearDown, findScreen } from './helpers';

const PROFILE = {
  name: 'Siti Aminah',
  role: 'kader_posyandu',
  provinceCode: '33',
  villageName: 'Sukamaju',
  trainedInVictimHandling: false,
} as const;

describe('PIN step of onboarding', { timeout: 30_000 }, () => {
  beforeEach(freshPhone);
  afterEach(tearDown);

  it('refuses sequences, repeats and dates with a clear reason, then accepts a good PIN', async () => {
    let created = false;
    render(
      <PinStep
        headingRef={{ current: null }}
        profile={PROFILE}
        additional={false}
        onBack={() => undefined}
        onCreated={() => (created = true)}
      />,
    );
    const pin = screen.getByLabelText('PIN baru');
    const repeat = screen.getByLabelText('Ketik ulang PIN');
    const finish = screen.getByRole('button', { name: 'Selesai' });
    const tries: [string, RegExp][] = [
      ['123456', /^PIN ini berurutan/],
      ['111111', /^PIN ini terlalu banyak memakai angka yang sama/],
      ['123123', /^PIN ini berpola/],
      ['170845', /^PIN ini terlihat seperti tanggal/],
      ['147258', /^PIN ini sangat sering dipakai/],
    ];
    for (const [weak, message] of tries) {
      fireEvent.input(pin, { target: { value: weak } });
      fireEvent.input(repeat, { target: { value: weak } });
      fireEvent.click(finish);
      await screen.findByText(message);
      expect(await getVaultStatus()).toBe('uninitialised');
    }
    fireEvent.input(pin, { target: { value: PIN } });
    fireEvent.input(repeat, { target: { value: PIN } });
    fireEvent.click(finish);
    await waitFor(() => expect(created).toBe(true));
    expect(await getVaultStatus()).toBe('unlocked');
  });

  it('without passkey support, says what a PIN alone protects against and what not', async () => {
    render(
      <PinStep
        headingRef={{ current: null }}
        profile={PROFILE}
        additional={false}
        onBack={() => undefined}
        onCreated={() => undefined}
      />,
    );
    expect(screen.getByText(/tidak menawarkan kunci sandi/)).toBeTruthy();
    expect(screen.getByText(/PIN saja melindungi dari orang yang memegang HP/)).toBeTruthy();
    expect(screen.getByText(/menyalin isi HP dengan alat khusus/)).toBeTruthy();
  });
});

describe('Settings → Keamanan', { timeout: 30_000 }, () => {
  beforeEach(freshPhone);
  afterEach(tearDown);

  it('changes the PIN keeping every record; a wrong current PIN changes nothing', async () => {
    await createVault(PIN);
    await saveProfile(PROFILE);
    await saveRecord({ kind: 'migrant', payload: { name: 'A' } });
    history.replaceState(null, '', '#/settings/security');
    renderApp();
    await findScreen('Keamanan');
    await screen.findByText('Dikunci dengan PIN.');
    expect(screen.getByText(/Argon2id, \d+ MiB memori/)).toBeTruthy();

    const current = screen.getByLabelText('PIN atau frasa sandi saat ini', {
      selector: '#security-current',
    });
    fireEvent.input(current, { target: { value: '603718' } });
    fireEvent.input(screen.getByLabelText('PIN atau frasa sandi baru'), {
      target: { value: '583920' },
    });
    fireEvent.input(screen.getByLabelText('Ketik ulang yang baru'), {
      target: { value: '583920' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Ganti' }));
    await screen.findByText('PIN atau frasa sandi saat ini salah. Tidak ada yang berubah.');

    fireEvent.input(current, { target: { value: PIN } });
    fireEvent.click(screen.getByRole('button', { name: 'Ganti' }));
    await screen.findByText(/^Diganti\./);
    lockVault();
    await expect(unlockVault(PIN)).rejects.toMatchObject({ code: 'wrong_pin' });
    await unlockVault('583920');
    expect(await getVaultStatus()).toBe('unlocked');
  });

  it('the wipe after wrong PINs is off by default and states what it would destroy', async () => {
    await createVault(PIN);
    await saveRecord({ kind: 'migrant', payload: { name: 'A' } });
    await saveRecord({ kind: 'referral', payload: { note: 'B' } });
    history.replaceState(null, '', '#/settings/security');
    renderApp();
    await findScreen('Keamanan');
    const select = (await screen.findByLabelText('Hapus profil ini setelah')) as HTMLSelectElement;
    expect(select.value).toBe('');
    fireEvent.change(select, { target: { value: '10' } });
    await screen.findByText(
      'Setelah 10 kali PIN salah, profil ini, drafnya, dan 2 catatan yang belum terkirim ke server akan hilang selamanya.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Simpan pilihan' }));
    await screen.findByText('Pilihan disimpan.');
    expect((await getSecuritySettings()).wipeAfter).toBe(10);
  });
});
