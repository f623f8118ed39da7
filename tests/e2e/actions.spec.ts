// Issue 8 item 7, kept fixed: no hidden or unreadable action at 360 px. The follow-up action
// after warning signs reads (≥ 4.5:1), every step of the step strip is on screen and the current
// one visible, every tappable target is at least 48×48 px, and after navigation the heading is
// not under the sticky header.
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { idText, onboard, openRoute } from './fixtures';
import { contrastOf, smallTargets } from './actionsChecks';
import { createRecord, exampleWithoutLinks, newFormTitle, openSection } from './workflowHelpers';
import { getDeclaration } from '../../src/domain/index';

const SHOTS = 'test-results/screens';
mkdirSync(SHOTS, { recursive: true });

const strip = (page: Page) =>
  page.getByRole('navigation', { name: idText('forms:form.sectionsLabel') });

/** The bottom edge of the sticky header and the top edge of the element, in the viewport. */
async function headerBottomAndTop(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const header = document.querySelector('.app-header')!.getBoundingClientRect();
    const element = document.querySelector(sel)!.getBoundingClientRect();
    return { headerBottom: header.bottom, top: element.top };
  }, selector);
}

test('after warning signs, "Mulai Identifikasi awal" reads at AA contrast', async ({ page }) => {
  await onboard(page, { trained: true });
  const example = exampleWithoutLinks('household_visit');
  expect((example.warningSigns as string[]).length).toBeGreaterThan(0);
  await createRecord(page, 'household_visit', example);
  const start = page.getByRole('link', {
    name: idText('forms:followUp.start').replace('{{kind}}', idText('forms:kinds.screening')),
  });
  await start.scrollIntoViewIfNeeded();
  expect(await contrastOf(start)).toBeGreaterThanOrEqual(4.5);
  await page.screenshot({ path: `${SHOTS}/follow-up-actions.png` });
});

test('the contrast check catches dark text on dark green', async ({ page }) => {
  // The old look: list links' --text colour over a primary button's --green (about 2.1:1).
  await page.setContent(
    '<a id="a" href="#" style="color:#1b1f1e;background:#0b5d4b">Mulai Identifikasi awal</a>',
  );
  expect(await contrastOf(page.locator('#a'))).toBeLessThan(4.5);
});

test('every tappable target on home and a form step is at least 48×48 px', async ({ page }) => {
  await onboard(page, { trained: true });
  await expect(
    page.getByRole('heading', { level: 1, name: idText('app:home.title') }),
  ).toBeVisible();
  expect(await smallTargets(page), 'home').toEqual([]);
  await page.screenshot({ path: `${SHOTS}/home-top.png` });

  await openRoute(page, '/records/household_visit/new');
  await expect(
    page.getByRole('heading', { name: newFormTitle('household_visit'), level: 1 }),
  ).toBeVisible();
  for (const section of getDeclaration('household_visit')!.sections) {
    await openSection(page, 'household_visit', section);
    expect(await smallTargets(page), `form step ${section}`).toEqual([]);
  }
});

test('the target check catches the old 93×29 home link', async ({ page }) => {
  await page.setContent('<a href="#/" style="display:inline-block;width:93px;height:29px">J</a>');
  expect(await smallTargets(page)).toEqual(['a "J": 93×29']);
});

test('every step of the strip is on screen at 360 px, the current one too', async ({ page }) => {
  await onboard(page, { trained: true });
  // The screening has the longest step names.
  await openRoute(page, '/records/screening/new');
  await expect(
    page.getByRole('heading', { name: newFormTitle('screening'), level: 1 }),
  ).toBeVisible();
  const sections = getDeclaration('screening')!.sections;
  const steps = strip(page).getByRole('button');
  await expect(steps).toHaveCount(sections.length);
  // Nothing hidden sideways: the strip is as wide as what it shows, every step inside the page.
  const sizes = await strip(page)
    .locator('ol')
    .evaluate((ol) => ({ scroll: ol.scrollWidth, client: ol.clientWidth }));
  expect(sizes.scroll).toBeLessThanOrEqual(sizes.client);
  for (const box of await steps.evaluateAll((buttons) =>
    buttons.map((b) => b.getBoundingClientRect().toJSON() as DOMRect),
  )) {
    expect(box.left).toBeGreaterThanOrEqual(0);
    expect(box.right).toBeLessThanOrEqual(360);
  }
  const last = sections[sections.length - 1]!;
  await openSection(page, 'screening', last);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/step-strip.png` });
  // The current step is said in words too ("Langkah 7 dari 7"), and its button is in view.
  const stepText = idText('forms:form.step')
    .replace('{{current}}', String(sections.length))
    .replace('{{total}}', String(sections.length));
  await expect(page.getByText(stepText, { exact: true })).toBeVisible();
  await expect(strip(page).locator('[aria-current="step"]')).toBeInViewport({ ratio: 1 });
});

/** Scrolls to the bottom of the page, the way a thumb does before tapping the next link. */
const scrollToBottom = (page: Page) =>
  page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));

test('after navigation the h1 is below the header, not under it', async ({ page }) => {
  await onboard(page, { trained: true });
  await openRoute(page, '/records/migrant/new');
  await expect(
    page.getByRole('heading', { name: newFormTitle('migrant'), level: 1 }),
  ).toBeVisible();
  // Far down one long form nothing of the header lies over the fields: it scrolls away (when
  // sticky, it covered the controls under it, axe target-size).
  await scrollToBottom(page);
  expect((await headerBottomAndTop(page, '#main h1')).headerBottom).toBeLessThanOrEqual(0);
  // From there a link to another form: the new form opens at its heading.
  await openRoute(page, '/records/screening/new');
  const h1 = page.getByRole('heading', { name: newFormTitle('screening'), level: 1 });
  await expect(h1).toBeFocused();
  let edges = await headerBottomAndTop(page, '#main h1');
  expect(edges.top).toBeGreaterThanOrEqual(edges.headerBottom);
  await page.screenshot({ path: `${SHOTS}/after-navigation.png` });

  // The home link in the header from far down the form.
  await scrollToBottom(page);
  await page.locator('.app-header .app-title').click();
  await expect(
    page.getByRole('heading', { level: 1, name: idText('app:home.title') }),
  ).toBeFocused();
  edges = await headerBottomAndTop(page, '#main h1');
  expect(edges.top).toBeGreaterThanOrEqual(edges.headerBottom);

  // "Sebelumnya" at the bottom of a step: the step's heading is not under the header either.
  await openRoute(page, '/records/household_visit/new');
  await expect(
    page.getByRole('heading', { name: newFormTitle('household_visit'), level: 1 }),
  ).toBeVisible();
  await openSection(page, 'household_visit', 'warning_signs');
  await scrollToBottom(page);
  await page.getByRole('button', { name: idText('forms:form.previous') }).click();
  const h2 = page.locator('#main h2:has(.step-count)');
  await expect(h2).toBeFocused();
  edges = await headerBottomAndTop(page, '#main h2:has(.step-count)');
  expect(edges.top).toBeGreaterThanOrEqual(edges.headerBottom);
  await expect(h2).toBeInViewport({ ratio: 1 });
});
