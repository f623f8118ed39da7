// Issue 3, "Done when": a volunteer completes one record of each kind with no network at all
// (after one online visit, with a profile trained in victim handling so screening and
// psychosocial support are open), and after a reload — still offline — finds it in its list,
// saved on the phone and waiting to be sent.
import { expect, test } from '@playwright/test';
import { RECORD_KINDS } from '../../src/domain/envelope';
import { goOffline, idText, onboard, reloadOffline, unlock } from './fixtures';
import {
  createRecord,
  exampleWithoutLinks,
  listRow,
  openList,
  summaryFor,
  typedPayload,
} from './workflowHelpers';

for (const kind of RECORD_KINDS) {
  test(`${kind}: finished offline from its example, in its list after an offline reload`, async ({
    page,
    context,
  }) => {
    test.setTimeout(90_000);
    await onboard(page, { trained: true });
    await goOffline(context);

    const example = exampleWithoutLinks(kind);
    const id = await createRecord(page, kind, example);
    const summary = summaryFor(kind, typedPayload(kind, example));
    expect(summary.trim(), 'the list line says something').not.toBe('');

    const response = await reloadOffline(page, context);
    expect(response?.fromServiceWorker(), 'reloaded from the service worker').toBe(true);
    await unlock(page);
    await openList(page, kind);

    const row = listRow(page, summary);
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute('href', `#/record/${id}`);
    // Never enrolled and offline: saved on the phone, waiting to be sent.
    await expect(row).toContainText(idText('sync:recordState.pending'));
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);

    // The row opens the very record that was typed.
    await row.click();
    await expect(page).toHaveURL(new RegExp(`#/record/${id}$`));
    await expect(page.getByText(idText('forms:detail.notFound'))).toHaveCount(0);
  });
}
