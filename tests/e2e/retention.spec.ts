// Issue 11 §6 in Chromium: a screening the coordinator confirmed keeps only its summary on the
// phone once the retention period (30 days by default) has passed — its full encrypted content
// is nowhere in IndexedDB any more — while a screening not confirmed keeps everything.
import { expect, type Page } from '@playwright/test';
import { dumpIndexedDb, goOffline, goOnline, idText, onboard, openRoute, unlock } from './fixtures';
import { axeViolations, layoutProblems } from './layout';
import {
  admin,
  createRecord,
  enrollmentCode,
  enrollThroughUi,
  expectAllSent,
  listRow,
  openList,
  quickScreening,
  serverTest as test,
} from './workflowHelpers';

const DAY = 24 * 3600_000;
const NAME_CONFIRMED = 'Sumarni Wulandaripto';
const NAME_OPEN = 'Karsinah Prawirodirjo';

/** The ciphertext of a record's row in the profile's database, as latin1 text (as the dump). */
function ciphertextOf(page: Page, id: string): Promise<string> {
  return page.evaluate(async (recordId) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('jejaring');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      const row = await new Promise<{ box: { ciphertext: ArrayBuffer } }>((resolve, reject) => {
        const r = db.transaction('records').objectStore('records').get(recordId);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      let text = '';
      for (const byte of new Uint8Array(row.box.ciphertext)) text += String.fromCharCode(byte);
      return text;
    } finally {
      db.close();
    }
  }, id);
}

test('a confirmed screening keeps only its summary after 30 days; an unconfirmed one keeps all', async ({
  page,
  context,
  server,
}) => {
  test.setTimeout(240_000);
  await onboard(page);
  await enrollThroughUi(page, server.url, await enrollmentCode(server));

  const confirmed = { ...quickScreening('S.W.'), situation: `Dibawa ${NAME_CONFIRMED} ke Batam` };
  const open = { ...quickScreening('K.P.'), situation: `Dibawa ${NAME_OPEN} ke Batam` };
  const confirmedId = await createRecord(page, 'screening', confirmed);
  const openId = await createRecord(page, 'screening', open);
  await expectAllSent(page, 60_000);
  const confirmedBefore = await ciphertextOf(page, confirmedId);
  const openBefore = await ciphertextOf(page, openId);

  await test.step('the coordinator confirms receipt of one of them', async () => {
    await admin(server, ['review', confirmedId, 'received']);
    await goOffline(context);
    await goOnline(context);
    await openList(page, 'screening');
    await expect(listRow(page, 'S.W.')).toContainText(idText('app:review.state.received'), {
      timeout: 30_000,
    });
  });

  await test.step('within the period both are whole', async () => {
    await page.reload();
    await unlock(page);
    expect(await ciphertextOf(page, confirmedId)).toBe(confirmedBefore);
    await openRoute(page, `/record/${confirmedId}`);
    await expect(page.getByText(`Dibawa ${NAME_CONFIRMED} ke Batam`)).toBeVisible();
  });

  await test.step('31 days later, at unlock: only the summary of the confirmed one is left', async () => {
    await page.clock.install({ time: new Date(Date.now() + 31 * DAY) });
    await page.reload();
    await unlock(page);
    await openList(page, 'screening');
    const row = listRow(page, 'S.W.');
    await expect(row).toContainText(idText('forms:list.retained'), { timeout: 30_000 });
    await expect(listRow(page, 'K.P.')).not.toContainText(idText('forms:list.retained'));

    const dump = await dumpIndexedDb(page);
    const texts = dump.map((s) => s.text);
    // The full ciphertext of the confirmed screening is nowhere; the summary's box is small.
    expect(texts.some((t) => t.includes(confirmedBefore))).toBe(false);
    const kept = await ciphertextOf(page, confirmedId);
    expect(kept.length).toBeLessThan(confirmedBefore.length / 3);
    // No sealed copy of it, and nothing typed in clear anywhere.
    expect(dump.filter((s) => s.store === 'sealed' && s.text.includes(confirmedId))).toEqual([]);
    expect(texts.some((t) => t.includes('Sumarni') || t.includes('Karsinah'))).toBe(false);
    // The unconfirmed one is untouched, byte for byte.
    expect(texts.some((t) => t.includes(openBefore))).toBe(true);
    expect(await ciphertextOf(page, openId)).toBe(openBefore);

    await row.click();
    const note = idText('forms:detail.retained_other').replace('{{count}}', '30');
    await expect(page.getByRole('note').filter({ hasText: note })).toBeVisible();
    await expect(page.getByText(NAME_CONFIRMED)).toHaveCount(0);
    await expect(
      page.getByRole('link', { name: idText('forms:detail.edit'), exact: true }),
    ).toHaveCount(0);
    expect(await layoutProblems(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({
      path: test.info().outputPath('retained-detail-360.png'),
      fullPage: true,
    });
    await page.goBack();
    await openList(page, 'screening');
    await page.screenshot({
      path: test.info().outputPath('retained-list-360.png'),
      fullPage: true,
    });

    await openRoute(page, `/record/${openId}`);
    await expect(page.getByText(`Dibawa ${NAME_OPEN} ke Batam`)).toBeVisible();
  });
});
