// The update flow (issue 2 §4): a new service worker waits until the volunteer agrees; "Muat ulang"
// then switches to it, "Nanti" leaves the page alone. Runs on its own origin (E2E_UPDATE_URL),
// whose copy of sw.js these tests change, so no other test ever sees a pending update.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { E2E_UPDATE_PORT, E2E_UPDATE_URL, staticDirFor } from './env';
import {
  householdNameField,
  onboard,
  openNewHouseholdVisit,
  unlock,
  waitForServiceWorker,
} from './fixtures';

// One test at a time on this origin: each publishes its own new version.
test.describe.configure({ mode: 'default' });
test.use({ baseURL: E2E_UPDATE_URL });

let published = 0;

/** Publishes a "new version": sw.js changes by one byte-different comment, as a deploy would. */
function publishNewServiceWorker(): void {
  published += 1;
  appendFileSync(
    join(staticDirFor(E2E_UPDATE_PORT), 'sw.js'),
    `\n// e2e: new version ${Date.now()}-${published}\n`,
  );
}

/** Opens the app and waits until the installed service worker controls it. */
async function openControlledApp(page: Page): Promise<void> {
  await page.goto('/');
  await waitForServiceWorker(page);
  await page.reload();
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
    .toBe(true);
}

async function checkForUpdate(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration?.update();
  });
}

const waitingWorker = (page: Page) =>
  page.evaluate(
    async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state ?? null,
  );

test('a waiting new version shows "Versi baru tersedia" and takes over on "Muat ulang"', async ({
  page,
}) => {
  await openControlledApp(page);
  const prompt = page.getByText('Versi baru tersedia');
  await expect(prompt).toBeHidden();

  publishNewServiceWorker();
  await checkForUpdate(page);
  await expect(prompt).toBeVisible();
  // The new version waits: the app never switches by itself.
  expect(await waitingWorker(page)).toBe('installed');

  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Muat ulang' }).click();
  await reloaded;
  await expect(page.getByText('Versi baru tersedia')).toBeHidden();
  expect(await waitingWorker(page)).toBeNull();
  // Nothing waits any more and a worker controls the page: the waiting version took over.
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.state ?? null)).toBe(
    'activated',
  );
});

test('"Nanti" hides the prompt and leaves the new version waiting, with no reload', async ({
  page,
}) => {
  await openControlledApp(page);
  publishNewServiceWorker();
  await checkForUpdate(page);
  await expect(page.getByText('Versi baru tersedia')).toBeVisible();

  let navigated = false;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigated = true;
  });
  await page.getByRole('button', { name: 'Nanti' }).click();
  await expect(page.getByText('Versi baru tersedia')).toBeHidden();
  // Give a wrongly wired reload time to happen.
  await page.waitForTimeout(1500);
  expect(navigated).toBe(false);
  expect(await waitingWorker(page)).toBe('installed');
});

test('"Muat ulang" saves the half-typed draft before the new version reloads the page', async ({
  page,
}) => {
  const typed = 'Keluarga Ibu Sumarni Lestari';
  await onboard(page);
  await openNewHouseholdVisit(page);
  publishNewServiceWorker();
  await checkForUpdate(page);
  await expect(page.getByText('Versi baru tersedia')).toBeVisible();

  // Type and reload at once, well inside the autosave delay: only the flush can save this.
  await householdNameField(page).fill(typed);
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Muat ulang' }).click();
  await reloaded;

  await unlock(page);
  await expect(householdNameField(page)).toHaveValue(typed);
  expect(await waitingWorker(page)).toBeNull();
});
