// Issue 8 item 1, kept fixed: at 360 px no text of a record's detail, the home screen, a list or
// a form step wraps into a column too narrow to read, and no page scrolls sideways — for every
// kind's example; and axe (WCAG 2.2 AA) finds nothing on any form step or detail view.
import { expect, test } from '@playwright/test';
import { RECORD_KINDS, type RecordKind } from '../../src/domain/envelope';
import { getDeclaration } from '../../src/domain/index';
import { applies, getPath } from '../../src/app/records/form/model';
import { idText, onboard, openRoute, pressFinish } from './fixtures';
import { axeViolations, layoutProblems } from './layout';
import {
  exampleWithoutLinks,
  fillField,
  newFormTitle,
  openList,
  openSection,
} from './workflowHelpers';

const SHOTS = process.env.LAYOUT_SHOTS;

test('home reads at 360 px (no squeezed "Belum pernah")', async ({ page }) => {
  await onboard(page, { trained: true });
  await expect(page.getByText(idText('app:sync.never'), { exact: true })).toBeVisible();
  expect(await layoutProblems(page)).toEqual([]);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/home.png`, fullPage: true });
});

for (const kind of RECORD_KINDS as readonly RecordKind[]) {
  test(`${kind}: every form step, the detail and the list read at 360 px`, async ({ page }) => {
    test.setTimeout(120_000);
    await onboard(page, { trained: true });
    const declaration = getDeclaration(kind)!;
    const payload = exampleWithoutLinks(kind);
    await openRoute(page, `/records/${kind}/new`);
    await expect(page.getByRole('heading', { name: newFormTitle(kind), level: 1 })).toBeVisible();
    for (const section of declaration.sections) {
      // Sections of the other record type (a migrant's observation) are not offered.
      if (!declaration.fields.some((f) => f.section === section && applies(f, payload))) continue;
      await openSection(page, kind, section);
      const fields = declaration.fields.filter(
        (field) =>
          field.section === section &&
          applies(field, payload) &&
          getPath(payload, field.name) !== undefined,
      );
      for (const field of fields) {
        await fillField(page, field, field.name, getPath(payload, field.name));
      }
      expect(await layoutProblems(page), `form step ${section}`).toEqual([]);
      expect(await axeViolations(page), `axe on form step ${section}`).toEqual([]);
    }
    await pressFinish(page);
    await expect(page).toHaveURL(/#\/record\/[0-9a-f-]+$/);
    await expect(page.locator('.detail-section').first()).toBeVisible();
    expect(await layoutProblems(page), 'detail').toEqual([]);
    expect(await axeViolations(page), 'axe on the detail').toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/detail-${kind}.png`, fullPage: true });

    await openList(page, kind);
    expect(await layoutProblems(page), 'list').toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/list-${kind}.png`, fullPage: true });

    await openRoute(page, '/');
    await expect(
      page.getByRole('heading', { name: idText('app:home.title'), level: 1 }),
    ).toBeVisible();
    expect(await layoutProblems(page), 'home with a record').toEqual([]);
  });
}

test('contacts read at 360 px', async ({ page }) => {
  await onboard(page);
  await openRoute(page, '/contacts');
  await expect(page.locator('h1')).toBeVisible();
  expect(await layoutProblems(page)).toEqual([]);
  expect(await axeViolations(page)).toEqual([]);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/contacts.png`, fullPage: true });
});

test('the check itself catches a squeezed column and a sideways scroll', async ({ page }) => {
  await page.setContent(
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
      '<div style="display:grid;grid-template-columns:auto 1fr;width:328px;font:16px sans-serif">' +
      '<span>Terakhir berhasil terkirim ke server koordinator kabupaten kemarin sore</span>' +
      '<span style="word-break:break-word">Belum pernah</span></div>' +
      '<div style="width:900px">wide</div>',
  );
  // The old dl.facts: `auto 1fr` columns and `word-break: break-word` on the value.
  const problems = await layoutProblems(page);
  expect(problems.some((p) => p.includes('Belum pernah'))).toBe(true);
  expect(problems.some((p) => p.includes('sideways'))).toBe(true);
});
