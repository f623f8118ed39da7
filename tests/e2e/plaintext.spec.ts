// Encryption at rest (issue 2 §6): a distinctive name typed into the app's forms appears in no
// key or value of any IndexedDB database, while the stored rows themselves are there to be read.
import { expect, test } from '@playwright/test';
import {
  dumpIndexedDb,
  householdNameField,
  idText,
  onboard,
  openNewHouseholdVisit,
  unlock,
  type StoredValue,
} from './fixtures';

// Unlikely to occur by chance in ciphertext, ids or timestamps.
const NAME = 'Zubaidah Kusumawardhani Qx';
const VILLAGE = 'Desa Wirokerten Yq';

/** Where in IndexedDB any of the words appear (case-insensitive). */
function leaksOf(stored: StoredValue[], words: string[]): string[] {
  return stored
    .filter(({ text }) => words.some((w) => text.toLowerCase().includes(w.toLowerCase())))
    .map(({ database, store }) => `${database}/${store}`);
}

test('IndexedDB holds no plaintext of the volunteer profile', async ({ page }) => {
  await onboard(page, { name: NAME, village: VILLAGE });
  const stored = await dumpIndexedDb(page);
  // The dump really reads the app's storage: rows exist in more than one store.
  expect(new Set(stored.map((s) => `${s.database}/${s.store}`)).size).toBeGreaterThan(1);
  expect(leaksOf(stored, [NAME, VILLAGE, 'Zubaidah', 'Wirokerten'])).toEqual([]);
  // Nor in the other storage a page can reach.
  const webStorage = await page.evaluate(() =>
    JSON.stringify({ ...localStorage, ...sessionStorage }),
  );
  expect(webStorage).not.toContain('Zubaidah');
});

test('IndexedDB holds no plaintext of a name typed into a record form', async ({ page }) => {
  const household = 'Keluarga Zubaidah Wirokerten';
  await onboard(page);
  await openNewHouseholdVisit(page);
  await householdNameField(page).fill(household);
  await page.getByRole('button', { name: idText('forms:form.saveDraft') }).click();
  // Saved: the draft is what the dump must find encrypted. Its non-identifying index (the kind)
  // is stored in clear, which shows the dump sees the record's row.
  await expect
    .poll(async () =>
      (await dumpIndexedDb(page)).some(({ text }) => text.includes('household_visit')),
    )
    .toBe(true);
  const stored = await dumpIndexedDb(page);
  expect(leaksOf(stored, [household, 'Zubaidah', 'Wirokerten'])).toEqual([]);

  // And it was stored, not lost: after a reload the draft list reopens the same form.
  await page.reload();
  await unlock(page);
  await page
    .getByRole('region', { name: idText('forms:list.drafts') })
    .getByRole('link')
    .first()
    .click();
  await expect(householdNameField(page)).toHaveValue(household);
});

test('the IndexedDB dump does find plaintext where there is some (control)', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('e2e-control', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('rows');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction('rows', 'readwrite');
    tx.objectStore('rows').put({ nested: { name } }, 'object');
    tx.objectStore('rows').put(new TextEncoder().encode(name).buffer, 'bytes');
    tx.objectStore('rows').put(new Blob([name]), 'blob');
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  }, NAME);
  const found = (await dumpIndexedDb(page)).filter(
    (s) => s.database === 'e2e-control' && s.text.includes(NAME),
  );
  expect(found).toHaveLength(3);
});
