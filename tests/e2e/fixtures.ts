// Helpers shared by the browser tests: service worker readiness, network switching, onboarding
// and unlocking through the UI the way a volunteer does it (accessible names, Indonesian texts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
