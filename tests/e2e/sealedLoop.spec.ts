// Contract v2 in Chromium, the whole loop: a phone enrolled by the QR code's link, a high-risk
// screening of a child typed offline, sent sealed when the signal returns (the server's SQLite
// files hold none of what was typed), a coordinator's answer written with the admin CLI (note
// sealed to the phone's device key), and the phone showing the state and the opened note.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { expect } from '@playwright/test';
import { DATABASE_FILE_NAME } from '../../src/server/db';
import { goOffline, goOnline, idText, onboard, TEST_PIN, unlock } from './fixtures';
import { axeViolations, layoutProblems } from './layout';
import {
  admin,
  createRecord,
  enrollmentCode,
  expectAllSent,
  exportRecords,
  listRow,
  openList,
  quickScreening,
  serverTest as test,
  summaryFor,
} from './workflowHelpers';

const SITUATION = 'Dibawa calo bernama Pak Darmowiyono ke Batam tanpa paspor';
const NOTE = 'Umur anak belum diisi. Mohon dilengkapi, tim UPTD PPA sudah dihubungi.';

test('QR enrollment, offline screening sealed to the district, review back on the phone', async ({
  page,
  context,
  server,
}) => {
  test.setTimeout(180_000);
  await onboard(page);

  await test.step('the QR link opens the enroll screen with address and code filled', async () => {
    const code = await enrollmentCode(server);
    const origin = new URL(server.url).origin;
    const link = `${origin}/#/enroll?server=${encodeURIComponent(origin)}&code=${code}`;
    // A camera app opens the link in a new tab: the app starts locked, then shows the filled
    // enroll screen after the PIN.
    const scanned = await context.newPage();
    await scanned.goto(link);
    await unlock(scanned, TEST_PIN);
    await expect(
      scanned.getByRole('heading', { name: idText('app:enroll.title'), level: 1 }),
    ).toBeVisible();
    await expect(scanned.getByLabel(idText('app:enroll.serverUrl'), { exact: true })).toHaveValue(
      origin,
    );
    await expect(scanned.getByLabel(idText('app:enroll.code'), { exact: true })).toHaveValue(code);
    await scanned.getByLabel(idText('app:enroll.label'), { exact: true }).fill('HP kader uji');
    await scanned.getByRole('button', { name: idText('app:enroll.submit'), exact: true }).click();
    await expect(scanned.getByText(idText('app:enroll.done'))).toBeVisible({ timeout: 20_000 });
    // The code left the address bar; the district key's fingerprint is shown to compare.
    expect(scanned.url()).not.toContain(code);
    await expect(scanned.locator('.key-fingerprints code')).toHaveText(/^\d{5} \d{5} \d{5} \d{5}$/);
    await scanned.close();
  });

  await page.reload();
  await unlock(page, TEST_PIN);

  const payload = {
    ...quickScreening('S.R.'),
    subjectAgeGroup: 'child',
    immediateDanger: true,
    situation: SITUATION,
  };
  let id = '';
  await test.step('a high-risk screening of a child typed offline waits on the phone', async () => {
    await goOffline(context);
    id = await createRecord(page, 'screening', payload);
    expect(await exportRecords(server)).toEqual([]);
  });

  await test.step('online again: sent sealed, the server files hold nothing typed', async () => {
    await goOnline(context);
    await expectAllSent(page, 60_000);
    const files = [DATABASE_FILE_NAME, `${DATABASE_FILE_NAME}-wal`]
      .map((name) => join(server.dataDir, name))
      .filter((file) => existsSync(file));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const secret of ['Darmowiyono', 'Batam tanpa paspor', 'S.R.']) {
        expect(bytes.includes(Buffer.from(secret)), `${secret} in ${file}`).toBe(false);
      }
    }
    // The clear meta carries what triage needs, and nothing else.
    const sqlite = new BetterSqlite3(join(server.dataDir, DATABASE_FILE_NAME), { readonly: true });
    try {
      const row = sqlite.prepare('SELECT meta FROM sealed_current WHERE id = ?').get(id) as {
        meta: string;
      };
      expect(JSON.parse(row.meta)).toMatchObject({
        riskLevel: 'tinggi',
        child: true,
        immediateDanger: true,
      });
    } finally {
      sqlite.close();
    }
    // The coordinator's key opens it: exactly what was typed.
    const [opened] = await exportRecords(server);
    expect(opened?.id).toBe(id);
    expect(opened?.payload).toMatchObject({ situation: SITUATION, subjectInitials: 'S.R.' });
  });

  await test.step('the coordinator asks for a correction; the phone shows it', async () => {
    await admin(server, ['review', id, 'needs_correction', '--note', NOTE]);
    // The feed is read at every sync trigger: the signal coming back is one.
    await goOffline(context);
    await goOnline(context);
    await openList(page, 'screening');
    const row = listRow(page, summaryFor('screening', payload));
    await expect(row).toContainText(idText('app:review.state.needs_correction'), {
      timeout: 30_000,
    });
    await row.click();
    const panel = page.getByRole('region', { name: idText('app:review.title') });
    await expect(panel).toContainText(idText('app:review.state.needs_correction'));
    await expect(panel.getByLabel(idText('app:review.note'))).toHaveText(NOTE);
    await expect(
      panel.getByRole('link', { name: idText('app:review.fix'), exact: true }),
    ).toBeVisible();
    expect(await layoutProblems(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: test.info().outputPath('record-review-360.png'),
      fullPage: true,
    });
  });
});
