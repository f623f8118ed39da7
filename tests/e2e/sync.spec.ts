// Issue 4, "Tests that prove it" (browser): records made offline reach the coordinator's server
// exactly once when the network comes back; closing the page while a push is in flight and
// opening it again resumes without loss or duplicates; a revoked phone keeps its queue and sends
// it after enrolling again. The server is the real one, read back through the admin CLI and its
// append-only revision history.
import { expect } from '@playwright/test';
import { RECORD_KINDS, type RecordKind } from '../../src/domain/envelope';
import type { Payload } from '../../src/app/records/form/model';
import {
  goOffline,
  goOnline,
  idText,
  notConnectedText,
  onboard,
  openRoute,
  pressFinish,
  unlock,
} from './fixtures';
import {
  admin,
  createRecord,
  devices,
  enrollmentCode,
  enrollThroughUi,
  exampleWithoutLinks,
  expectAllSent,
  exportRecords,
  listRow,
  openList,
  openSection,
  quickScreening,
  revisionCounts,
  serverTest as test,
  summaryFor,
  typedPayload,
  waitingText,
  type ExportedRecord,
} from './workflowHelpers';

/** The exported records with these ids, failing when any id is missing or appears twice. */
function exactlyOnce(exported: ExportedRecord[], ids: string[]): Map<string, ExportedRecord> {
  const byId = new Map<string, ExportedRecord>();
  for (const record of exported) {
    expect(byId.has(record.id), `${record.id} exported once`).toBe(false);
    byId.set(record.id, record);
  }
  for (const id of ids) expect(byId.has(id), `${id} reached the server`).toBe(true);
  return byId;
}

test('records made offline reach the server once; an edit sends a new rev', async ({
  page,
  context,
  server,
}) => {
  test.setTimeout(120_000);
  await onboard(page);
  await enrollThroughUi(page, server.url, await enrollmentCode(server));

  await goOffline(context);
  const payloads = ['S.A.', 'S.B.', 'S.C.'].map((initials) => quickScreening(initials));
  const ids: string[] = [];
  for (const payload of payloads) ids.push(await createRecord(page, 'screening', payload));
  await expect(page.getByText(waitingText(3))).toBeVisible();
  expect(await exportRecords(server)).toEqual([]);

  await goOnline(context);
  await expectAllSent(page);

  const exported = await exportRecords(server);
  expect(exported).toHaveLength(3);
  const byId = exactlyOnce(exported, ids);
  ids.forEach((id, index) => {
    const record = byId.get(id);
    expect(record?.kind).toBe('screening');
    expect(record?.rev).toBe(1);
    // The payload the server holds is the one typed on the phone.
    expect(record?.payload).toEqual(payloads[index]);
  });
  const revisions = revisionCounts(server);
  expect([...revisions.values()].every((n) => n === 1)).toBe(true);
  expect(revisions.size).toBe(3);

  // Every row in the list says "sent".
  await openList(page, 'screening');
  for (const payload of payloads) {
    await expect(listRow(page, summaryFor('screening', payload))).toContainText(
      idText('sync:recordState.synced'),
    );
  }

  // Editing one record queues a new rev; the server keeps one current record per id.
  const edited = ids[1] as string;
  await openRoute(page, `/record/${edited}/edit`);
  // The form opens on its first step (danger); the initials are asked with the person.
  await openSection(page, 'screening', 'subject');
  const initials = page.locator('[id="field-subjectInitials"]');
  await initials.fill('S.Z.');
  await pressFinish(page);
  await expect(page).toHaveURL(new RegExp(`#/record/${edited}$`));
  await expect
    .poll(async () => (await exportRecords(server)).find((r) => r.id === edited)?.rev, {
      timeout: 30_000,
    })
    .toBe(2);
  await expectAllSent(page);

  const afterEdit = exactlyOnce(await exportRecords(server), ids);
  expect(afterEdit.size).toBe(3);
  expect(afterEdit.get(edited)?.payload.subjectInitials).toBe('S.Z.');
  expect(afterEdit.get(ids[0] as string)?.rev).toBe(1);
  const history = revisionCounts(server);
  expect(history.get(`${edited}@1`)).toBe(1);
  expect(history.get(`${edited}@2`)).toBe(1);
  expect(history.size).toBe(4);
});

