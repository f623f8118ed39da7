// Drafts autosave while typing (issue 2 §5: debounced, at most 1 s), so a reload — or the phone
// killing the app — loses at most the last second: the form comes back as it was left.
import { expect, test } from '@playwright/test';
import { householdNameField, onboard, openNewHouseholdVisit, unlock } from './fixtures';

const HOUSEHOLD = 'Keluarga Bapak Wiryo Sastro';

test('a draft survives a reload', async ({ page }) => {
  await onboard(page);
  await openNewHouseholdVisit(page);
  await householdNameField(page).fill(HOUSEHOLD);
  // The route now names the draft, so a reload returns to it rather than to an empty form.
  await expect(page).toHaveURL(/#\/records\/household_visit\/new\?from=/);
  // The promise is "at most the last second": wait just over it, then reload without warning.
  await page.waitForTimeout(1200);
  await page.reload();

  await unlock(page);
  await expect(householdNameField(page)).toHaveValue(HOUSEHOLD);
});

test('a draft survives the app being closed and opened again', async ({ page, context }) => {
  await onboard(page);
  await openNewHouseholdVisit(page);
  await householdNameField(page).fill(HOUSEHOLD);
  await expect(page).toHaveURL(/from=/);
  const draftUrl = page.url();
  await page.waitForTimeout(1200);
  // Closing without unload handlers is the closest a browser test gets to the OS killing the app.
  await page.close({ runBeforeUnload: false });

  const reopened = await context.newPage();
  await reopened.goto(draftUrl);
  await unlock(reopened);
  await expect(householdNameField(reopened)).toHaveValue(HOUSEHOLD);
});
