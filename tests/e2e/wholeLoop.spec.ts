// The loop of issue 10's "Done when", with nothing played by the test: a district key made in the
// console, a real phone (the PWA at 360 px) enrolled with a code from the console's devices screen,
// a high-risk child screening typed offline and sent when the signal returns; it tops the
// coordinator's queue, the coordinator marks it Ditindaklanjuti with a note, and the phone shows
// the state and the note (opened with its device key).
import { expect } from '@playwright/test';
import { goOffline, goOnline, idText, onboard } from './fixtures';
import {
  axeViolations as consoleAxe,
  createAccount,
  createDistrictKeyInConsole,
  setUpAccount,
} from './consoleHelpers';
import { axeViolations, layoutProblems } from './layout';
import {
  createRecord,
  enrollThroughUi,
  expectAllSent,
  listRow,
  openList,
  quickScreening,
  serverTest as test,
  summaryFor,
} from './workflowHelpers';

test.use({ districtKeyRegistered: false });

const NOTE = 'Tim UPTD PPA menjangkau anak ini hari ini pukul 14.00.';

test('phone to console and back: the queue, the answer with a note, shown on the phone', async ({
  page,
  context,
  browser,
  server,
}) => {
  test.setTimeout(240_000);
  const consoleContext = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    isMobile: false,
    hasTouch: false,
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
  });
  const desk = await consoleContext.newPage();
  let code = '';

  await test.step('the coordinator sets up the district key and makes an enrollment code', async () => {
    const token = await createAccount(server, 'koor', 'admin,coordinator', 'Koordinator Uji');
    await setUpAccount(desk, server, token);
    await createDistrictKeyInConsole(desk);
    await desk.getByRole('link', { name: idText('console:devices.title'), exact: true }).click();
    await desk.getByRole('button', { name: idText('console:devices.makeCode') }).click();
    await expect(desk.getByRole('img', { name: idText('console:devices.qrLabel') })).toBeVisible();
    code =
      (await desk.getByTestId('enroll-code').locator('p.fingerprint').textContent())?.trim() ?? '';
    expect(code).toMatch(/\S{6,}/);
  });

  const payload = {
    ...quickScreening('A.N.'),
    subjectAgeGroup: 'child',
    immediateDanger: true,
    situation: 'Anak dijanjikan kerja di kafe, dibawa ke pelabuhan tanpa izin orang tua',
  };
  let id = '';
  await test.step('the phone enrolls, types a screening offline and sends it online', async () => {
    await onboard(page);
    await enrollThroughUi(page, server.url, code);
    await goOffline(context);
    id = await createRecord(page, 'screening', payload);
    await goOnline(context);
    await expectAllSent(page, 60_000);
  });

  await test.step('it tops the queue; the coordinator answers Ditindaklanjuti with a note', async () => {
    await desk.getByRole('link', { name: idText('console:queue.title'), exact: true }).click();
    const firstRow = desk.getByTestId('queue').locator('tbody tr').first();
    await expect(firstRow).toContainText(idText('console:queue.reasons.high_risk'), {
      timeout: 20_000,
    });
    await expect(firstRow).toContainText(idText('console:queue.reasons.child'));
    await firstRow.getByRole('link').click();
    await expect(desk).toHaveURL(new RegExp(`#/record/${id}`));
    // Opening needs the key: unlocked since it was made in this tab.
    await expect(desk.getByText(payload.situation)).toBeVisible();
    await desk.getByLabel(idText('console:review.states.in_follow_up')).check();
    await desk.getByLabel(idText('console:review.note')).fill(NOTE);
    await desk.getByRole('button', { name: idText('console:review.send') }).click();
    await expect(desk.getByText(idText('console:review.sent'))).toBeVisible();
    expect(await consoleAxe(desk)).toEqual([]);
  });

  await test.step('the phone shows the state and the note', async () => {
    // The feed is read at every sync trigger: the signal coming back is one.
    await goOffline(context);
    await goOnline(context);
    await openList(page, 'screening');
    const row = listRow(page, summaryFor('screening', payload));
    await expect(row).toContainText(idText('app:review.state.in_follow_up'), { timeout: 30_000 });
    await row.click();
    const panel = page.getByRole('region', { name: idText('app:review.title') });
    await expect(panel).toContainText(idText('app:review.state.in_follow_up'));
    await expect(panel.getByLabel(idText('app:review.note'))).toHaveText(NOTE);
    expect(await layoutProblems(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });
  await consoleContext.close();
});
