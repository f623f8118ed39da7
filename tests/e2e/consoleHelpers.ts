// Helpers of the console's browser tests: a phone played by the test (enrolled with its own device
// key, records sealed with src/crypto exactly as the phone seals them, the feed read back and its
// review notes opened with the device key), and console accounts made with the admin CLI.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { RECORD_KIND_DECLARATIONS, type RecordKind } from '../../src/domain/index';
import { computeMeta, type PublicJwk, type Sealed } from '../../src/domain/contract';
import {
  describePublicKey,
  exportPublicJwk,
  generateKeyPair,
  importPublicJwk,
  openReviewNote,
  sealRecordPayload,
} from '../../src/crypto/seal';
import { idText } from './fixtures';
import { admin, type TestServer } from './workflowHelpers';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe (WCAG 2.2 AA) on the page as it is; rule ids and targets make a failure readable. */
export async function axeViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations.map((v) => ({
    id: v.id,
    nodes: v.nodes.map((n) => n.target.join(' ')),
  }));
}

/** A console account from `admin create-account`; returns its setup-link token. */
export async function createAccount(
  server: TestServer,
  username: string,
  roles: string,
  displayName: string,
): Promise<string> {
  const out = await admin(server, [
    'create-account',
    '--username',
    username,
    '--roles',
    roles,
    '--display-name',
    displayName,
    '--server',
    server.url,
  ]);
  const token = /#\/setup\?token=([A-Za-z0-9_%-]+)/.exec(out)?.[1];
  expect(token, out).toBeTruthy();
  return decodeURIComponent(token!);
}

export interface TestPhone {
  deviceId: string;
  token: string;
  device: CryptoKeyPair;
  districtKeys: { kid: string; publicKey: PublicJwk }[];
}

async function post(server: TestServer, path: string, body: unknown, token?: string) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  expect(response.ok, JSON.stringify(json)).toBe(true);
  return json;
}

/** Enrolls a phone (contract v2) with a fresh device key, after the district key exists. */
export async function enrollPhone(server: TestServer, label: string): Promise<TestPhone> {
  const code = (
    JSON.parse(await admin(server, ['enrollment-code', '--uses', '1'])) as { code: string }
  ).code;
  const device = await generateKeyPair(false);
  const answer = (await post(server, '/api/v2/devices/enroll', {
    code,
    label,
    devicePublicKey: await exportPublicJwk(device.publicKey),
  })) as { deviceId: string; token: string; district: { keys: TestPhone['districtKeys'] } };
  expect(answer.district.keys.length).toBeGreaterThan(0);
  return {
    deviceId: answer.deviceId,
    token: answer.token,
    device,
    districtKeys: answer.district.keys,
  };
}

/** Seals and pushes one record as the phone does (meta computed, sealed to every district key). */
export async function pushRecord(
  server: TestServer,
  phone: TestPhone,
  kind: RecordKind,
  payload: Record<string, unknown>,
  createdAt = new Date().toISOString(),
): Promise<string> {
  const id = randomUUID();
  const schemaVersion = RECORD_KIND_DECLARATIONS[kind].schemaVersion;
  const recipients = await Promise.all(
    phone.districtKeys.map(async (k) => ({
      kid: k.kid,
      publicKey: await importPublicJwk(k.publicKey),
    })),
  );
  const sealed = await sealRecordPayload(
    { id, rev: 1, kind, schemaVersion, deleted: false },
    payload,
    recipients,
  );
  const answer = (await post(
    server,
    '/api/v2/sync/push',
    {
      records: [
        {
          id,
          kind,
          schemaVersion,
          rev: 1,
          createdAt,
          updatedAt: createdAt,
          deleted: false,
          meta: computeMeta(kind, payload),
          sealed,
        },
      ],
    },
    phone.token,
  )) as { results: { status: string }[] };
  expect(answer.results[0]?.status).toBe('stored');
  return id;
}

/** The phone's feed: review items with their notes opened by the device key. */
export async function phoneReviews(server: TestServer, phone: TestPhone) {
  const response = await fetch(`${server.url}/api/v2/sync/feed?limit=500`, {
    headers: { Authorization: `Bearer ${phone.token}` },
  });
  expect(response.ok).toBe(true);
  const feed = (await response.json()) as {
    items: {
      type: string;
      recordId?: string;
      rev?: number;
      state?: string;
      at?: string;
      note?: Sealed;
    }[];
  };
  const { kid } = await describePublicKey(phone.device.publicKey);
  const keys = [{ kid, privateKey: phone.device.privateKey, publicKey: phone.device.publicKey }];
  return Promise.all(
    feed.items
      .filter((item) => item.type === 'review')
      .map(async (item) => ({
        recordId: item.recordId,
        state: item.state,
        note: item.note
          ? await openReviewNote(
              { recordId: item.recordId!, rev: item.rev!, state: item.state!, at: item.at! },
              item.note,
              keys,
            )
          : undefined,
      })),
  );
}

/** The district key's passphrase and the accounts' password in the console's browser tests. */
export const CONSOLE_PASSPHRASE = 'sawah hijau di lereng merapi pagi ini';
export const CONSOLE_PASSWORD = 'kopi tubruk warung pak darto sore';

/** Opens an account's setup link and sets its password (axe on the setup screen). */
export async function setUpAccount(page: Page, server: TestServer, token: string) {
  await page.goto(`${server.url}/koordinator/#/setup?token=${encodeURIComponent(token)}`);
  await expect(page.getByRole('heading', { name: idText('console:setup.title') })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel(idText('console:setup.password')).fill(CONSOLE_PASSWORD);
  await page.getByLabel(idText('console:setup.again')).fill(CONSOLE_PASSWORD);
  await expect(page.getByText(idText('console:strength.score4'))).toBeVisible();
  await page.getByRole('button', { name: idText('console:setup.submit') }).click();
}

/**
 * Creates the district key in the console as a key holder does: passphrase (strength shown),
 * recovery file downloaded (no private key in clear, no passphrase), a wrong fingerprint refused,
 * the right one registered. Returns the recovery file. axe on the key screen.
 */
export async function createDistrictKeyInConsole(page: Page) {
  await page.getByRole('link', { name: idText('console:key.title'), exact: true }).click();
  await page.getByLabel(idText('console:key.passphrase'), { exact: true }).fill(CONSOLE_PASSPHRASE);
  await page.getByLabel(idText('console:key.passphraseAgain')).fill(CONSOLE_PASSPHRASE);
  await expect(page.getByText(idText('console:strength.score4'))).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: idText('console:key.create') }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: idText('console:key.downloadRecovery') }).click();
  const recovery = JSON.parse(readFileSync((await (await downloading).path())!, 'utf8')) as {
    fingerprint: string;
    wrapped: Record<string, unknown>;
    publicKey: { d?: string };
  };
  expect(recovery.publicKey.d).toBeUndefined();
  expect(JSON.stringify(recovery)).not.toContain(CONSOLE_PASSPHRASE);
  await expect(page.getByText(recovery.fingerprint)).toBeVisible();
  await page.getByLabel(idText('console:key.fingerprintType')).fill('00000');
  await page.getByRole('button', { name: idText('console:key.register') }).click();
  await expect(page.getByText(idText('console:key.fingerprintMismatch'))).toBeVisible();
  await page
    .getByLabel(idText('console:key.fingerprintType'))
    .fill(recovery.fingerprint.split(' ').at(-1)!);
  await page.getByRole('button', { name: idText('console:key.register') }).click();
  await expect(page.getByText(idText('console:key.oneHolder'))).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  return recovery;
}
