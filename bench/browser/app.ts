// The installed app with N records, in a persistent Chromium profile at 360 px:
//  - opening the list of N migrant records (#/records/migrant) to the first painted row, and a
//    search typed into the list (through the app's UI; the data-layer times are given beside);
//  - the JS heap with the N records listed and searched;
//  - offline cold start: a new browser process on the same profile, offline, CPU ×4, until the
//    first screen (the lock screen) is painted with its controls.
import type { CDPSession, Page } from 'playwright-core';
import { idText } from '../lib/locale';
import { median } from '../lib/stats';
import { launchProfile, openBenchPage, tempProfile } from './launch';
import { searchToken } from './payloads';

export interface ListOpening {
  /** ms from the route change to the first row in the DOM. */
  rowMs: number;
  /** ms from the route change to the frame after that row (painted). */
  paintMs: number;
}

export interface AppResult {
  records: number;
  seedMs: number;
  /** listRecords in the page: first page (50) of N, a search (cold cache), the same search again. */
  data: {
    pageMs: number;
    searchMs: number;
    searchAgainMs: number;
    total: number;
    found: number;
    rawIndexPageMs: number;
    rawIndexCountMs: number;
  };
  openings: ListOpening[];
  firstOpeningPaintMs: number;
  warmMedianPaintMs: number;
  /** Typing a search into the list until the one matching row is painted (includes the UI's 250 ms debounce). */
  searches: { first: number; second: number };
  searchDebounceMs: number;
  heap: { homeMb: number; listedMb: number; searchedMb: number };
  coldStarts: { firstScreenMs: number; heading: string; controlled: boolean; offline: boolean }[];
  coldStartMedianMs: number;
}

const PIN = '975312';
const SEARCH_DEBOUNCE_MS = 250;

declare global {
  interface Window {
    __benchFirstScreen?: { at: number; paintedAt?: number; heading: string };
  }
}

async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return usage.usedSize / 1024 / 1024;
}

async function unlockThroughUi(page: Page): Promise<void> {
  await page.getByRole('heading', { name: idText('app:lock.title') }).waitFor({ timeout: 60_000 });
  await page.getByLabel(idText('app:lock.pinLabel'), { exact: true }).fill(PIN);
  await page.getByRole('button', { name: idText('app:lock.unlock'), exact: true }).click();
  await page
    .getByRole('heading', { name: idText('app:home.title'), level: 1 })
    .waitFor({ timeout: 60_000 });
}

async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active;
    if (worker && worker.state !== 'activated') {
      await new Promise<void>((resolve) =>
        worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()),
      );
    }
  });
}

/** Route change to #/records/migrant until the first row is in the DOM and then painted. */
function openList(page: Page): Promise<ListOpening> {
  return page.evaluate(
    () =>
      new Promise<ListOpening>((resolve, reject) => {
        const start = performance.now();
        const row = () => document.querySelector('.record-list a[href^="#/record/"]');
        const timeout = setTimeout(() => {
          observer.disconnect();
          reject(new Error('no record row within 60 s'));
        }, 60_000);
        const observer = new MutationObserver(() => {
          if (!row()) return;
          observer.disconnect();
          clearTimeout(timeout);
          const rowMs = performance.now() - start;
          // rAF runs before the frame is painted; a task queued from it runs after.
          requestAnimationFrame(() =>
            setTimeout(() => resolve({ rowMs, paintMs: performance.now() - start }), 0),
          );
        });
        observer.observe(document.body, { childList: true, subtree: true });
        location.hash = '#/records/migrant';
      }),
  );
}

/** Back to the home screen, and a moment of quiet. */
async function goHome(page: Page): Promise<void> {
  await page.evaluate(() => {
    location.hash = '#/';
  });
  await page.locator('.record-list').waitFor({ state: 'detached', timeout: 30_000 });
  await page
    .getByRole('heading', { name: idText('app:home.title'), level: 1 })
    .waitFor({ timeout: 30_000 });
  await page.waitForTimeout(300);
}

