// Issue 11 in a real Chromium: a profile bound to a passkey (WebAuthn PRF, Chromium's CDP virtual
// authenticator) cannot be opened from a copy of its IndexedDB with the right PIN alone; the
// delay after wrong PINs survives a reload with the clock moved a day forward; quick exit reaches
// a screen with no content and working 110/129. Screens are photographed at 360 px.
// WebAuthn refuses IP addresses as relying party, so these tests use http://localhost.
import { mkdirSync } from 'node:fs';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { E2E_PORT } from './env';
import {
  chooseLanguage,
  createPin,
  fillProfile,
  idText,
  lockHeading,
  TEST_PIN,
  unlock,
} from './fixtures';

const ORIGIN = `http://localhost:${E2E_PORT}`;
const SHOTS = 'test-results/screens';

async function addPrfAuthenticator(context: BrowserContext, page: Page): Promise<string> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      ctap2Version: 'ctap2_1',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      hasPrf: true,
      automaticPresenceSimulation: true,
    },
  });
  return authenticatorId;
}

interface StoreDump {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: { name: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean }[];
  rows: { key: unknown; value: unknown }[];
}

/** What a forensic tool takes: every database, store, index, key and value (binary tagged). */
function copyIndexedDb(page: Page) {
  return page.evaluate(async () => {
    const tag = (v: unknown): unknown => {
      if (v instanceof ArrayBuffer) return { $bytes: Array.from(new Uint8Array(v)) };
      if (ArrayBuffer.isView(v)) {
        return { $u8: Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
      }
      if (Array.isArray(v)) return v.map(tag);
      if (v && typeof v === 'object') {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, tag(x)]));
      }
      return v;
    };
    const req = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const out: { name: string; version: number; stores: StoreDump[] }[] = [];
    for (const info of await indexedDB.databases()) {
      const db = await req(indexedDB.open(info.name!));
      const stores: StoreDump[] = [];
      for (const storeName of Array.from(db.objectStoreNames)) {
        const store = db.transaction(storeName, 'readonly').objectStore(storeName);
        const [keys, values] = await Promise.all([req(store.getAllKeys()), req(store.getAll())]);
        stores.push({
          name: storeName,
          keyPath: store.keyPath,
          autoIncrement: store.autoIncrement,
          indexes: Array.from(store.indexNames).map((n) => {
            const index = store.index(n);
            return {
              name: n,
              keyPath: index.keyPath,
              unique: index.unique,
              multiEntry: index.multiEntry,
            };
          }),
          rows: keys.map((key, i) => ({ key: tag(key), value: tag(values[i]) })),
        });
      }
      out.push({ name: db.name, version: db.version, stores });
      db.close();
    }
    return out;
  });
}

type Copy = Awaited<ReturnType<typeof copyIndexedDb>>;

/** Writes a copy into this (empty) origin's IndexedDB, schema and all. */
function restoreIndexedDb(page: Page, copy: Copy) {
  return page.evaluate(async (dbs) => {
    const untag = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(untag);
      if (v && typeof v === 'object') {
        if ('$bytes' in v) return new Uint8Array((v as { $bytes: number[] }).$bytes).buffer;
        if ('$u8' in v) return new Uint8Array((v as { $u8: number[] }).$u8);
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, untag(x)]));
      }
      return v;
    };
    for (const dump of dbs) {
      await new Promise<void>((resolve, reject) => {
        const del = indexedDB.deleteDatabase(dump.name);
        del.onsuccess = () => resolve();
        del.onerror = () => reject(del.error);
      });
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(dump.name, dump.version);
        open.onupgradeneeded = () => {
          for (const s of dump.stores) {
            const store = open.result.createObjectStore(s.name, {
              keyPath: s.keyPath,
              autoIncrement: s.autoIncrement,
            });
            for (const i of s.indexes) {
              store.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
            }
          }
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const s of dump.stores) {
        const tx = db.transaction(s.name, 'readwrite');
        const store = tx.objectStore(s.name);
        for (const row of s.rows) {
          if (s.keyPath === null) store.put(untag(row.value), untag(row.key) as IDBValidKey);
          else store.put(untag(row.value));
        }
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      }
      db.close();
    }
  }, copy);
}

