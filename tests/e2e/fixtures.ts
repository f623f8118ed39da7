// Helpers shared by the browser tests: service worker readiness, network switching, onboarding
// and unlocking through the UI the way a volunteer does it (accessible names, Indonesian texts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  expect,
  type BrowserContext,
  type LaunchOptions,
  type Page,
  type PlaywrightWorkerArgs,
} from '@playwright/test';

/** The phone the tests emulate (also set in playwright.config.ts for ordinary contexts). */
export const PHONE = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'id-ID',
  timezoneId: 'Asia/Jakarta',
} as const;

/**
 * A browser with an ordinary (non-incognito) profile in a fresh temporary directory. Playwright's
 * usual contexts are off-the-record, and Chromium never offers to install from those; the
 * installability check needs a real profile. Close it with the returned `close`.
 */
export async function launchWithProfile(
  playwright: PlaywrightWorkerArgs['playwright'],
  launchOptions: LaunchOptions,
  baseURL: string | undefined,
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'jejaring-profile-'));
  const context = await playwright.chromium.launchPersistentContext(userDataDir, {
    ...launchOptions,
    ...PHONE,
    baseURL,
    serviceWorkers: 'allow',
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until a service worker is active for the page, i.e. precaching has finished. */
export async function waitForServiceWorker(page: Page, timeoutMs = 30_000): Promise<void> {
  const outcome = await page.evaluate(async (ms) => {
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms));
    const activated = navigator.serviceWorker.ready.then(async (registration) => {
      const worker = registration.active;
      if (!worker) return 'no-worker' as const;
      if (worker.state !== 'activated') {
        await new Promise<void>((resolve) =>
          worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()),
        );
      }
      return 'activated' as const;
    });
    return Promise.race([activated, timeout]);
  }, timeoutMs);
  expect(outcome, 'a service worker registered and activated').toBe('activated');
}

/** Cuts the network for every page of the context (the service worker included). */
export async function goOffline(context: BrowserContext): Promise<void> {
  await context.setOffline(true);
}

export async function goOnline(context: BrowserContext): Promise<void> {
  await context.setOffline(false);
}

/**
 * Reloads the page while the context is offline. Chromium 150 under Playwright's offline emulation
 * starts every new document with `navigator.onLine === true` although its requests still fail, so
 * the emulation is switched off and on again: the page then sees what a phone without signal sees.
 */
export async function reloadOffline(page: Page, context: BrowserContext) {
  const response = await page.reload();
  await context.setOffline(false);
  await context.setOffline(true);
  return response;
}

const LOCALES = fileURLToPath(new URL('../../locales', import.meta.url));
const localeCache = new Map<string, Record<string, unknown>>();

/**
 * The Indonesian text of an i18n key such as `app:lock.title`, read from locales/id, so the
 * tests find elements by the words a volunteer sees without copying them here.
 */
export function idText(key: string): string {
  const [ns, path] = key.split(':');
  if (!ns || !path) throw new Error(`i18n key without namespace: ${key}`);
  let bundle = localeCache.get(ns);
  if (!bundle) {
    bundle = JSON.parse(readFileSync(join(LOCALES, 'id', `${ns}.json`), 'utf8')) as Record<
      string,
      unknown
    >;
    localeCache.set(ns, bundle);
  }
  let node: unknown = bundle;
  for (const part of path.split('.')) {
    node =
      typeof node === 'object' && node !== null
        ? (node as Record<string, unknown>)[part]
        : undefined;
  }
  if (typeof node !== 'string') throw new Error(`No Indonesian text for ${key}`);
  return node;
}

/** The status bar's words for `count` records kept on a phone that is not (or no longer) enrolled. */
export function notConnectedText(count: number): string {
  return idText('app:status.notConnected_other')
    .replace('{{n}}', String(count))
    .replace('{{count}}', String(count));
}

/** The PIN every test volunteer sets. */
export const TEST_PIN = '275190';
/** A province that exists in the region data (Nusa Tenggara Timur). */
export const TEST_PROVINCE = '53';

