// Issue 11 item 7 in a real Chromium at 360 px: the backup passphrase's strength is estimated as
// it is typed and a weak one refused; a hostile backup file (a forged rev, a damaged payload)
// imports only its valid record and lists the refused ones; axe finds nothing on the screen.
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { RECORD_KIND_DECLARATIONS } from '../../src/domain';
import { bytesToBase64, deriveKey, encryptJson, toBytes } from '../../src/data/crypto';
import { onboard } from './fixtures';

const SHOTS = 'test-results/screens';
const PASS = 'kebun jeruk nenek merapi';

/** A backup file with the given records as they are, encrypted as the app does. */
async function hostileBackup(records: unknown[]): Promise<Buffer> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iterations = 100_000;
  const key = await deriveKey(PASS, salt, iterations, ['encrypt', 'decrypt']);
  const box = await encryptJson(key, { exportedAt: '2026-11-30T09:15:00+07:00', records });
  return Buffer.from(
    JSON.stringify({
      format: 'jejaring-backup',
      version: 1,
      salt: bytesToBase64(salt),
      iterations,
      iv: bytesToBase64(box.iv),
      ciphertext: bytesToBase64(toBytes(box.ciphertext)),
    }),
  );
}

test('backup: weak passphrase refused, hostile file imports only its valid record', async ({
  page,
}) => {
  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 360, height: 800 });
  await onboard(page);
  await page.goto('/#/settings/backup');
  await expect(page.getByRole('heading', { name: 'Buat cadangan' })).toBeVisible();

  const pass = page.locator('#backup-passphrase');
  await pass.fill('satu dua tiga empat');
  await expect(page.getByText('Kekuatan: lemah — belum bisa dipakai.')).toBeVisible();
  await page.locator('#backup-repeat').fill('satu dua tiga empat');
  await page.getByRole('button', { name: 'Simpan cadangan' }).click();
  await expect(page.getByText(/Frasa sandi ini mudah ditebak/)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/backup-weak-360.png`, fullPage: true });

  const at = '2026-11-30T09:15:00+07:00';
  const record = (change: Record<string, unknown>) => ({
    id: crypto.randomUUID(),
    kind: 'migrant',
    schemaVersion: RECORD_KIND_DECLARATIONS.migrant.schemaVersion,
    rev: 1,
    createdAt: at,
    updatedAt: at,
    deleted: false,
    payload: structuredClone(RECORD_KIND_DECLARATIONS.migrant.examples[0]),
    syncState: 'synced',
    ...change,
  });
  const buffer = await hostileBackup([
    record({}),
    record({ rev: 2 ** 52 }),
    record({ payload: { name: 7 } }),
    record({ createdAt: '9999-01-01T00:00:00Z' }),
  ]);
  await page.locator('#backup-file').setInputFiles({
    name: 'cadangan.jejaring',
    mimeType: 'application/octet-stream',
    buffer,
  });
  await page.locator('#backup-import-passphrase').fill(PASS);
  await page.getByRole('button', { name: 'Pulihkan' }).click();
  await expect(page.getByText('3 catatan dari berkas ditolak dan tidak dipulihkan:')).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByText(/Catatan ke-2 .*nomor versi tidak wajar/)).toBeVisible();
  await expect(page.getByText(/Catatan ke-4 .*tanggal tidak wajar/)).toBeVisible();
  await expect(
    page.getByText('Selesai: 1 catatan dipulihkan, 0 dilewati karena sudah ada.'),
  ).toBeVisible();
  await page.getByText('3 catatan dari berkas ditolak').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/backup-refused-360.png`, fullPage: true });
  const axe = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
});
