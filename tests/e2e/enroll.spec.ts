// Issue 4, "Bad input" on the phone: a server address that is not a URL, plain http to another
// host, an unreachable server, an unknown, used-up or expired code — each a clear Indonesian
// message at the right place, and the record waiting on the phone is never lost: after all of
// them, a good code sends it to the server exactly once.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, type Page } from '@playwright/test';
import { idText, notConnectedText, onboard } from './fixtures';
import {
  createRecord,
  enrollmentCode,
  enrollThroughUi,
  expectAllSent,
  expiredEnrollmentCode,
  exportRecords,
  listRow,
  openList,
  quickScreening,
  serverTest as test,
  submitEnrollment,
  summaryFor,
} from './workflowHelpers';

/** A port on 127.0.0.1 with nothing listening (bound once, then released). */
async function closedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Enrolls another phone with `code` straight through the API (the way a second phone would). */
async function useUpCode(serverUrl: string, code: string): Promise<void> {
  const response = await fetch(`${serverUrl}/api/v1/devices/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, label: 'HP lain' }),
  });
  expect(response.status).toBe(201);
}

/** The error shown under one enrollment field, which is marked invalid and focused. */
async function expectFieldError(page: Page, field: 'serverUrl' | 'code', key: string) {
  const input = page.locator(`[id="enroll-${field}"]`);
  await expect(page.locator(`[id="enroll-${field}-error"]`)).toHaveText(idText(key));
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(input).toBeFocused();
}

/** Nothing was enrolled and the waiting record is still counted (as kept on the phone). */
async function expectStillWaiting(page: Page): Promise<void> {
  await expect(page.getByText(idText('app:enroll.done'))).toHaveCount(0);
  await expect(
    page.getByRole('heading', { name: idText('app:enroll.currentTitle'), exact: true }),
  ).toHaveCount(0);
  await expect(page.getByText(notConnectedText(1))).toBeVisible();
}

test('every enrollment mistake gets a clear message and the queue survives them all', async ({
  page,
  server,
}) => {
  test.setTimeout(120_000);
  await onboard(page);
  // Made before the phone is enrolled: it waits on the phone.
  const payload = quickScreening('E.N.');
  const id = await createRecord(page, 'screening', payload);
  await expect(page.getByText(notConnectedText(1))).toBeVisible();

  await test.step('an address that is not a URL', async () => {
    await submitEnrollment(page, 'server koordinator', 'ABCDE-FGHJK');
    await expectFieldError(page, 'serverUrl', 'sync:errors.invalid_url');
    await expectStillWaiting(page);
  });

  await test.step('plain http to another host', async () => {
    await submitEnrollment(page, 'http://jejaring.kabupaten.go.id', 'ABCDE-FGHJK');
    await expectFieldError(page, 'serverUrl', 'sync:errors.insecure_url');
    await expectStillWaiting(page);
  });

  await test.step('an unreachable server', async () => {
    await submitEnrollment(page, `http://127.0.0.1:${await closedPort()}`, 'ABCDE-FGHJK');
    await expect(
      page.getByRole('alert').filter({ hasText: idText('sync:errors.unreachable') }),
    ).toBeVisible({ timeout: 20_000 });
    await expectStillWaiting(page);
  });

  await test.step('an unknown code', async () => {
    await submitEnrollment(page, server.url, 'ABCDE-FGHJK');
    await expectFieldError(page, 'code', 'sync:errors.enrollment_code_invalid');
    await expectStillWaiting(page);
  });

  await test.step('a code another phone has used up', async () => {
    const code = await enrollmentCode(server);
    await useUpCode(server.url, code);
    await submitEnrollment(page, server.url, code);
    await expectFieldError(page, 'code', 'sync:errors.enrollment_code_invalid');
    await expectStillWaiting(page);
  });

  await test.step('an expired code', async () => {
    await submitEnrollment(page, server.url, await expiredEnrollmentCode(server));
    await expectFieldError(page, 'code', 'sync:errors.enrollment_code_invalid');
    await expectStillWaiting(page);
  });

  // Nothing reached the server, and the record is still on the phone, waiting.
  expect(await exportRecords(server)).toEqual([]);
  await openList(page, 'screening');
  await expect(listRow(page, summaryFor('screening', payload))).toContainText(
    idText('sync:recordState.pending'),
  );

  // A good code: the record the mistakes could not touch is sent, once.
  await enrollThroughUi(page, server.url, await enrollmentCode(server));
  await expectAllSent(page);
  const exported = await exportRecords(server);
  expect(exported.map((record) => record.id)).toEqual([id]);
  expect(exported[0]?.payload).toEqual(payload);
});
