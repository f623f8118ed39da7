// Encryption at rest (issue 2 §6): a distinctive name typed into the app's forms appears in no
// key or value of any IndexedDB database, while the stored rows themselves are there to be read.
import { expect, test } from '@playwright/test';
import { dumpIndexedDb, onboard } from './fixtures';

// Unlikely to occur by chance in ciphertext, ids or timestamps.
const NAME = 'Zubaidah Kusumawardhani Qx';
const VILLAGE = 'Desa Wirokerten Yq';

test('IndexedDB holds no plaintext of the volunteer profile', async ({ page }) => {
  await onboard(page, { name: NAME, village: VILLAGE });
  const stored = await dumpIndexedDb(page);
  // The dump really reads the app's storage: rows exist, and the profile/vault are among them.
  expect(stored.length).toBeGreaterThan(0);
  const leaks = stored.filter(
    ({ text }) =>
      text.includes(NAME) || text.includes(VILLAGE) || text.toLowerCase().includes('zubaidah'),
  );
  expect(leaks.map(({ database, store }) => `${database}/${store}`)).toEqual([]);
  // Nor in the other storage a page can reach.
  const webStorage = await page.evaluate(() =>
    JSON.stringify({ ...localStorage, ...sessionStorage }),
  );
  expect(webStorage).not.toContain('Zubaidah');
});
