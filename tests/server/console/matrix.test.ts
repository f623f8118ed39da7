// Every console endpoint × every kind of caller (admin, coordinator, viewer, anonymous, a
// disabled account's session): the server enforces the roles of docs/console-api.md on each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleRole } from '../../../src/domain/console';
import { exportPublicJwk, generateKeyPair } from '../../../src/crypto/seal';
import { findAccountByUsername, patchAccount } from '../../../src/server/console/accounts';
import { registerBrowserKey } from '../../../src/server/console/keyHolders';
import { enrollV2, pushV2, sealedEnvelope, newKeyHolder } from '../coordinator';
import { call, createConsoleApp, login, makeAccount, type ConsoleTestApp } from './consoleHelpers';

type Principal = 'anonymous' | 'viewer' | 'disabled' | 'admin' | 'coordinator';
const PRINCIPALS: Principal[] = ['anonymous', 'viewer', 'disabled', 'admin', 'coordinator'];

interface Row {
  method: string;
  path: () => string;
  body?: () => unknown | Promise<unknown>;
  /** Roles allowed, each with the status its (valid) call gets. */
  allowed: Partial<Record<ConsoleRole, number>>;
}

let t: ConsoleTestApp;
const cookies: Partial<Record<Principal, string>> = {};
const ids: Record<string, string> = {};
let counter = 0;

beforeAll(async () => {
  t = await createConsoleApp();
  ids.admin = await makeAccount(t, 'admin', ['admin']);
  ids.coordinator = await makeAccount(t, 'coord', ['coordinator']);
  ids.coord2 = await makeAccount(t, 'coord2', ['coordinator']);
  ids.viewer = await makeAccount(t, 'viewer', ['viewer']);
  ids.disabled = await makeAccount(t, 'gone', ['admin', 'coordinator']);
  const first = await newKeyHolder();
  const registered = await registerBrowserKey(
    t.opened.db,
    {
      publicKey: await exportPublicJwk(first.recipient.publicKey),
      wrapped: { v: 1, test: 'wrapped' },
      accountId: ids.coordinator,
    },
    t.clock.now,
  );
  ids.kid = registered.kid;
  const phone = await enrollV2(t, 'HP A');
  const other = await enrollV2(t, 'HP B');
  const spare = await enrollV2(t, 'HP C');
  ids.device = phone.deviceId;
  ids.otherDevice = other.deviceId;
  ids.spareDevice = spare.deviceId;
  const envelope = await sealedEnvelope([first.recipient], { kind: 'screening' });
  await pushV2(t.app, phone.token, [envelope]);
  ids.record = envelope.id;
  cookies.admin = await login(t, 'admin');
  cookies.coordinator = await login(t, 'coord');
  cookies.viewer = await login(t, 'viewer');
  cookies.disabled = await login(t, 'gone');
  await patchAccount(
    t.opened.db,
    (await findAccountByUsername(t.opened.db, 'gone'))?.id ?? '',
    { disabled: true },
    t.clock.now,
  );
}, 60_000);
afterAll(async () => {
  await t.close();
});

const everyone = { admin: 200, coordinator: 200, viewer: 200 };
const contact = () => ({
  contacts: [
    {
      id: '0192f1a6-7a3b-7c00-8000-0000000000c1',
      category: 'uptd_ppa',
      name: 'UPTD PPA Kabupaten',
      phone: '0281 123456',
    },
  ],
});

