// The automatic lock (issue 2 §6): after the idle time with no touch or key the app locks, the
// data key leaves memory (the home screen is gone) and the PIN opens it again. The shell's test
// hook (src/app/config.ts) shortens the 5 minutes to 2 seconds.
import { expect, test } from '@playwright/test';
import { idText, lockHeading, onboard, unlock } from './fixtures';

const IDLE_MS = 2000;

test.beforeEach(async ({ page }) => {
  await page.addInitScript((idleMs) => {
    (window as unknown as { __JEJARING_TEST__: object }).__JEJARING_TEST__ = {
      idleMs,
      backgroundGraceMs: 0,
    };
  }, IDLE_MS);
});

test('the app locks when idle and unlocks with the PIN', async ({ page }) => {
  await onboard(page);
  const home = page.getByRole('heading', { name: idText('app:home.title'), level: 1 });
  await expect(lockHeading(page)).toBeVisible({ timeout: IDLE_MS * 5 });
  await expect(home).toBeHidden();

  await unlock(page);
  await expect(home).toBeVisible();
});

test('a wrong PIN does not unlock', async ({ page }) => {
  await onboard(page);
  await expect(lockHeading(page)).toBeVisible({ timeout: IDLE_MS * 5 });
  await page.getByLabel(idText('app:lock.pinLabel'), { exact: true }).fill('135799');
  await page.getByRole('button', { name: idText('app:lock.unlock'), exact: true }).click();
  await expect(page.getByText(idText('app:lock.wrong_pin'))).toBeVisible({ timeout: 30_000 });
  await expect(lockHeading(page)).toBeVisible();
});
