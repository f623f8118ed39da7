// Chromium for the benchmarks: the installed Debian browser found as the e2e tests find it, with
// the same flags, driven by playwright-core (never a downloaded browser).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../tests/e2e/chromium';

/** The flags the brief names, plus the e2e suite's own (--disable-quic). */
export const BENCH_CHROMIUM_ARGS = [...CHROMIUM_ARGS];

/** The phone the app is designed for (360 px wide). */
export const PHONE = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'id-ID',
  timezoneId: 'Asia/Jakarta',
} as const;

/**
 * tsx compiles this code with esbuild's keepNames, which wraps named functions in `__name(...)`;
 * functions passed to page.evaluate carry that call into the page, so the page gets a no-op one.
 */
export async function addNameShim(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
}

export function chromiumPath(): string {
  return findChromium();
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: BENCH_CHROMIUM_ARGS,
    headless: true,
  });
}

export interface ProfileBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A browser on a persistent profile directory (service worker and IndexedDB survive a relaunch). */
export async function launchProfile(userDataDir: string): Promise<ProfileBrowser> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    args: BENCH_CHROMIUM_ARGS,
    headless: true,
    serviceWorkers: 'allow',
    ...PHONE,
  });
  await addNameShim(context);
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, close: () => context.close() };
}

/** A fresh temporary profile directory and a function that deletes it. */
export function tempProfile(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'jejaring-bench-profile-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Opens the bench page (bench/browser/page.ts) on `baseUrl` and waits until it is ready. */
export async function openBenchPage(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/bench/index.html`);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 30_000 });
}
