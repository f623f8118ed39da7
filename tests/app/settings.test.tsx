import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createVault,
  getLanguage,
  getProfile,
  getRetentionDays,
  getVaultStatus,
  listRecords,
  saveProfile,
  saveRecord,
} from '../../src/data';
import { describePublicKey, exportPublicJwk, generateKeyPair } from '../../src/crypto/seal';
import { captureDownloads, freshPhone, PIN, renderApp, tearDown, findScreen } from './helpers';
import { RECORD_KIND_DECLARATIONS, type RecordKind } from '../../src/domain';
import { bytesToBase64, deriveKey, encryptJson, toBytes } from '../../src/data/crypto';

const examplePayload = (kind: RecordKind) =>
  structuredClone(RECORD_KIND_DECLARATIONS[kind].examples[0]) as Record<string, unknown>;

/** A backup file holding `records` as they are (a hostile file), encrypted as exportBackup does. */
async function handMadeBackup(records: unknown[], passphrase: string): Promise<File> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await deriveKey(passphrase, salt, 1000, ['encrypt', 'decrypt']);
  const box = await encryptJson(key, { exportedAt: '2026-11-30T09:15:00+07:00', records });
  const file = {
    format: 'jejaring-backup',
    version: 1,
    salt: bytesToBase64(salt),
    iterations: 1000,
    iv: bytesToBase64(box.iv),
    ciphertext: bytesToBase64(toBytes(box.ciphertext)),
  };
  return new File([JSON.stringify(file)], 'cadangan.jejaring');
}

const PROFILE = {
  name: 'Siti Aminah',
  role: 'kader_posyandu',
  provinceCode: '33',
  villageName: 'Sukamaju',
  trainedInVictimHandling: false,
} as const;

/** An unlocked phone (prepared by `prepare`) showing `route`. */
/** A real district key: the phone checks kid and fingerprint against the key itself. */
async function districtKey() {
  const pair = await generateKeyPair(false);
  const { kid, fingerprint } = await describePublicKey(pair.publicKey);
  return { kid, fingerprint, publicKey: await exportPublicJwk(pair.publicKey) };
}

async function openAt(route: string, prepare?: () => Promise<unknown>): Promise<void> {
  await createVault(PIN);
  await prepare?.();
  history.replaceState(null, '', `#${route}`);
  renderApp();
}

