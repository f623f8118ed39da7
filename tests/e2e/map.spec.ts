// The vulnerability map in real Chromium at 1280 px against the real server: records sealed and
// pushed as a phone does, a viewer signs in, drills kabupaten → kecamatan → desa, changes the
// period, opens the monthly report and prints it. Every number on the page is compared with a
// count computed here, independently, from the same records' meta (the issue's definitions, not
// the catalogue); small counts are withheld for the viewer; axe finds nothing on each screen.
import { expect, type Page } from '@playwright/test';
import type { RecordKind } from '../../src/domain/index';
import { computeMeta } from '../../src/domain/contract';
import {
  axeViolations,
  createAccount,
  createDistrictKeyInConsole,
  enrollPhone,
  pushRecord,
  setUpAccount,
} from './consoleHelpers';
import { idText } from './fixtures';
import { exampleWithoutLinks, serverTest as test, type TestServer } from './workflowHelpers';

test.use({
  viewport: { width: 1280, height: 900 },
  deviceScaleFactor: 1,
  isMobile: false,
  hasTouch: false,
});
test.setTimeout(180_000);

const PASSWORD = 'kopi tubruk di warung pak min';
type Meta = Record<string, unknown>;
interface Seeded {
  kind: RecordKind;
  meta: Meta;
}

// ---- the records: [desa, month, household visits, resident migrants (non-official)] ----------
const PLAN: [string, string, number, number, number][] = [
  ['33.01.01.2001', '2026-10', 6, 4, 3],
  ['33.01.01.2001', '2026-09', 2, 1, 0],
  ['33.01.01.2002', '2026-10', 2, 0, 0],
  ['33.01.01.2002', '2026-09', 1, 0, 0],
  ['33.01.01.2003', '2026-10', 4, 1, 1],
  ['33.01.01.2003', '2026-08', 3, 0, 0],
  ['33.01.02.2001', '2026-10', 3, 3, 0],
  ['33.02.01.2001', '2026-10', 1, 0, 0],
];

function address(village: string) {
  const [p, r, d] = village.split('.');
  return {
    provinceCode: p,
    regencyCode: `${p}.${r}`,
    districtCode: `${p}.${r}.${d}`,
    villageCode: village,
    detail: 'RT 01 / RW 02',
  };
}

async function seed(server: TestServer): Promise<Seeded[]> {
  const phone = await enrollPhone(server, 'HP Peta');
  const seeded: Seeded[] = [];
  const push = async (kind: RecordKind, payload: Record<string, unknown>) => {
    await pushRecord(server, phone, kind, payload);
    seeded.push({ kind, meta: computeMeta(kind, payload as never) ?? {} });
  };
  for (const [village, month, visits, migrants, nonOfficial] of PLAN) {
    for (let i = 0; i < visits; i += 1)
      await push('household_visit', {
        ...exampleWithoutLinks('household_visit'),
        address: address(village),
        visitDate: `${month}-0${1 + (i % 9)}`,
      });
    for (let i = 0; i < migrants; i += 1)
      await push('migrant', {
        ...exampleWithoutLinks('migrant'),
        address: address(village),
        departureDate: `${month}-1${i % 9}`,
        procedure: i < nonOfficial ? 'non_official' : 'official',
      });
  }
  return seeded;
}

// ---- the independent count ----------------------------------------------------------------
const list = (meta: Meta, key: string) =>
  Array.isArray(meta[key]) ? (meta[key] as unknown[]) : [];
/** What one record adds to each column of the map, read from the definitions. */
function amounts(kind: string, meta: Meta): Record<string, number> {
  const resident = kind === 'migrant' && meta.recordType === 'resident';
  const visit = kind === 'household_visit';
  const screening = kind === 'screening';
  const yes = (b: boolean) => (b ? 1 : 0);
  return {
    migrants: yes(resident),
    migrants_non_official: yes(resident && meta.procedure === 'non_official'),
    documents_missing: yes(resident && list(meta, 'documentsMissing').length > 0),
    documents_suspected_false: yes(resident && list(meta, 'documentsSuspectedFalse').length > 0),
    outsider_observations: yes(kind === 'migrant' && meta.recordType === 'outsider_observation'),
    visits: yes(visit),
    visits_warning_signs: yes(visit && list(meta, 'warningSigns').length > 0),
    sessions: yes(kind === 'awareness_session'),
    participants: kind === 'awareness_session' ? Number(meta.participantsTotal ?? 0) : 0,
    screenings: yes(screening),
    screenings_high: yes(screening && meta.riskLevel === 'tinggi'),
    screenings_child: yes(screening && meta.child === true),
    screenings_modus: yes(screening && list(meta, 'modus').length > 0),
    support_given: yes(kind === 'psychosocial_support' && meta.consent === 'agreed'),
    referrals: yes(kind === 'referral'),
  };
}
const COLUMNS = Object.keys(amounts('x', {}));
const codeAt = (meta: Meta, depth: number) =>
  [meta.provinceCode, meta.regencyCode, meta.districtCode, meta.villageCode][depth] as string;

