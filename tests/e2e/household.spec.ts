// One household, one place (issue 8, beyond the fixes): a household visit, the migrant it names
// and a screening of that migrant, made through the forms; each record's page lists the other
// two, and the one search over every kind finds all three. Layout and axe on the new screens.
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { RecordKind } from '../../src/domain/envelope';
import { fieldDomId } from '../../src/app/records/form/model';
import { idText, onboard, openRoute, pressFinish } from './fixtures';
import { axeViolations, layoutProblems } from './layout';
import type { Locator } from '@playwright/test';
import { MIN_TARGET } from './actionsChecks';
import { exampleWithoutLinks, fillRecordForm, newFormTitle, openSection } from './workflowHelpers';

const SHOTS = 'test-results/screens';
mkdirSync(SHOTS, { recursive: true });
const DESA = 'Mekarsari';

/** Creates a record through its form, linking it to `link` (found by `linkWords`) in `section`. */
async function createLinked(
  page: Page,
  kind: RecordKind,
  payload: Record<string, unknown>,
  link?: { section: string; path: string; words: string },
): Promise<string> {
  await openRoute(page, `/records/${kind}/new`);
  await expect(page.getByRole('heading', { name: newFormTitle(kind), level: 1 })).toBeVisible();
  await fillRecordForm(page, kind, payload);
  if (link) {
    await openSection(page, kind, link.section);
    await page.locator(`[id="${fieldDomId(`${link.path}.search`)}"]`).fill(link.words);
    await page
      .getByRole('button', { name: new RegExp(`^${idText('forms:links.add')}: .*${link.words}`) })
      .click();
    await expect(page.getByRole('button', { name: idText('forms:links.remove') })).toHaveCount(1);
  }
  await pressFinish(page);
  await expect(page).toHaveURL(/#\/record\/[0-9a-f-]+$/);
  return /#\/record\/([0-9a-f-]+)$/.exec(page.url())![1]!;
}

const householdSection = (page: Page) =>
  page.getByRole('region', { name: idText('forms:household.title'), exact: true });

/** Links of `area` smaller than 48 px on either side, as "text: W×H". */
async function smallLinks(area: Locator): Promise<string[]> {
  return area.getByRole('link').evaluateAll(
    (links, min) =>
      links
        .map((link) => ({ link, box: link.getBoundingClientRect() }))
        .filter(({ box }) => box.width + 0.5 < min || box.height + 0.5 < min)
        .map(
          ({ link, box }) =>
            `${(link.textContent ?? '').slice(0, 40)}: ${Math.round(box.width)}×${Math.round(box.height)}`,
        ),
    MIN_TARGET,
  );
}

async function checkScreen(page: Page, name: string) {
  expect(await layoutProblems(page), `${name}: no squeezed text, no sideways scroll`).toEqual([]);
  expect(await axeViolations(page), `${name}: axe`).toEqual([]);
}

test('a visit, its migrant and her screening show each other, and one search finds all three', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await onboard(page, { trained: true });

  const migrantPayload = exampleWithoutLinks('migrant');
  migrantPayload.name = 'Sulastri Wijaya';
  (migrantPayload.address as Record<string, unknown>).villageName = DESA;
  const migrantId = await createLinked(page, 'migrant', migrantPayload);

  const visitPayload = exampleWithoutLinks('household_visit');
  visitPayload.householdName = 'Keluarga Darto';
  (visitPayload.address as Record<string, unknown>).villageName = DESA;
  const visitId = await createLinked(page, 'household_visit', visitPayload, {
    section: 'household',
    path: 'migrantIds',
    words: 'Sulastri',
  });

  const screeningPayload = exampleWithoutLinks('screening');
  screeningPayload.area = { villageName: DESA };
  const screeningId = await createLinked(page, 'screening', screeningPayload, {
    section: 'subject',
    path: 'migrantIds',
    words: 'Sulastri',
  });

  const ids = { household_visit: visitId, migrant: migrantId, screening: screeningId };
  for (const [kind, id] of Object.entries(ids)) {
    await openRoute(page, `/record/${id}`);
    await expect(page.getByText(idText(`forms:kinds.${kind}`), { exact: true })).toBeVisible();
    const section = householdSection(page);
    const links = section.getByRole('link');
    await expect(links).toHaveCount(2);
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs.sort(), `${kind} lists the other two`).toEqual(
      Object.entries(ids)
        .filter(([other]) => other !== kind)
        .map(([, otherId]) => `#/record/${otherId}`)
        .sort(),
    );
    // Grouped by kind: one heading per other kind.
    for (const other of Object.keys(ids).filter((k) => k !== kind))
      await expect(
        section.getByRole('heading', {
          level: 3,
          name: new RegExp(idText(`forms:kinds.${other}`)),
        }),
      ).toBeVisible();
    // A possible victim's initials are not on a screen the family may see.
    if (kind !== 'screening')
      await expect(section).not.toContainText(String(screeningPayload.subjectInitials));
    expect(await smallLinks(section), `${kind}: 48 px links`).toEqual([]);
  }
  await openRoute(page, `/record/${visitId}`);
  await expect(householdSection(page).getByRole('link', { name: /Sulastri/ })).toBeVisible();
  await expect(householdSection(page).getByRole('link')).toHaveCount(2);
  await checkScreen(page, 'visit detail');
  await householdSection(page).screenshot({ path: `${SHOTS}/household-section.png` });

  // One search from Beranda.
  await openRoute(page, '/');
  await page.getByRole('link', { name: idText('app:home.search') }).click();
  await expect(
    page.getByRole('heading', { name: idText('forms:search.title'), level: 1 }),
  ).toBeVisible();
  await page.getByLabel(idText('forms:search.label')).fill(DESA.toLowerCase());
  for (const [kind, id] of Object.entries(ids)) {
    const group = page.getByRole('region', { name: new RegExp(idText(`forms:kinds.${kind}`)) });
    await expect(group.getByRole('link')).toHaveAttribute('href', `#/record/${id}`);
  }
  await expect(page.locator('#main').getByRole('status')).toHaveText(
    idText('forms:search.count_other').replace('{{count}}', '3'),
  );
  await expect(page.getByRole('link', { name: /Sulastri/ })).toHaveCount(1);
  expect(await smallLinks(page.locator('#main')), 'search: 48 px links').toEqual([]);
  await checkScreen(page, 'search');
  await page.screenshot({ path: `${SHOTS}/search.png`, fullPage: true });

  // A result opens its record; back returns to the same results.
  await page.getByRole('link', { name: /Sulastri/ }).click();
  await expect(page).toHaveURL(new RegExp(`#/record/${migrantId}$`));
  await page.goBack();
  await expect(page.getByLabel(idText('forms:search.label'))).toHaveValue(DESA.toLowerCase());
  await expect(page.getByRole('link', { name: /Sulastri/ })).toHaveCount(1);
});
