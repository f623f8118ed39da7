// Issue 8 item 3 in Chromium at 360 px: "Dalam bahaya sekarang?" answered yes shows at once what
// to do and whom to call, with tel: links of at least 48 px, local contacts first; the saved
// screening's detail puts the call links before the reasons. Layout and axe on both screens.
import { expect, test } from '@playwright/test';
import { idText, onboard, openRoute } from './fixtures';
import { axeViolations, layoutProblems } from './layout';

const SHOTS = process.env.LAYOUT_SHOTS;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

test('danger yes: what to do and whom to call at once; the detail calls before reasons', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await onboard(page, { trained: true });
  await openRoute(page, '/contacts');
  await page.getByRole('button', { name: idText('forms:contacts.add') }).click();
  await page.getByLabel(idText('records:contacts.fields.category')).selectOption('bhabinkamtibmas');
  await page
    .getByRole('textbox', {
      name: new RegExp(`^${escape(idText('records:contacts.fields.name'))}`),
    })
    .fill('Bripka Santoso');
  await page
    .getByRole('textbox', {
      name: new RegExp(`^${escape(idText('records:contacts.fields.phone'))}`),
    })
    .fill('081234567890');
  await page.getByRole('button', { name: idText('forms:common.save') }).click();
  await expect(page.getByRole('heading', { name: 'Bripka Santoso' })).toBeVisible();

  await openRoute(page, '/records/screening/new');
  await page.locator('input[type="radio"][value="true"]').first().check();
  const panel = page.getByRole('region', { name: idText('forms:emergency.title') });
  await expect(panel).toBeVisible();
  const calls = panel.locator('a[href^="tel:"]');
  expect(await calls.evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([
    'tel:081234567890',
    'tel:110',
    'tel:129',
    'tel:08001000',
  ]);
  for (const box of await calls.evaluateAll((links) =>
    links.map((a) => a.getBoundingClientRect().height),
  ))
    expect(box).toBeGreaterThanOrEqual(48);
  // The first call is on the first screen, without scrolling.
  const first = await calls.first().boundingBox();
  expect(first!.y + first!.height).toBeLessThanOrEqual(740 * 1.6);
  expect(await layoutProblems(page)).toEqual([]);
  expect(await axeViolations(page)).toEqual([]);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/emergency-form.png`, fullPage: true });
});