/** Sums per child area of `parent` over [from, to], and the parent's own sum. */
function sums(records: Seeded[], parent: string, from: string, to: string) {
  const depth = parent.split('.').length;
  const rows = new Map<string, Record<string, number>>();
  const total = Object.fromEntries(COLUMNS.map((c) => [c, 0]));
  for (const { kind, meta } of records) {
    const month = meta.eventMonth as string;
    if (month < from || month > to || codeAt(meta, depth - 1) !== parent) continue;
    const child = codeAt(meta, depth);
    const row = rows.get(child) ?? Object.fromEntries(COLUMNS.map((c) => [c, 0]));
    for (const [column, n] of Object.entries(amounts(kind, meta))) {
      row[column] = (row[column] ?? 0) + n;
      total[column] = (total[column] ?? 0) + n;
    }
    if (Object.values(amounts(kind, meta)).some((n) => n > 0)) rows.set(child, row);
  }
  return { rows, total };
}

const small = (n: number) => n > 0 && n < 3;
/** What a viewer may see: 1 and 2 withheld, and the next smallest when a column has one alone. */
function viewerTexts(
  rows: Map<string, Record<string, number>>,
): Map<string, Record<string, string>> {
  const out = new Map(
    [...rows].map(([code, row]) => [
      code,
      Object.fromEntries(COLUMNS.map((c) => [c, small(row[c]!) ? '< 3' : String(row[c])])),
    ]),
  );
  for (const column of COLUMNS) {
    const withheld = [...out.values()].filter((row) => row[column] === '< 3').length;
    if (withheld !== 1) continue;
    const next = [...rows]
      .filter(([code, row]) => row[column]! > 0 && out.get(code)![column] !== '< 3')
      .sort((a, b) => a[1][column]! - b[1][column]! || (a[0] < b[0] ? -1 : 1))[0];
    if (next) out.get(next[0])![column] = '< 3';
  }
  return out;
}

// ---- reading the page -----------------------------------------------------------------------
async function tableOnPage(page: Page) {
  return page.getByTestId('map-table').evaluate((table) => {
    const read = (tr: Element) =>
      Object.fromEntries(
        [...tr.querySelectorAll('td[data-indicator]')].map((td) => [
          td.getAttribute('data-indicator')!,
          (td.textContent ?? '').trim(),
        ]),
      );
    return {
      rows: Object.fromEntries(
        [...table.querySelectorAll('tbody tr')].map((tr) => [
          tr.getAttribute('data-area')!,
          read(tr),
        ]),
      ),
      total: read(table.querySelector('tfoot tr')!),
    };
  });
}

async function expectTable(
  page: Page,
  records: Seeded[],
  parent: string,
  from: string,
  to: string,
) {
  const { rows, total } = sums(records, parent, from, to);
  const expected = Object.fromEntries(viewerTexts(rows));
  const expectedTotal = Object.fromEntries(
    COLUMNS.map((c) => [c, small(total[c]!) ? '< 3' : String(total[c])]),
  );
  await expect.poll(async () => (await tableOnPage(page)).rows).toEqual(expected);
  expect((await tableOnPage(page)).total).toEqual(expectedTotal);
  return expected;
}

async function noViolations(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}