describe('settings', { timeout: 30_000 }, () => {
  beforeEach(freshPhone);
  afterEach(() => {
    vi.unstubAllGlobals();
    tearDown();
  });

  it('switches the language: the UI re-renders in English, <html lang> follows, the choice is kept', async () => {
    await openAt('/settings');
    await findScreen('Pengaturan');
    fireEvent.click(screen.getByLabelText('English'));
    await findScreen('Settings');
    expect(screen.getByRole('button', { name: 'Lock' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    await waitFor(async () => expect(await getLanguage()).toBe('en'));
  });

  it('shows the retention period (30 days by default) and keeps the one chosen', async () => {
    await openAt('/settings');
    await findScreen('Pengaturan');
    fireEvent.click(screen.getByRole('link', { name: /Data di HP ini/ }));
    await findScreen('Data di HP ini');
    expect(screen.getByText(/Koordinator tetap menyimpan isi lengkapnya/)).toBeTruthy();
    await waitFor(() =>
      expect((screen.getByLabelText('30 hari') as HTMLInputElement).checked).toBe(true),
    );
    fireEvent.click(screen.getByLabelText('7 hari'));
    await screen.findByText('Disimpan: isi lengkap dihapus 7 hari setelah diterima koordinator.');
    expect(await getRetentionDays()).toBe(7);
    expect((screen.getByLabelText('90 hari') as HTMLInputElement).checked).toBe(false);
  });

  it('shows whether storage is persistent, space used and available, and advice when not', async () => {
    vi.stubGlobal('navigator', {
      ...navigator,
      onLine: true,
      storage: {
        persisted: async () => false,
        estimate: async () => ({ usage: 5_200_000, quota: 105_200_000 }),
      },
    });
    await openAt('/settings/storage');
    await findScreen('Penyimpanan');
    await screen.findByText('5,2 MB');
    expect(screen.getByText('100 MB')).toBeTruthy();
    expect(screen.getByText('Belum')).toBeTruthy();
    expect(screen.getByText(/Pasang aplikasi ke layar utama/)).toBeTruthy();
  });

  it('edits the profile, including the training status, with errors next to the fields', async () => {
    await openAt('/settings/profile', () => saveProfile(PROFILE));
    const name = (await screen.findByDisplayValue('Siti Aminah')) as HTMLInputElement;
    fireEvent.input(name, { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Simpan' }));
    await screen.findByText('Wajib diisi.');
    await waitFor(() => expect(document.activeElement).toBe(name));

    fireEvent.input(name, { target: { value: 'Siti A.' } });
    fireEvent.click(screen.getByLabelText('Ya, sudah ikut pelatihan'));
    fireEvent.input(screen.getByLabelText('Tanggal pelatihan'), {
      target: { value: '2024-08-01' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Simpan' }));
    await screen.findByText('Profil disimpan.');
    expect(await getProfile()).toEqual({
      ...PROFILE,
      name: 'Siti A.',
      trainedInVictimHandling: true,
      trainedOn: '2024-08-01',
    });
  });

  it('"Hapus semua data" warns with the unsynced count before wiping', async () => {
    await openAt('/settings/wipe', () =>
      saveRecord({ kind: 'migrant', payload: { name: 'Rina' } }),
    );
    await screen.findByText('1 catatan belum terkirim ke server dan akan hilang selamanya.');
    fireEvent.input(screen.getByLabelText('Ketik HAPUS untuk memastikan'), {
      target: { value: 'HAPUS' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Hapus semua data di ponsel ini' }));
    await findScreen('Selamat datang di Jejaring');
    expect(await getVaultStatus()).toBe('uninitialised');
  });

  it('backup: a hostile file shows which records it refused and imports only the valid ones', async () => {
    await openAt('/settings/backup');
    await findScreen('Cadangan');
    const at = '2026-11-30T09:15:00+07:00';
    const record = (change: Record<string, unknown>) => ({
      id: crypto.randomUUID(),
      kind: 'migrant',
      schemaVersion: RECORD_KIND_DECLARATIONS.migrant.schemaVersion,
      rev: 1,
      createdAt: at,
      updatedAt: at,
      deleted: false,
      payload: examplePayload('migrant'),
      syncState: 'synced',
      ...change,
    });
    const pass = 'kebun jeruk nenek merapi';
    const file = await handMadeBackup(
      [record({}), record({ rev: 2 ** 52 }), record({ payload: { name: 7 } })],
      pass,
    );
    fireEvent.change(screen.getByLabelText('Berkas cadangan (.jejaring)'), {
      target: { files: [file] },
    });
    fireEvent.input(
      screen.getByLabelText('Kata sandi cadangan', { selector: '#backup-import-passphrase' }),
      { target: { value: pass } },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Pulihkan' }));
    await screen.findByText('2 catatan dari berkas ditolak dan tidak dipulihkan:', undefined, {
      timeout: 5000,
    });
    expect(
      screen.getByText(/^Catatan ke-2 \(.+\): nomor versi tidak wajar \(kolom: rev\)$/),
    ).toBeTruthy();
    expect(screen.getByText(/^Catatan ke-3 \(.+\): isi tidak sesuai formulir/)).toBeTruthy();
    expect(
      screen.getByText('Selesai: 1 catatan dipulihkan, 0 dilewati karena sudah ada.'),
    ).toBeTruthy();
    expect((await listRecords({})).total).toBe(1);
  });

  it('backup: refuses a short, guessable or mismatched passphrase, exports a file, imports it back', async () => {
    const downloads = captureDownloads();
    const strong = 'kebun jeruk nenek merapi';
    try {
      await openAt('/settings/backup', () =>
        saveRecord({ kind: 'migrant', payload: examplePayload('migrant') }),
      );
      await findScreen('Cadangan');
      const pass = screen.getByLabelText('Kata sandi cadangan', { selector: '#backup-passphrase' });
      const repeat = screen.getByLabelText('Ketik ulang kata sandi');
      const save = screen.getByRole('button', { name: 'Simpan cadangan' });

      fireEvent.input(pass, { target: { value: 'pendek' } });
      fireEvent.click(save);
      await screen.findByText(/Frasa sandi terlalu pendek/);

      // Long enough and several words, but a common phrase: estimated weak as it is typed, and
      // refused on saving.
      fireEvent.input(pass, { target: { value: 'satu dua tiga empat' } });
      await screen.findByText('Kekuatan: lemah — belum bisa dipakai.', undefined, {
        timeout: 5000,
      });
      fireEvent.input(repeat, { target: { value: 'satu dua tiga empat' } });
      fireEvent.click(save);
      await screen.findByText(/Frasa sandi ini mudah ditebak/, undefined, { timeout: 5000 });
      expect(downloads.names).toHaveLength(0);

      fireEvent.input(pass, { target: { value: strong } });
      await screen.findByText('Kekuatan: cukup kuat.', undefined, { timeout: 5000 });
      fireEvent.input(repeat, { target: { value: 'kebun jeruk nenek' } });
      fireEvent.click(save);
      await screen.findByText('Kata sandi kedua tidak sama. Ketik ulang kata sandi yang sama.');

      fireEvent.input(repeat, { target: { value: strong } });
      fireEvent.click(save);
      await screen.findByText('Berkas cadangan sudah diunduh. Simpan di tempat aman.', undefined, {
        timeout: 5000,
      });
      expect(downloads.names[0]).toMatch(/^jejaring-backup-.*\.jejaring$/);
      const backup = downloads.blobs[0]!;

      // Import on the same phone: the record is already here, so it is skipped, not duplicated.
      const file = new File([await backup.arrayBuffer()], 'cadangan.jejaring');
      fireEvent.change(screen.getByLabelText('Berkas cadangan (.jejaring)'), {
        target: { files: [file] },
      });
      const importPass = screen.getByLabelText('Kata sandi cadangan', {
        selector: '#backup-import-passphrase',
      });
      fireEvent.input(importPass, { target: { value: 'salah-sandi' } });
      fireEvent.click(screen.getByRole('button', { name: 'Pulihkan' }));
      await screen.findByText(/Kata sandi cadangan salah/, undefined, { timeout: 5000 });

      fireEvent.input(importPass, { target: { value: strong } });
      fireEvent.click(screen.getByRole('button', { name: 'Pulihkan' }));
      await screen.findByText(
        'Selesai: 0 catatan dipulihkan, 1 dilewati karena sudah ada.',
        undefined,
        { timeout: 5000 },
      );
      expect((await listRecords({})).total).toBe(1);
    } finally {
      downloads.restore();
    }
  });

  it('about names the version, the regulation and the region data licence', async () => {
    await openAt('/settings/about');
    await findScreen('Tentang aplikasi');
    expect(screen.getByText(/idn-area-data.*Open Database License \(ODbL\)/)).toBeTruthy();
    expect(screen.getByText(/Nomor 2 Tahun 2024/)).toBeTruthy();
  });
});

describe('enrollment', { timeout: 30_000 }, () => {
  beforeEach(freshPhone);
  afterEach(tearDown);

  it('explains a server address that is not a URL next to the field, and requires every field', async () => {
    await openAt('/enroll');
    await findScreen('Server koordinator');
    fireEvent.click(screen.getByRole('button', { name: 'Hubungkan' }));
    expect(await screen.findAllByText('Wajib diisi.')).toHaveLength(3);

    fireEvent.input(screen.getByLabelText('Alamat server'), { target: { value: 'bukan alamat' } });
    fireEvent.input(screen.getByLabelText('Kode pendaftaran'), { target: { value: 'ABCD-1234' } });
    fireEvent.input(screen.getByLabelText('Nama ponsel ini'), { target: { value: 'HP kader' } });
    fireEvent.click(screen.getByRole('button', { name: 'Hubungkan' }));
    const message = await screen.findByText(/Alamat server tidak valid/);
    const field = screen.getByLabelText('Alamat server');
    expect(field.getAttribute('aria-describedby')).toContain(message.id);
    expect(document.activeElement).toBe(field);
  });

  it('explains a used or expired code next to the code field', async () => {
    const fetch = vi.fn(
      async () => new Response('{"error":{"code":"enrollment_code_invalid"}}', { status: 403 }),
    );
    vi.stubGlobal('fetch', fetch);
    try {
      await openAt('/enroll');
      await findScreen('Server koordinator');
      fireEvent.input(screen.getByLabelText('Alamat server'), {
        target: { value: 'https://jejaring.example' },
      });
      fireEvent.input(screen.getByLabelText('Kode pendaftaran'), {
        target: { value: 'USED-CODE' },
      });
      fireEvent.input(screen.getByLabelText('Nama ponsel ini'), { target: { value: 'HP kader' } });
      fireEvent.click(screen.getByRole('button', { name: 'Hubungkan' }));
      const message = await screen.findByText(
        /Kode pendaftaran salah, sudah dipakai, atau kedaluwarsa/,
      );
      expect(screen.getByLabelText('Kode pendaftaran').getAttribute('aria-describedby')).toContain(
        message.id,
      );
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("enrolls (v2, with a device key), then shows the server, this device's id and the key fingerprints", async () => {
    const bodies: Record<string, unknown>[] = [];
    const DISTRICT_KEY = await districtKey();
    // A key whose fingerprint the server misstates is left out (never shown, never sealed to).
    const forged = { ...(await districtKey()), fingerprint: '00000 00000 00000 00000' };
    const fetch = vi.fn(async (_url: string, init?: RequestInit) => {
      bodies.push(JSON.parse(String(init?.body)) as Record<string, unknown>);
      return new Response(
        JSON.stringify({
          deviceId: 'dev-7f3a',
          token: 't'.repeat(43),
          district: { name: 'Kabupaten Contoh', keys: [DISTRICT_KEY, forged] },
        }),
        { status: 201, headers: { 'content-type': 'application/json' } },
      );
    });
    vi.stubGlobal('fetch', fetch);
    try {
      await openAt('/enroll');
      await findScreen('Server koordinator');
      fireEvent.input(screen.getByLabelText('Alamat server'), {
        target: { value: 'https://jejaring.example/' },
      });
      fireEvent.input(screen.getByLabelText('Kode pendaftaran'), {
        target: { value: 'GOOD-CODE' },
      });
      fireEvent.input(screen.getByLabelText('Nama ponsel ini'), { target: { value: 'HP kader' } });
      fireEvent.click(screen.getByRole('button', { name: 'Hubungkan' }));
      await screen.findByText('Ponsel terhubung. Catatan yang menunggu akan dikirim.');
      expect(screen.getByText('https://jejaring.example')).toBeTruthy();
      expect(screen.getByText('dev-7f3a')).toBeTruthy();
      expect(screen.getByText('Kabupaten Contoh')).toBeTruthy();
      expect(await screen.findByText(DISTRICT_KEY.fingerprint)).toBeTruthy();
      expect(screen.queryByText(forged.fingerprint)).toBeNull();
      expect(screen.getByRole('heading', { name: 'Daftar ulang' })).toBeTruthy();
      expect(fetch).toHaveBeenCalledWith(
        'https://jejaring.example/api/v2/devices/enroll',
        expect.objectContaining({ method: 'POST' }),
      );
      const key = bodies[0]?.devicePublicKey as Record<string, unknown>;
      expect(Object.keys(key).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a QR enrollment link fills the address and the code', async () => {
    const server = 'https://jejaring.kab-contoh.go.id';
    await openAt(`/enroll?server=${encodeURIComponent(server)}&code=K7M2Q-9XHTA`);
    await findScreen('Server koordinator');
    expect((screen.getByLabelText('Alamat server') as HTMLInputElement).value).toBe(server);
    expect((screen.getByLabelText('Kode pendaftaran') as HTMLInputElement).value).toBe(
      'K7M2Q-9XHTA',
    );
    expect(screen.getByText(/sudah terisi dari kode QR/)).toBeTruthy();
  });

  it('without a link, the address defaults to the server this app was loaded from', async () => {
    await openAt('/enroll');
    await findScreen('Server koordinator');
    await waitFor(() =>
      expect((screen.getByLabelText('Alamat server') as HTMLInputElement).value).toBe(
        location.origin,
      ),
    );
  });
});

describe('sync log', { timeout: 30_000 }, () => {
  beforeEach(freshPhone);
  afterEach(tearDown);

  it('can be copied for the coordinator and downloaded as a file', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const downloads = captureDownloads();
    try {
      await openAt('/settings/synclog');
      await findScreen('Catatan pengiriman');
      const log = await screen.findByLabelText('Riwayat pengiriman', {}, { timeout: 5_000 });
      expect(log.textContent).toMatch(/Jejaring sync log/);
      fireEvent.click(screen.getByRole('button', { name: 'Salin' }));
      await screen.findByText('Disalin.');
      expect(writeText).toHaveBeenCalledWith(log.textContent);
      fireEvent.click(screen.getByRole('button', { name: 'Unduh berkas' }));
      expect(downloads.names[0]).toMatch(/^jejaring-sync-log-.*\.txt$/);
      expect(await downloads.blobs[0]!.text()).toBe(log.textContent);
    } finally {
      downloads.restore();
      Reflect.deleteProperty(navigator, 'clipboard');
    }
  });
});