const ROWS: Row[] = [
  { method: 'GET', path: () => '/api/console/me', allowed: everyone },
  {
    method: 'POST',
    path: () => '/api/console/me/password',
    body: () => ({ current: 'not my password at all', next: 'whatever it may be long' }),
    allowed: { admin: 400, coordinator: 400, viewer: 400 },
  },
  { method: 'POST', path: () => '/api/console/me/passkeys/options', allowed: everyone },
  {
    method: 'POST',
    path: () => '/api/console/me/passkeys',
    body: () => ({ response: { id: 'x' } }),
    allowed: { admin: 400, coordinator: 400, viewer: 400 },
  },
  { method: 'GET', path: () => '/api/console/accounts', allowed: { admin: 200 } },
  {
    method: 'POST',
    path: () => '/api/console/accounts',
    body: () => ({ username: `new${(counter += 1)}`, displayName: 'Baru', roles: ['viewer'] }),
    allowed: { admin: 201 },
  },
  {
    method: 'PATCH',
    path: () => `/api/console/accounts/${ids.viewer}`,
    body: () => ({ roles: ['viewer'] }),
    allowed: { admin: 200 },
  },
  {
    method: 'POST',
    path: () => `/api/console/accounts/${ids.viewer}/setup-link`,
    allowed: { admin: 201 },
  },
  {
    method: 'GET',
    path: () => '/api/console/district-key',
    allowed: { admin: 200, coordinator: 200 },
  },
  { method: 'GET', path: () => '/api/console/district-key/wrapped', allowed: { coordinator: 200 } },
  {
    method: 'POST',
    path: () => `/api/console/district-key/${ids.kid}/holders`,
    body: () => ({ accountId: ids.coord2, wrapped: { v: 1, test: 'rewrapped' } }),
    allowed: { coordinator: 201 },
  },
  {
    method: 'POST',
    path: () => '/api/console/district-key',
    body: async () => ({
      publicKey: await exportPublicJwk((await generateKeyPair(true)).publicKey),
      wrapped: { v: 1, test: 'next' },
    }),
    allowed: { coordinator: 201 },
  },
  { method: 'GET', path: () => '/api/console/records', allowed: { coordinator: 200 } },
  {
    method: 'GET',
    path: () => `/api/console/records/${ids.record}/revisions`,
    allowed: { coordinator: 200 },
  },
  {
    method: 'GET',
    path: () => `/api/console/records/${ids.record}/reviews`,
    allowed: { coordinator: 200 },
  },
  {
    method: 'POST',
    path: () => `/api/console/records/${ids.record}/open-audit`,
    body: () => ({ rev: 1 }),
    allowed: { coordinator: 204 },
  },
  {
    method: 'POST',
    path: () => `/api/console/records/${ids.record}/review`,
    body: () => ({ rev: 1, state: 'received' }),
    allowed: { coordinator: 201 },
  },
  {
    method: 'POST',
    path: () => '/api/console/exports-audit',
    body: () => ({ kind: 'screening', count: 1, format: 'csv' }),
    allowed: { coordinator: 204 },
  },
  { method: 'GET', path: () => '/api/console/devices', allowed: { admin: 200 } },
  {
    method: 'POST',
    path: () => `/api/console/devices/${ids.device}/move`,
    body: () => ({ toDeviceId: ids.otherDevice }),
    allowed: { admin: 200 },
  },
  {
    method: 'POST',
    path: () => `/api/console/devices/${ids.spareDevice}/revoke`,
    allowed: { admin: 200 },
  },
  { method: 'GET', path: () => '/api/console/enrollment-codes', allowed: { admin: 200 } },
  {
    method: 'POST',
    path: () => '/api/console/enrollment-codes',
    body: () => ({ uses: 3, ttlHours: 24 }),
    allowed: { admin: 201 },
  },
  { method: 'GET', path: () => '/api/console/directory', allowed: { admin: 200 } },
  { method: 'PUT', path: () => '/api/console/directory', body: contact, allowed: { admin: 200 } },
  {
    method: 'POST',
    path: () => '/api/console/notices',
    body: () => ({ text: 'Pelatihan kader hari Sabtu.' }),
    allowed: { admin: 201 },
  },
  { method: 'GET', path: () => '/api/console/audit', allowed: { admin: 200 } },
  { method: 'GET', path: () => '/api/console/audit.csv', allowed: { admin: 200 } },
  { method: 'GET', path: () => '/api/console/audit/verify', allowed: { admin: 200 } },
];

describe('role × endpoint', () => {
  it.each(ROWS.map((row) => [`${row.method} ${row.path()}`, row] as const))(
    '%s',
    async (_name, row) => {
      const seen: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const who of PRINCIPALS) {
        const role = who === 'anonymous' || who === 'disabled' ? undefined : who;
        const allowedStatus = role === undefined ? undefined : row.allowed[role];
        expected[who] = role === undefined ? 401 : (allowedStatus ?? 403);
        const body = row.body ? await row.body() : row.method === 'GET' ? undefined : {};
        const response = await call(t, row.method, row.path(), {
          ...(cookies[who] !== undefined ? { cookie: cookies[who] } : {}),
          ...(body !== undefined ? { body } : {}),
        });
        seen[who] = response.status;
        if (response.status === 401 || response.status === 403) {
          const error = ((await response.json()) as { error: { code: string } }).error.code;
          if (expected[who] === 401) expect(error).toBe('unauthenticated');
          if (expected[who] === 403) expect(error).toBe('forbidden');
        }
      }
      expect(seen).toEqual(expected);
    },
  );

  it('covers every console route the server has', () => {
    const routes = t.app.routes
      // The map's endpoints (/api/console/map/*) have their own matrix.
      .filter(
        (r) =>
          r.path.startsWith('/api/console/') &&
          !r.path.startsWith('/api/console/map/') &&
          r.method !== 'ALL',
      )
      .map((r) => `${r.method} ${r.path}`);
    const covered = new Set(
      ROWS.map((row) =>
        `${row.method} ${row.path()}`
          .replace(ids.viewer as string, ':id')
          .replace(ids.record as string, ':id')
          .replace(ids.device as string, ':id')
          .replace(ids.spareDevice as string, ':id')
          .replace(ids.kid as string, ':kid'),
      ),
    );
    const open = new Set([
      'POST /api/console/auth/login',
      'POST /api/console/auth/setup',
      'POST /api/console/auth/logout',
      'POST /api/console/auth/logout-everywhere',
      'POST /api/console/auth/passkey/options',
      'POST /api/console/auth/passkey/verify',
    ]);
    const missing = [...new Set(routes)].filter((r) => !covered.has(r) && !open.has(r));
    expect(missing).toEqual([]);
  });
});
