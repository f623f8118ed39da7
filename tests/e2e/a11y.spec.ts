// Accessibility (issue 2 §8, WCAG 2.2 AA) checked by axe-core in real Chromium at 360 px on the
// onboarding steps, the home screen and Settings.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { chooseLanguage, fillProfile, idText, lockHeading, onboard } from './fixtures';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function violations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  // Rule id and the offending elements make a failure readable without opening a trace.
  return result.violations.map((v) => ({
    id: v.id,
    nodes: v.nodes.map((n) => n.target.join(' ')),
  }));
}

test('onboarding has no axe violations', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: idText('app:onboarding.welcome') })).toBeVisible();
  expect(await violations(page)).toEqual([]);

  await chooseLanguage(page);
  await expect(
    page.getByRole('heading', { name: idText('app:onboarding.profileTitle') }),
  ).toBeVisible();
  expect(await violations(page)).toEqual([]);

  // With the validation errors shown, too.
  await page.getByRole('button', { name: idText('app:actions.next') }).click();
  await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);

  await fillProfile(page);
  await expect(
    page.getByRole('heading', { name: idText('app:onboarding.pinTitle') }),
  ).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('the lock screen has no axe violations', async ({ page }) => {
  await onboard(page);
  await page.reload();
  await expect(lockHeading(page)).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('home and Settings have no axe violations', async ({ page }) => {
  await onboard(page);
  expect(await violations(page)).toEqual([]);

  await page.getByRole('link', { name: idText('app:shell.settings') }).click();
  await expect(
    page.getByRole('heading', { name: idText('app:settings.title'), level: 1 }),
  ).toBeVisible();
  expect(await violations(page)).toEqual([]);
});