test('a viewer reads the map, drills down to desa, changes the period and prints the monthly report', async ({
  page,
  server,
}) => {
  const records = await seed(server);
  const token = await createAccount(server, 'peninjau', 'viewer', 'Ibu Peninjau Bappeda');
  const setup = await fetch(`${server.url}/api/console/auth/setup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ token, password: PASSWORD }),
  });
  expect(setup.status).toBe(200);

  await page.goto('/koordinator/');
  await page.getByLabel(idText('console:login.username')).fill('peninjau');
  await page.getByLabel(idText('console:login.password')).fill(PASSWORD);
  await page.getByRole('button', { name: idText('console:login.submit'), exact: true }).click();
  // A viewer's only screens: the map and the report (and the account).
  const nav = page.getByRole('navigation', { name: idText('console:app.navigation') });
  await expect(nav.getByRole('link', { name: idText('console:map.title') })).toBeVisible();
  await expect(nav.getByRole('link')).toHaveText([
    idText('console:map.title'),
    idText('console:map.report'),
    idText('console:account.title'),
  ]);
  await expect(
    page.getByRole('heading', { level: 1, name: idText('map:screen.title') }),
  ).toBeVisible();

  // October 2026, one month: the only province opens at its kabupaten.
  await page.getByLabel(idText('map:screen.to')).fill('2026-10');
  await expect(
    page.getByRole('navigation', { name: idText('map:screen.breadcrumb') }),
  ).toContainText('Jawa Tengah');
  const regencies = await expectTable(page, records, '33', '2026-10', '2026-10');
  expect(Object.keys(regencies)).toEqual(['33.01', '33.02']);
  expect(regencies['33.02']!.visits).toBe('< 3');
  await noViolations(page);
  await page.screenshot({ path: 'test-results/map-regency.png', fullPage: true });

  await page.getByRole('link', { name: 'Kabupaten Cilacap' }).click();
  await expectTable(page, records, '33.01', '2026-10', '2026-10');
  await page.getByRole('link', { name: 'Kedungreja' }).click();
  const villages = await expectTable(page, records, '33.01.01', '2026-10', '2026-10');
  // 2002 has 2 visits (withheld); 2003 has 4, withheld too so 2002 cannot be worked out.
  expect(villages['33.01.01.2002']!.visits).toBe('< 3');
  expect(villages['33.01.01.2003']!.visits).toBe('< 3');
  expect(villages['33.01.01.2001']!.visits).toBe('6');
  await expect(page.locator('#map-small-note')).toHaveText(idText('map:screen.smallNote'));
  await expect(page.getByTestId('sparkline').first().locator('canvas')).toBeVisible();
  await noViolations(page);
  await page.screenshot({ path: 'test-results/map-village.png', fullPage: true });

  // Three months (August–October): other sums, other cells withheld.
  await page.getByLabel(idText('map:screen.periods.3')).check();
  const quarter = await expectTable(page, records, '33.01.01', '2026-08', '2026-10');
  expect(quarter['33.01.01.2002']!.visits).toBe('3');
  expect(quarter['33.01.01.2003']!.visits).toBe('7');
  // Sorting by visits, highest first.
  await page
    .getByRole('button', { name: new RegExp(idText('map:indicator.visits')) })
    .first()
    .click();
  await expect(page.getByTestId('map-table').locator('tbody tr').first()).toHaveAttribute(
    'data-area',
    '33.01.01.2001',
  );
  // The trend table holds the sparklines' numbers.
  await page.getByText(idText('map:screen.trendTable')).click();
  await expect(
    page.getByTestId('trend-table').locator('tr[data-area="33.01.01.2003"] td').nth(9),
  ).toHaveText('3');
  await noViolations(page);

  // The monthly report of October 2026, one page per kabupaten, in Bahasa Indonesia.
  await page
    .getByRole('link', { name: idText('map:screen.report').replace('{{month}}', 'Oktober 2026') })
    .click();
  const report = page.getByTestId('report');
  await expect(report.locator('article.report-page')).toHaveCount(2);
  const cilacap = report.locator('article[data-regency="33.01"]');
  const now = sums(records, '33', '2026-10', '2026-10').rows.get('33.01')!;
  const before = sums(records, '33', '2026-09', '2026-09').rows.get('33.01')!;
  for (const column of COLUMNS) {
    const row = cilacap.locator(`tbody[data-indicator="${column}"] tr.indicator-row`);
    const text = (n: number) => (small(n) ? '< 3' : String(n));
    await expect(row.locator('[data-cell="current"]')).toHaveText(text(now[column]!));
    await expect(row.locator('[data-cell="previous"]')).toHaveText(text(before[column]!));
    const change =
      small(now[column]!) || small(before[column]!)
        ? '—'
        : now[column]! - before[column]! > 0
          ? `+${now[column]! - before[column]!}`
          : now[column]! - before[column]! < 0
            ? `−${before[column]! - now[column]!}`
            : '0';
    await expect(row.locator('[data-cell="change"]')).toHaveText(change);
  }
  const districts = viewerTexts(sums(records, '33.01', '2026-10', '2026-10').rows);
  for (const [code, cells] of districts)
    for (const column of COLUMNS)
      await expect(
        cilacap.locator(
          `[data-testid="report-districts"] tr[data-area="${code}"] td[data-indicator="${column}"]`,
        ),
      ).toHaveText(cells[column]!);
  // Desa that rose most in visits (neither month withheld), computed from the same records.
  const villagesNow = new Map<string, number>();
  const villagesBefore = new Map<string, number>();
  for (const district of sums(records, '33.01', '2026-10', '2026-10').rows.keys()) {
    for (const [code, row] of sums(records, district, '2026-10', '2026-10').rows)
      villagesNow.set(code, row.visits!);
    for (const [code, row] of sums(records, district, '2026-09', '2026-09').rows)
      villagesBefore.set(code, row.visits!);
  }
  const risers = [...new Set([...villagesNow.keys(), ...villagesBefore.keys()])]
    .map((code) => ({
      code,
      now: villagesNow.get(code) ?? 0,
      before: villagesBefore.get(code) ?? 0,
    }))
    .filter((v) => v.now > v.before && !small(v.now) && !small(v.before))
    .sort((a, b) => b.now - b.before - (a.now - a.before) || (a.code < b.code ? -1 : 1))
    .slice(0, 5);
  expect(risers.length).toBeGreaterThan(0);
  const visitsRisers = cilacap.locator(
    '[data-testid="report-risers"] [data-indicator="visits"] dd',
  );
  await expect(visitsRisers).toHaveCount(risers.length);
  for (const [index, riser] of risers.entries()) {
    await expect(visitsRisers.nth(index)).toHaveAttribute('data-area', riser.code);
    await expect(visitsRisers.nth(index)).toContainText(
      `${riser.before} → ${riser.now} (+${riser.now - riser.before})`,
    );
  }
  await noViolations(page);
  await page.screenshot({ path: 'test-results/map-report.png', fullPage: true });

  // The print view at the width of A4 (210 mm at 96 px per inch).
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.console-nav')).toBeHidden();
  await page.screenshot({ path: 'test-results/map-report-print.png', fullPage: true });
  const pdf = await page.pdf({ path: 'test-results/map-report.pdf', preferCSSPageSize: true });
  // Two kabupaten, each from a new page.
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBeGreaterThanOrEqual(2);
});

test.describe('a coordinator', () => {
  // The coordinator makes the district key in the console, so the records open in the browser.
  test.use({ districtKeyRegistered: false });

  test('follows a cell of the map to the records behind it, opened in the browser', async ({
    page,
    server,
  }) => {
    const token = await createAccount(server, 'koor', 'admin,coordinator', 'Koordinator Peta');
    await setUpAccount(page, server, token);
    await createDistrictKeyInConsole(page);
    const records = await seed(server);

    await page.getByRole('link', { name: idText('console:map.title'), exact: true }).click();
    await page.getByLabel(idText('map:screen.to')).fill('2026-10');
    await page.getByRole('link', { name: 'Kabupaten Cilacap', exact: true }).click();
    await page.getByRole('link', { name: 'Kedungreja', exact: true }).click();
    const { rows } = sums(records, '33.01.01', '2026-10', '2026-10');
    const visits = rows.get('33.01.01.2001')!.visits!;
    const cell = page.locator('tr[data-area="33.01.01.2001"] td[data-indicator="visits"] a');
    await expect(cell).toHaveText(String(visits));
    await noViolations(page);
    await cell.click();

    await expect(page).toHaveURL(/#\/map-records\?/);
    const table = page.getByTestId('map-records');
    await expect(table.locator('tbody tr')).toHaveCount(visits);
    await expect(table).toContainText(idText('records:household_visit.title'));
    await noViolations(page);
    await page.screenshot({ path: 'test-results/map-records.png', fullPage: true });
    await table.locator('tbody tr').first().getByRole('link').first().click();
    await expect(page).toHaveURL(/#\/record\/[0-9a-f-]+$/);
    // The detail shows the opened payload: the household visit's address detail typed on the phone.
    await expect(page.getByText('RT 01 / RW 02').first()).toBeVisible();
  });
});