export interface OnboardOptions {
  /** Whether the volunteer says they were trained in victim handling (Pasal 5 ayat 3). */
  trained?: boolean;
  name?: string;
  village?: string;
}

/**
 * First run through the UI: language → volunteer profile → PIN, ending on the home screen with
 * the app unlocked and the service worker active (so the visit counts as "one online visit").
 */
export async function onboard(page: Page, options: OnboardOptions = {}): Promise<void> {
  await page.goto('/');
  await chooseLanguage(page);
  await fillProfile(page, options);
  await createPin(page);

  // Without the region data the app says so and offers the way home.
  const home = page.getByRole('heading', { name: idText('app:home.title'), level: 1 });
  const toHome = page.getByRole('button', { name: idText('app:onboarding.toHome') });
  await expect(home.or(toHome)).toBeVisible({ timeout: 30_000 });
  if (await toHome.isVisible()) await toHome.click();
  await expect(home).toBeVisible();
  await waitForServiceWorker(page);
}

/** Onboarding step 1: Bahasa Indonesia. */
export async function chooseLanguage(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: idText('app:onboarding.welcome') })).toBeVisible();
  await page.getByRole('button', { name: idText('app:language.id') }).click();
}

/** Onboarding step 2: the volunteer profile, then "Lanjut". */
export async function fillProfile(page: Page, options: OnboardOptions = {}): Promise<void> {
  const { trained = true, name = 'Relawan Uji Coba', village = 'Sukamaju' } = options;
  await expect(
    page.getByRole('heading', { name: idText('app:onboarding.profileTitle') }),
  ).toBeVisible();
  await page.getByLabel(idText('records:profile.fields.name'), { exact: true }).fill(name);
  await page.getByLabel(idText('records:profile.fields.role')).selectOption('relawan');
  const province = page.getByLabel(idText('records:profile.fields.provinceCode'));
  await expect(province).toBeEnabled();
  await province.selectOption(TEST_PROVINCE);
  await page.getByLabel(idText('records:profile.fields.villageName')).fill(village);
  await page
    .getByRole('radio', {
      name: idText(trained ? 'app:profile.trainedYes' : 'app:profile.trainedNo'),
    })
    .check();
  if (trained) {
    await page.getByLabel(idText('records:profile.fields.trainedOn')).fill('2025-03-15');
  }
  await page.getByRole('button', { name: idText('app:actions.next') }).click();
}

/** Onboarding step 3: the PIN, twice, then "Selesai". */
export async function createPin(page: Page, pin: string = TEST_PIN): Promise<void> {
  await expect(
    page.getByRole('heading', { name: idText('app:onboarding.pinTitle') }),
  ).toBeVisible();
  await page.getByLabel(idText('app:onboarding.pinLabel'), { exact: true }).fill(pin);
  await page.getByLabel(idText('app:onboarding.pinRepeatLabel')).fill(pin);
  await page.getByRole('button', { name: idText('app:onboarding.finish') }).click();
}

/** The lock screen's heading. */
export const lockHeading = (page: Page) =>
  page.getByRole('heading', { name: idText('app:lock.title') });

/** Unlocks the app from the lock screen with the test PIN. */
export async function unlock(page: Page, pin: string = TEST_PIN): Promise<void> {
  await expect(lockHeading(page)).toBeVisible();
  await page.getByLabel(idText('app:lock.pinLabel'), { exact: true }).fill(pin);
  await page.getByRole('button', { name: idText('app:lock.unlock'), exact: true }).click();
  await expect(lockHeading(page)).toBeHidden({ timeout: 30_000 });
}

export interface StoredValue {
  database: string;
  store: string;
  /** The key and the value flattened to text; binary data as latin1 and as UTF-8. */
  text: string;
}

/**
 * Everything the page's origin keeps in IndexedDB: every key and value of every object store of
 * every database, flattened to text so a test can search it for plaintext.
 */