test('a copied IndexedDB of a passkey-bound profile does not open with the right PIN alone', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  // The volunteer's phone: a platform authenticator with PRF and user verification.
  const phone = await browser.newContext({ baseURL: ORIGIN });
  const page = await phone.newPage();
  await addPrfAuthenticator(phone, page);
  await page.goto('/');
  await chooseLanguage(page);
  await fillProfile(page, { name: 'Relawan Terikat' });
  await expect(
    page.getByRole('heading', { name: idText('app:onboarding.pinTitle') }),
  ).toBeVisible();
  const bind = page.getByLabel(idText('app:security.bindPasskey'));
  await expect(bind).toBeChecked();
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/pin-step-360.png`, fullPage: true });
  await createPin(page);
  const toHome = page.getByRole('button', { name: idText('app:onboarding.toHome') });
  const home = page.getByRole('heading', { name: idText('app:home.title'), level: 1 });
  await expect(home.or(toHome)).toBeVisible({ timeout: 60_000 });
  if (await toHome.isVisible()) await toHome.click();
  await expect(home).toBeVisible();

  // On the phone itself: PIN + passkey open it again.
  await page.getByRole('button', { name: idText('app:shell.lock'), exact: true }).click();
  await unlock(page);
  await expect(home).toBeVisible();
  const copy = await copyIndexedDb(page);
  expect(JSON.stringify(copy)).not.toContain('Relawan Terikat');

  // The attacker's browser: the copied storage, the right PIN, even an authenticator of its own.
  const attacker = await browser.newContext({ baseURL: ORIGIN });
  const theirs = await attacker.newPage();
  await addPrfAuthenticator(attacker, theirs);
  await theirs.goto('/');
  await expect(
    theirs.getByRole('heading', { name: idText('app:onboarding.welcome') }),
  ).toBeVisible();
  await restoreIndexedDb(theirs, copy);
  await theirs.reload();
  await expect(lockHeading(theirs)).toBeVisible();
  await theirs.getByLabel(idText('app:lock.pinLabel'), { exact: true }).fill(TEST_PIN);
  await theirs.getByRole('button', { name: idText('app:lock.unlock'), exact: true }).click();
  await expect(theirs.getByText(idText('app:lock.passkey_cancelled'))).toBeVisible({
    timeout: 60_000,
  });
  await expect(lockHeading(theirs)).toBeVisible();
  await expect(
    theirs.getByRole('heading', { name: idText('app:home.title'), level: 1 }),
  ).toHaveCount(0);
  await phone.close();
  await attacker.close();
});

test('moving the clock a day forward and reloading does not shorten the wrong-PIN delay', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await chooseLanguage(page);
  await fillProfile(page);
  await createPin(page);
  const toHome = page.getByRole('button', { name: idText('app:onboarding.toHome') });
  const home = page.getByRole('heading', { name: idText('app:home.title'), level: 1 });
  await expect(home.or(toHome)).toBeVisible({ timeout: 60_000 });
  if (await toHome.isVisible()) await toHome.click();
  await page.getByRole('button', { name: idText('app:shell.lock'), exact: true }).click();
  await expect(lockHeading(page)).toBeVisible();

  const pinField = page.getByLabel(idText('app:lock.pinLabel'), { exact: true });
  const unlockButton = page.getByRole('button', { name: idText('app:lock.unlock'), exact: true });
  for (let i = 0; i < 4; i++) {
    await expect(unlockButton).toBeEnabled({ timeout: 30_000 });
    await pinField.fill('603718');
    await unlockButton.click();
    await expect(pinField).toHaveValue('', { timeout: 30_000 });
  }
  await expect(unlockButton).toBeDisabled();

  // The phone's clock jumps a day ahead; the page reloads.
  await page.addInitScript(() => {
    const shift = 24 * 3600_000;
    const RealDate = Date;
    const realNow = RealDate.now.bind(RealDate);
    Date.now = () => realNow() + shift;
  });
  await page.reload();
  await expect(lockHeading(page)).toBeVisible();
  expect(await page.evaluate(() => Date.now() - performance.timeOrigin)).toBeGreaterThan(
    23 * 3600_000,
  );
  await expect(page.getByText(/^Coba lagi dalam \d+ detik\.$/)).toBeVisible();
  await expect(unlockButton).toBeDisabled();
  await page.screenshot({ path: `${SHOTS}/lock-delay-360.png`, fullPage: true });
});

test('quick exit: at once a screen with no content, 110 and 129 callable', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await chooseLanguage(page);
  await fillProfile(page, { name: 'Nama Rahasia' });
  await createPin(page);
  const toHome = page.getByRole('button', { name: idText('app:onboarding.toHome') });
  const home = page.getByRole('heading', { name: idText('app:home.title'), level: 1 });
  await expect(home.or(toHome)).toBeVisible({ timeout: 60_000 });
  if (await toHome.isVisible()) await toHome.click();
  await expect(home).toBeVisible();
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/home-with-quick-exit-360.png` });

  await page.getByRole('button', { name: idText('app:quickExit.label') }).click();
  await expect(page.getByRole('heading', { name: idText('app:neutral.title') })).toBeVisible();
  const text = await page.locator('body').innerText();
  for (const hidden of ['Jejaring', 'Nama Rahasia', idText('app:home.title')]) {
    expect(text).not.toContain(hidden);
  }
  await expect(page.getByRole('link', { name: idText('app:emergency.police') })).toHaveAttribute(
    'href',
    'tel:110',
  );
  await expect(page.getByRole('link', { name: idText('app:emergency.sapa') })).toHaveAttribute(
    'href',
    'tel:129',
  );
  await page.screenshot({ path: `${SHOTS}/quick-exit-360.png`, fullPage: true });
  await page.getByRole('button', { name: idText('app:neutral.continue') }).click();
  await expect(lockHeading(page)).toBeVisible();
  await expect(page.getByRole('link', { name: idText('app:emergency.police') })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/lock-360.png`, fullPage: true });
  await unlock(page);
  await expect(home).toBeVisible();
});
