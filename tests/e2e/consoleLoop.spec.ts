// The whole loop in real Chromium at 1280 px against the real server: district key set up in the
// browser, a sealed high-risk child screening on top of the queue, the coordinator's answer with
// a sealed note that the phone's device key opens, lock, a viewer who sees no content, and axe
// (WCAG 2.2 AA) on every console screen along the way.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { RECORD_KIND_DECLARATIONS } from '../../src/domain/index';
import {
  axeViolations,
  createAccount,
  createDistrictKeyInConsole,
  setUpAccount,
  enrollPhone,
  phoneReviews,
  pushRecord,
} from './consoleHelpers';
import { idText } from './fixtures';
import { startTestServer, type TestServer } from './workflowHelpers';

test.use({
  viewport: { width: 1280, height: 800 },
  deviceScaleFactor: 1,
  isMobile: false,
  hasTouch: false,
});

const SHOTS = 'test-results/console';

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}-${name}.png`, fullPage: true });
}

test.describe('with the real server', () => {
  let server: TestServer;
  test.beforeEach(async () => {
    server = await startTestServer({ registerDistrictKey: false });
  });
  test.afterEach(async () => {
    await server.close();
  });

  test('the loop: a sealed high-risk child screening tops the queue, the coordinator answers Ditindaklanjuti with a note the phone opens; a viewer sees no content; axe on every screen', async ({
    page,
    browser,
  }) => {
    test.setTimeout(180_000);
    const token = await createAccount(server, 'koor', 'admin,coordinator', 'Koordinator Uji');
    await setUpAccount(page, server, token);
    await expect(page.getByRole('heading', { name: idText('console:queue.title') })).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);

    // District key in the browser: passphrase → recovery file → fingerprint → registered.
    const recovery = await createDistrictKeyInConsole(page);
    await expect(page.getByRole('cell', { name: recovery.fingerprint })).toBeVisible();
    await shoot(page, 'key');

    // A phone saves a high-risk child screening offline and sends it (sealed to the district key).
    const phone = await enrollPhone(server, 'HP posyandu Melati');
    const screening = {
      ...(RECORD_KIND_DECLARATIONS.screening.examples[0] as Record<string, unknown>),
    };
    await pushRecord(
      server,
      phone,
      'migrant',
      { ...(RECORD_KIND_DECLARATIONS.migrant.examples[0] as Record<string, unknown>) },
      new Date(Date.now() - 20 * 3_600_000).toISOString(),
    );
    const id = await pushRecord(
      server,
      phone,
      'screening',
      screening,
      new Date(Date.now() - 3 * 3_600_000).toISOString(),
    );

    await page.getByRole('link', { name: idText('console:queue.title'), exact: true }).click();
    const firstRow = page.getByTestId('queue').locator('tbody tr').first();
    await expect(firstRow).toContainText(idText('console:queue.reasons.high_risk'));
    await expect(firstRow).toContainText(idText('console:queue.reasons.child'));
    await expect(firstRow).toContainText('HP posyandu Melati');
    await expect(firstRow).toContainText(/sisa 8 j/);
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'queue');

    await firstRow.getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`#/record/${id}`));
    await expect(page.getByText(String(screening.situation))).toBeVisible();
    // The title speaks words, as on the phone: a formatted date and the risk label, no codes.
    const title = page.getByRole('heading', { level: 1 });
    await expect(title).toContainText('12 Mei 2025');
    await expect(title).not.toContainText('2025-05-12');
    await expect(page.getByTestId('revisions')).toContainText(idText('console:detail.firstSaved'));
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel(idText('console:review.states.in_follow_up')).check();
    const note = 'Tim UPTD PPA menjangkau hari ini pukul 14.00.';
    await page.getByLabel(idText('console:review.note')).fill(note);
    await page.getByLabel(idText('console:decision.status')).selectOption('possible');
    await page.getByLabel(idText('console:decision.body')).selectOption('uptd_ppa');
    await page.getByRole('button', { name: idText('console:review.send') }).click();
    await expect(page.getByText(idText('console:review.sent'))).toBeVisible();
    await expect(page.getByTestId('review-state')).toHaveText(
      idText('console:review.states.in_follow_up'),
    );
    await expect(page.getByTestId('answers')).toContainText(note);
    await shoot(page, 'record');

    // The phone's feed carries the state and the note, which only the device key (and district) opens.
    const reviews = await phoneReviews(server, phone);
    expect(reviews).toContainEqual({ recordId: id, state: 'in_follow_up', note });

    // Taken up: off the queue. The records table, search and export.
    await page.getByRole('link', { name: idText('console:queue.title'), exact: true }).click();
    // (the migrant of the same phone never needed action: the queue is empty now)
    await expect(page.getByText(idText('console:queue.empty'))).toBeVisible();
    await expect(page.getByTestId('queue')).toHaveCount(0);
    await page.getByRole('link', { name: idText('console:records.title'), exact: true }).click();
    await expect(page.getByTestId('records').locator('tbody tr')).toHaveCount(2);
    await page.getByLabel(idText('console:records.search')).fill('restoran paspor');
    await expect(page.getByTestId('records').locator('tbody tr')).toHaveCount(1);
    await page.getByLabel(idText('console:records.kind')).selectOption('screening');
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'records');
    const exporting = page.waitForEvent('download');
    await page.getByRole('button', { name: idText('console:export.csv') }).click();
    const csv = readFileSync((await (await exporting).path())!, 'utf8');
    expect(csv).toContain('ID catatan');
    expect(csv).toContain(id);

    // Admin screens.
    await page.getByRole('link', { name: idText('console:devices.title'), exact: true }).click();
    await expect(page.getByRole('cell', { name: 'HP posyandu Melati', exact: true })).toBeVisible();
    await page.getByRole('button', { name: idText('console:devices.makeCode') }).click();
    await expect(page.getByRole('img', { name: idText('console:devices.qrLabel') })).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'devices');
    await page.getByRole('link', { name: idText('console:directory.title'), exact: true }).click();
    await expect(
      page.getByRole('heading', { name: idText('console:directory.noticeTitle') }),
    ).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: idText('console:accounts.title'), exact: true }).click();
    await page.getByLabel(idText('console:login.username')).fill('pimpinan');
    await page.getByLabel(idText('console:account.name'), { exact: true }).fill('Kepala Dinas');
    await page
      .getByRole('group', { name: idText('console:account.roles') })
      .getByLabel(idText('console:roles.coordinator'))
      .uncheck();
    await page
      .getByRole('group', { name: idText('console:account.roles') })
      .getByLabel(idText('console:roles.viewer'))
      .check();
    await page.getByRole('button', { name: idText('console:accounts.create') }).click();
    const link = await page.getByTestId('setup-link').locator('code').textContent();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: idText('console:audit.title'), exact: true }).click();
    await expect(page.getByTestId('audit')).toContainText(
      idText('console:audit.actions.review_added'),
    );
    await expect(page.getByTestId('audit')).not.toContainText(note);
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'audit');
    await page.getByRole('link', { name: idText('console:account.title'), exact: true }).click();
    expect(await axeViolations(page)).toEqual([]);

    // Lock on demand: the key and every opened record are gone; the passphrase opens them again.
    await page.getByRole('button', { name: idText('console:lock.now') }).click();
    await page.getByRole('link', { name: idText('console:records.title'), exact: true }).click();
    await expect(page.getByRole('heading', { name: idText('console:unlock.title') })).toBeVisible();
    await expect(page.getByText('restoran')).toHaveCount(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel(idText('console:unlock.passphrase')).fill('salah sekali frasa ini');
    await page.getByRole('button', { name: idText('console:unlock.submit') }).click();
    await expect(page.getByText(idText('console:unlock.wrong'))).toBeVisible();

    // A viewer: no record screen, no record content, and the API refuses them.
    const viewerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const viewer = await viewerContext.newPage();
    await setUpAccount(viewer, server, new URL(link!).hash.split('token=')[1]!);
    await expect(
      // A viewer lands on the vulnerability map (meta only: no key, no record content).
      viewer.getByRole('heading', { name: idText('console:map.title'), level: 1 }),
    ).toBeVisible();
    await expect(
      viewer.getByRole('link', { name: idText('console:queue.title'), exact: true }),
    ).toHaveCount(0);
    await viewer.goto(`${server.url}/koordinator/#/record/${id}`);
    await expect(viewer.getByText(idText('console:errors.forbidden'))).toBeVisible();
    await viewer.goto(`${server.url}/koordinator/#/records`);
    await expect(viewer.getByText(idText('console:errors.forbidden'))).toBeVisible();
    expect(await viewer.content()).not.toContain('restoran');
    const api = await viewer.evaluate(async () => (await fetch('/api/console/records')).status);
    expect(api).toBe(403);
    expect(await axeViolations(viewer)).toEqual([]);
    await viewerContext.close();
  });
});
