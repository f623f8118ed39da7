// The installable PWA (issue 2 §4): Chromium's own installability check, the service worker taking
// control after the first visit, and the web manifest the install uses.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_PORT, staticDirFor } from './env';
import { goOffline, goOnline, launchWithProfile, waitForServiceWorker } from './fixtures';

test('Chromium reports no installability errors', async ({
  playwright,
  launchOptions,
  baseURL,
}) => {
  const browser = await launchWithProfile(playwright, launchOptions, baseURL);
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto('/');
    await waitForServiceWorker(page);
    const cdp = await browser.context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    // The check looked at our manifest, not at an empty page.
    const { url, errors } = await cdp.send('Page.getAppManifest');
    expect(url).toMatch(/\/manifest\.webmanifest$/);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
});

test('the web manifest names the app in Bahasa Indonesia with PNG and maskable icons', async ({
  page,
  request,
}) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const response = await request.get(new URL(href ?? '', page.url()).toString());
  expect(response.ok()).toBe(true);
  const manifest = (await response.json()) as {
    lang: string;
    id: string;
    start_url: string;
    scope: string;
    display: string;
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({
    lang: 'id',
    id: '/',
    start_url: '/',
    scope: '/',
    display: 'standalone',
  });
  const bySize = (size: string, purpose: string) =>
    manifest.icons.find(
      (i) => i.sizes === size && (i.purpose ?? 'any').split(' ').includes(purpose),
    );
  for (const [size, purpose] of [
    ['192x192', 'any'],
    ['512x512', 'any'],
    ['512x512', 'maskable'],
  ] as const) {
    const icon = bySize(size, purpose);
    expect(icon, `${size} ${purpose} icon`).toBeDefined();
    const png = await request.get(new URL(icon?.src ?? '', page.url()).toString());
    expect(png.headers()['content-type']).toBe('image/png');
    const bytes = await png.body();
    // PNG signature, then the IHDR width and height match the declared size.
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    const [width, height] = size.split('x').map(Number);
    expect(bytes.readUInt32BE(16)).toBe(width);
    expect(bytes.readUInt32BE(20)).toBe(height);
  }
});

test('the service worker controls the page after the first visit', async ({ page }) => {
  await page.goto('/');
  await waitForServiceWorker(page);
  // The first installation is announced once.
  await expect(page.getByText('Siap dipakai tanpa sinyal', { exact: false })).toBeVisible();
  await page.reload();
  const controller = await page.evaluate(
    () => navigator.serviceWorker.controller?.scriptURL ?? null,
  );
  expect(controller).toMatch(/\/sw\.js$/);
});

test('the first visit is controlled too, without a reload (clients.claim)', async ({ page }) => {
  await page.goto('/');
  await waitForServiceWorker(page);
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null))
    .toMatch(/\/sw\.js$/);
});

test('the precache holds every built script, stylesheet and locale, and no province chunk', async ({
  page,
}) => {
  await page.goto('/');
  await waitForServiceWorker(page);
  const precached = await page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys()) {
      if (!name.includes('precache')) continue;
      for (const request of await (await caches.open(name)).keys()) {
        paths.push(new URL(request.url).pathname);
      }
    }
    return paths;
  });
  const assets = readdirSync(join(staticDirFor(E2E_PORT), 'assets'))
    .filter((file) => /\.(js|css)$/.test(file))
    .map((file) => `/assets/${file}`);
  // Every lazy screen and both languages' strings, i.e. everything a screen may ask for offline.
  expect(assets.some((a) => a.includes('/locale-en-app-'))).toBe(true);
  expect(assets.some((a) => a.includes('/locale-id-app-'))).toBe(true);
  expect(precached).toEqual(expect.arrayContaining(assets));
  expect(precached).toEqual(
    expect.arrayContaining(['/index.html', '/manifest.webmanifest', '/regions/provinces.json']),
  );
  expect(precached.filter((p) => /^\/regions\/\d+\.json$/.test(p))).toEqual([]);
  expect(precached.filter((p) => p.startsWith('/api/'))).toEqual([]);
});

test('the API is never answered from a cache, online or offline', async ({ page, context }) => {
  await page.goto('/');
  await waitForServiceWorker(page);
  await page.reload();
  const fetchHealth = () =>
    page.evaluate(async () => {
      try {
        const response = await fetch('/api/v1/health');
        return response.status;
      } catch (error) {
        return error instanceof Error ? error.name : 'error';
      }
    });
  expect(await fetchHealth()).toBe(200);
  await goOffline(context);
  // A cached answer would come back 200 here; with no network the request must fail.
  expect(await fetchHealth()).toBe('TypeError');
  await goOnline(context);
  const cachedApi = await page.evaluate(async () => {
    const hits: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) {
        if (new URL(request.url).pathname.startsWith('/api/')) hits.push(request.url);
      }
    }
    return hits;
  });
  expect(cachedApi).toEqual([]);
});

test('a Background Sync wake-up reaches the open page as a "jejaring-sync" message', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await waitForServiceWorker(page);
  await page.reload();
  await page.evaluate(() => {
    const received: unknown[] = [];
    (window as unknown as { e2eMessages: unknown[] }).e2eMessages = received;
    navigator.serviceWorker.addEventListener('message', (event) => received.push(event.data));
  });

  const cdp = await context.newCDPSession(page);
  const registrationId = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const ours = registrations.find(
        (r) => new URL(r.scopeURL).origin === new URL(page.url()).origin,
      );
      if (ours && !ours.isDeleted) resolve(ours.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.dispatchSyncEvent', {
    origin: new URL(page.url()).origin,
    registrationId: await registrationId,
    tag: 'jejaring-sync',
    lastChance: false,
  });
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { e2eMessages: unknown[] }).e2eMessages))
    .toContainEqual({ type: 'jejaring-sync' });
});

test('a province region chunk is cached on first use and then served offline', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await waitForServiceWorker(page);
  await page.reload();
  const regionRequest = () =>
    page.evaluate(async () => {
      try {
        const response = await fetch('/regions/53.json');
        const body = (await response.json()) as unknown;
        return { status: response.status, isObject: typeof body === 'object' && body !== null };
      } catch (error) {
        return { status: 0, error: error instanceof Error ? error.name : 'error' };
      }
    });
  const inRegionsCache = () =>
    page.evaluate(async () => {
      const cache = await caches.open('jejaring-regions-v1');
      return (await cache.match('/regions/53.json')) !== undefined;
    });

  // Not precached (region chunks are large): absent until someone needs the province.
  expect(await inRegionsCache()).toBe(false);
  expect(await regionRequest()).toEqual({ status: 200, isObject: true });
  await expect.poll(inRegionsCache).toBe(true);

  await goOffline(context);
  expect(await regionRequest()).toEqual({ status: 200, isObject: true });
  // A province never fetched online is not there offline.
  const other = await page.evaluate(() =>
    fetch('/regions/11.json').then(
      (r) => r.status,
      (e: unknown) => (e instanceof Error ? e.name : 'error'),
    ),
  );
  expect(other).toBe('TypeError');
});