/** Types `token` into the list's search field; ms until only its record's row is painted. */
function search(page: Page, token: string): Promise<number> {
  return page.evaluate(
    (wanted) =>
      new Promise<number>((resolve, reject) => {
        const input = document.getElementById('record-list-search') as HTMLInputElement | null;
        if (!input) return reject(new Error('no search field'));
        const matches = () => {
          const rows = document.querySelectorAll('.record-list ul.list a[href^="#/record/"]');
          return rows.length === 1 && (rows[0]!.textContent ?? '').includes(wanted);
        };
        const timeout = setTimeout(() => {
          observer.disconnect();
          reject(new Error('search did not show its one result within 60 s'));
        }, 60_000);
        const start = performance.now();
        const observer = new MutationObserver(() => {
          if (!matches()) return;
          observer.disconnect();
          clearTimeout(timeout);
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        input.value = wanted;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    token,
  );
}

async function clearSearch(page: Page): Promise<void> {
  await page.evaluate(() => {
    const input = document.getElementById('record-list-search') as HTMLInputElement;
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForFunction(
    () => document.querySelectorAll('.record-list ul.list a[href^="#/record/"]').length > 1,
    null,
    { timeout: 60_000 },
  );
}

/** Seeds `n` records into a fresh profile, then measures list, search, heap and cold starts. */
export async function benchApp(
  baseUrl: string,
  n: number,
  options: { listOpenings: number; coldStarts: number },
): Promise<AppResult> {
  const profile = tempProfile();
  try {
    let browser = await launchProfile(profile.dir);
    let page = browser.page;
    let seedMs: number;
    let data: AppResult['data'];
    const openings: ListOpening[] = [];
    let searches: AppResult['searches'];
    let heap: AppResult['heap'];
    const targets = [Math.floor(n * 0.37), Math.floor(n * 0.81)].map(searchToken);
    try {
      // Seeding through the bench page first, before the app's service worker controls the origin.
      await openBenchPage(page, baseUrl);
      await page.evaluate((pin) => window.jejaringBench.openVault(pin, true), PIN);
      seedMs = await page.evaluate((count) => window.jejaringBench.seed(count, 0), n);
      data = await page.evaluate((token) => window.jejaringBench.timeList(token), targets[0]!);

      await page.goto(`${baseUrl}/`);
      await unlockThroughUi(page);
      await waitForServiceWorker(page);
      const cdp = await browser.context.newCDPSession(page);
      await page.waitForTimeout(500);
      const homeMb = await heapMb(cdp);
      for (let i = 0; i < options.listOpenings; i++) {
        if (i > 0) await goHome(page);
        openings.push(await openList(page));
      }
      await page.waitForTimeout(300);
      const listedMb = await heapMb(cdp);
      const first = await search(page, targets[0]!);
      await clearSearch(page);
      const second = await search(page, targets[1]!);
      searches = { first, second };
      const searchedMb = await heapMb(cdp);
      heap = { homeMb, listedMb, searchedMb };
    } finally {
      await browser.close();
    }

    const coldStarts: AppResult['coldStarts'] = [];
    for (let i = 0; i < options.coldStarts; i++) {
      browser = await launchProfile(profile.dir);
      page = browser.page;
      try {
        await browser.context.setOffline(true);
        const cdp = await browser.context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
        await browser.context.addInitScript(() => {
          const mark = () => {
            const heading = document.querySelector('h1');
            const control = document.querySelector('input:not([disabled]), button:not([disabled])');
            if (!heading || !control) return false;
            const entry = { at: performance.now(), heading: heading.textContent ?? '' };
            window.__benchFirstScreen = entry;
            requestAnimationFrame(() =>
              setTimeout(() => {
                window.__benchFirstScreen = { ...entry, paintedAt: performance.now() };
              }, 0),
            );
            return true;
          };
          const observer = new MutationObserver(() => {
            if (mark()) observer.disconnect();
          });
          observer.observe(document, { childList: true, subtree: true });
        });
        await page.goto(`${baseUrl}/`, { timeout: 60_000 });
        await page.waitForFunction(() => window.__benchFirstScreen?.paintedAt !== undefined, null, {
          timeout: 60_000,
        });
        const seen = await page.evaluate(async (url) => {
          let offline = false;
          try {
            await fetch(`${url}/api/v1/health`, { cache: 'no-store' });
          } catch {
            offline = true;
          }
          return {
            screen: window.__benchFirstScreen!,
            controlled: navigator.serviceWorker.controller !== null,
            offline,
          };
        }, baseUrl);
        coldStarts.push({
          firstScreenMs: seen.screen.paintedAt!,
          heading: seen.screen.heading,
          controlled: seen.controlled,
          offline: seen.offline,
        });
      } finally {
        await browser.close();
      }
    }

    const paints = openings.map((o) => o.paintMs);
    return {
      records: n,
      seedMs,
      data,
      openings,
      firstOpeningPaintMs: paints[0]!,
      warmMedianPaintMs: median(paints.slice(1)),
      searches,
      searchDebounceMs: SEARCH_DEBOUNCE_MS,
      heap,
      coldStarts,
      coldStartMedianMs: median(coldStarts.map((c) => c.firstScreenMs)),
    };
  } finally {
    profile.remove();
  }
}