test('a record of each kind typed offline is accepted by the server as typed', async ({
  page,
  context,
  server,
}) => {
  test.setTimeout(150_000);
  await onboard(page);
  await enrollThroughUi(page, server.url, await enrollmentCode(server));
  await goOffline(context);
  const typed = new Map<string, { kind: RecordKind; payload: Payload }>();
  for (const kind of RECORD_KINDS) {
    const example = exampleWithoutLinks(kind);
    const id = await createRecord(page, kind, example);
    typed.set(id, { kind, payload: typedPayload(kind, example) });
  }
  await expect(page.getByText(waitingText(RECORD_KINDS.length))).toBeVisible();

  await goOnline(context);
  await expectAllSent(page);
  // None was rejected: the server validates with the same declarations the forms come from.
  const exported = exactlyOnce(await exportRecords(server), [...typed.keys()]);
  expect(exported.size).toBe(RECORD_KINDS.length);
  for (const [id, { kind, payload }] of typed) {
    expect(exported.get(id)?.kind).toBe(kind);
    expect(exported.get(id)?.payload, kind).toEqual(payload);
  }
});

test.describe('closing the page mid-sync', () => {
  test.use({ viaHoldingProxy: true });

  test('resumes after reopening, without loss or duplicates', async ({
    page,
    context,
    server,
    holdingProxy,
  }) => {
    test.setTimeout(120_000);
    await onboard(page);
    // The phone talks to the server through the proxy (its own origin).
    await enrollThroughUi(page, holdingProxy.url, await enrollmentCode(server));

    await goOffline(context);
    const payloads = ['T.A.', 'T.B.', 'T.C.', 'T.D.'].map((initials) => quickScreening(initials));
    const ids: string[] = [];
    for (const payload of payloads) ids.push(await createRecord(page, 'screening', payload));
    await expect(page.getByText(waitingText(4))).toBeVisible();

    // Back online: the push reaches the server and is committed, but its answer is held back…
    const answered = holdingProxy.nextPushAnswered();
    await goOnline(context);
    await answered;
    // …and the page is closed before the phone learns the records arrived.
    await page.close({ runBeforeUnload: false });
    const committed = await exportRecords(server);
    expect(committed.length, 'the first push was committed').toBeGreaterThan(0);

    holdingProxy.release();
    const reopened = await context.newPage();
    await reopened.goto('/');
    await unlock(reopened);
    await expectAllSent(reopened);

    const exported = await exportRecords(server);
    expect(exported).toHaveLength(4);
    const byId = exactlyOnce(exported, ids);
    for (const id of ids) expect(byId.get(id)?.rev).toBe(1);
    // Resending the same (id, rev) stored nothing twice.
    const revisions = revisionCounts(server);
    expect(revisions.size).toBe(4);
    expect([...revisions.values()].every((n) => n === 1)).toBe(true);
    expect(holdingProxy.pushesAnswered, 'the phone sent again after reopening').toBeGreaterThan(1);

    await openList(reopened, 'screening');
    for (const payload of payloads) {
      await expect(listRow(reopened, summaryFor('screening', payload))).toContainText(
        idText('sync:recordState.synced'),
      );
    }
  });
});

test('a revoked phone keeps its queue and sends it after enrolling again', async ({
  page,
  server,
}) => {
  test.setTimeout(120_000);
  await onboard(page);
  await enrollThroughUi(page, server.url, await enrollmentCode(server));
  const first = await createRecord(page, 'screening', quickScreening('R.A.'));
  await expectAllSent(page);
  await expect.poll(async () => (await exportRecords(server)).length).toBe(1);

  const [device] = await devices(server);
  expect(device).toBeDefined();
  await admin(server, ['revoke-device', device!.id]);

  const queuedPayload = quickScreening('R.B.');
  const queued = await createRecord(page, 'screening', queuedPayload);
  // The server refuses the phone: the app asks to enroll again and keeps the record.
  await openRoute(page, '/');
  await expect(page.getByRole('link', { name: idText('app:sync.enrollAgain') })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByText(idText('sync:phase.needs_enrollment'))).toBeVisible();
  await expect(page.getByText(notConnectedText(1))).toBeVisible();
  await openList(page, 'screening');
  await expect(listRow(page, summaryFor('screening', queuedPayload))).toContainText(
    idText('sync:recordState.pending'),
  );

  // Still queued after the app is closed and opened again.
  await page.reload();
  await unlock(page);
  await expect(page.getByText(notConnectedText(1))).toBeVisible();
  await openRoute(page, '/enroll');
  await expect(page.getByText(idText('app:enroll.needsEnrollment'))).toBeVisible();
  expect((await exportRecords(server)).map((r) => r.id)).toEqual([first]);

  await enrollThroughUi(page, server.url, await enrollmentCode(server));
  await expectAllSent(page);
  const exported = exactlyOnce(await exportRecords(server), [first, queued]);
  expect(exported.size).toBe(2);
  const [, newDevice] = await devices(server);
  expect(exported.get(queued)?.deviceId).toBe(newDevice?.id);
  await openList(page, 'screening');
  await expect(listRow(page, summaryFor('screening', queuedPayload))).toContainText(
    idText('sync:recordState.synced'),
  );
});
