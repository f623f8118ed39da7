// Offline after one online visit (issue 2 §4): every screen reloads with no network at all, served
// by the service worker's precache, and shows its own heading rather than the browser's error page.
import { expect, test } from '@playwright/test';
import { RECORD_KINDS } from '../../src/domain/envelope';
import { goOffline, idText, onboard, reloadOffline, unlock } from './fixtures';

const ROUTES: { hash: string; heading: string }[] = [
  { hash: '#/', heading: idText('app:home.title') },
  { hash: '#/settings', heading: idText('app:settings.title') },
  ...RECORD_KINDS.flatMap((kind) => [
    { hash: `#/records/${kind}`, heading: idText(`forms:kinds.${kind}`) },
    {
      hash: `#/records/${kind}/new`,
      heading: idText('forms:form.newTitle').replace('{{kind}}', idText(`forms:kinds.${kind}`)),
    },
  ]),
  { hash: '#/contacts', heading: idText('forms:contacts.title') },
  { hash: '#/enroll', heading: idText('app:enroll.title') },
];

test('every screen reloads offline after one online visit', async ({ page, context }) => {
  test.setTimeout(120_000);
  await onboard(page);
  await goOffline(context);

  for (const { hash, heading } of ROUTES) {
    await test.step(hash, async () => {
      await page.evaluate((h) => {
        location.hash = h;
      }, hash);
      const response = await reloadOffline(page, context);
      // The document came from the service worker, not the network (there is none).
      expect(response?.fromServiceWorker(), `${hash} served by the service worker`).toBe(true);
      // A reload forgets the data key: the lock screen, then the screen itself.
      await unlock(page);
      await expect(
        page.getByRole('heading', { name: heading, level: 1, exact: true }),
      ).toBeVisible();
      await expect(page.getByText(idText('app:lazy.failed'))).toHaveCount(0);
    });
  }
  // Still offline, and the app says so.
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  await expect(page.getByText(idText('app:status.offline'))).toBeVisible();
});