export async function dumpIndexedDb(page: Page): Promise<StoredValue[]> {
  return page.evaluate(async () => {
    const bytesToText = (bytes: Uint8Array): string => {
      let latin1 = '';
      for (const byte of bytes) latin1 += String.fromCharCode(byte);
      const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
      return `${latin1}\n${utf8}`;
    };
    const flatten = async (value: unknown, seen = new Set<unknown>()): Promise<string> => {
      if (value === null || value === undefined) return String(value);
      if (typeof value === 'string') return value;
      if (typeof value !== 'object') return String(value);
      if (seen.has(value)) return '';
      seen.add(value);
      if (value instanceof ArrayBuffer) return bytesToText(new Uint8Array(value));
      if (ArrayBuffer.isView(value)) {
        return bytesToText(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      }
      if (value instanceof Blob) return bytesToText(new Uint8Array(await value.arrayBuffer()));
      if (value instanceof Date) return value.toISOString();
      if (typeof CryptoKey !== 'undefined' && value instanceof CryptoKey) return '[CryptoKey]';
      const parts: string[] = [];
      const entries =
        value instanceof Map
          ? [...value.entries()]
          : value instanceof Set
            ? [...value.values()].map((v, i) => [i, v])
            : Object.entries(value);
      for (const [k, v] of entries)
        parts.push(`${await flatten(k, seen)}=${await flatten(v, seen)}`);
      return `{${parts.join(',')}}`;
    };
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });

    const out: { database: string; store: string; text: string }[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await request(indexedDB.open(info.name));
      try {
        for (const storeName of Array.from(db.objectStoreNames)) {
          // Read everything first: awaiting other work inside a transaction would end it.
          const tx = db.transaction(storeName, 'readonly');
          const store = tx.objectStore(storeName);
          const [keys, values] = await Promise.all([
            request(store.getAllKeys()),
            request(store.getAll()),
          ]);
          for (let i = 0; i < values.length; i++) {
            const text = `${await flatten(keys[i])} => ${await flatten(values[i])}`;
            out.push({ database: info.name, store: storeName, text });
          }
        }
      } finally {
        db.close();
      }
    }
    return out;
  });
}

/** Goes to an app route (e.g. `/records/household_visit/new`) the way a link does. */
export async function openRoute(page: Page, path: string): Promise<void> {
  await page.evaluate((hash) => {
    location.hash = hash;
  }, `#${path}`);
}

/** The household visit's first text field: an identifying name, handy for draft tests. */
export const householdNameField = (page: Page) =>
  page.getByLabel(idText('records:household_visit.fields.householdName'));

/** Opens a new household-visit form and waits for its heading. */
export async function openNewHouseholdVisit(page: Page): Promise<void> {
  await openRoute(page, '/records/household_visit/new');
  const title = idText('forms:form.newTitle').replace(
    '{{kind}}',
    idText('forms:kinds.household_visit'),
  );
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
}

/**
 * Presses "Selesai dan simpan"; when the domain rules warn (src/domain/rules) the form asks once
 * more and the answers are kept ("Jawaban sudah benar, tetap simpan"). Returns the taps used.
 */
export async function pressFinish(page: Page): Promise<number> {
  await page.getByRole('button', { name: idText('forms:form.finish') }).click();
  const saveAnyway = page.getByRole('button', { name: idText('records:rules.saveAnyway') });
  const saved = page.waitForURL(/#\/record\/[0-9a-f-]+$/, { timeout: 15_000 }).then(() => 'saved');
  const warned = saveAnyway.waitFor({ timeout: 15_000 }).then(() => 'warned');
  const outcome = await Promise.race([saved, warned]).catch(() => 'neither');
  // Whichever lost the race must not reject unobserved.
  void saved.catch(() => undefined);
  void warned.catch(() => undefined);
  if (outcome !== 'warned') return 1;
  await saveAnyway.click();
  return 2;
}
