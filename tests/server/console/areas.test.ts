// Administrators' areas and the district key: accounts, devices (counts, revoke, move), enrollment
// codes, directory and notices through the feed, key registration, holders and rotation.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DistrictKeyState } from '../../../src/domain/console';
import { exportPublicJwk } from '../../../src/crypto/seal';
import { enrollV2, feed, newKeyHolder, pushV2, sealedEnvelope } from '../coordinator';
import {
  call,
  createConsoleApp,
  json,
  login,
  makeAccount,
  type ConsoleTestApp,
} from './consoleHelpers';

let t: ConsoleTestApp;
let admin: string;
let coordinator: string;
beforeEach(async () => {
  t = await createConsoleApp();
  // Lists are ordered by creation time: each step happens a second later, as in real life.
  await makeAccount(t, 'admin', ['admin']);
  t.advance(1_000);
  await makeAccount(t, 'siti', ['coordinator']);
  t.advance(1_000);
  admin = await login(t, 'admin');
  coordinator = await login(t, 'siti');
});
afterEach(async () => {
  await t.close();
});

const wrapped = { v: 1, kdf: 'argon2id', salt: 'c2FsdA', iv: 'aXY', ct: 'Y3Q' };

describe('accounts', () => {
  it('creates an account with a setup link, refuses a taken name, keeps one admin', async () => {
    const created = await call(t, 'POST', '/api/console/accounts', {
      cookie: admin,
      body: { username: 'Dewi', displayName: 'Dewi P.', roles: ['coordinator', 'admin'] },
    });
    expect(created.status).toBe(201);
    const body = await json<{
      account: { id: string; roles: string[]; setupPending: boolean };
      setupLink: string;
    }>(created);
    expect(body.account).toMatchObject({ roles: ['admin', 'coordinator'], setupPending: true });
    expect(body.setupLink).toMatch(
      /^http:\/\/localhost\/koordinator\/#\/setup\?token=[A-Za-z0-9_-]{43}$/,
    );
    const taken = await call(t, 'POST', '/api/console/accounts', {
      cookie: admin,
      body: { username: 'dewi', displayName: 'Other', roles: ['viewer'] },
    });
    expect(taken.status).toBe(409);
    const list = await json<{ username: string }[]>(
      await call(t, 'GET', '/api/console/accounts', { cookie: admin }),
    );
    expect(list.map((a) => a.username)).toEqual(['admin', 'siti', 'dewi']);
    const me = await json<{ id: string }>(
      await call(t, 'GET', '/api/console/me', { cookie: admin }),
    );
    // Dewi is an admin but has no password yet; still active, so admin may step down…
    const step = await call(t, 'PATCH', `/api/console/accounts/${me.id}`, {
      cookie: admin,
      body: { roles: ['coordinator'] },
    });
    expect(step.status).toBe(200);
  });

  it('refuses to disable the last active administrator', async () => {
    const me = await json<{ id: string }>(
      await call(t, 'GET', '/api/console/me', { cookie: admin }),
    );
    const response = await call(t, 'PATCH', `/api/console/accounts/${me.id}`, {
      cookie: admin,
      body: { disabled: true },
    });
    expect(response.status).toBe(409);
    expect((await json<{ error: { code: string } }>(response)).error.code).toBe('last_admin');
    expect((await call(t, 'GET', '/api/console/me', { cookie: admin })).status).toBe(200);
  });
});

describe('devices and enrollment', () => {
  it('lists devices with record counts, moves records, revokes a phone', async () => {
    const holder = await newKeyHolder();
    await call(t, 'POST', '/api/console/district-key', {
      cookie: coordinator,
      body: { publicKey: await exportPublicJwk(holder.recipient.publicKey), wrapped },
    });
    const old = await enrollV2(t, 'HP lama');
    t.advance(1_000);
    const fresh = await enrollV2(t, 'HP baru');
    const envelopes = await Promise.all([1, 2].map(() => sealedEnvelope([holder.recipient])));
    await pushV2(t.app, old.token, envelopes);
    const listed = await json<
      { id: string; label: string; records: number; lastSeenAt: string | null }[]
    >(await call(t, 'GET', '/api/console/devices', { cookie: admin }));
    expect(listed.map((d) => [d.label, d.records])).toEqual([
      ['HP lama', 2],
      ['HP baru', 0],
    ]);
    const moved = await call(t, 'POST', `/api/console/devices/${old.deviceId}/move`, {
      cookie: admin,
      body: { toDeviceId: fresh.deviceId },
    });
    expect(await json(moved)).toMatchObject({ moved: 2 });
    // The new phone may now push the next revision of a moved record.
    const next = await sealedEnvelope([holder.recipient], {
      id: envelopes[0]?.id as string,
      rev: 2,
    });
    const pushed = await pushV2(t.app, fresh.token, [next]);
    expect(pushed.body.results[0]?.status).toBe('stored');
    const revoke = await call(t, 'POST', `/api/console/devices/${old.deviceId}/revoke`, {
      cookie: admin,
    });
    expect(revoke.status).toBe(200);
    expect(
      (await pushV2(t.app, old.token, [await sealedEnvelope([holder.recipient])])).status,
    ).toBe(403);
    expect(
      (await call(t, 'POST', '/api/console/devices/nope/revoke', { cookie: admin })).status,
    ).toBe(404);
  });

  it('makes enrollment codes with an enroll URL that a phone can use', async () => {
    const response = await call(t, 'POST', '/api/console/enrollment-codes', {
      cookie: admin,
      body: { uses: 2, ttlHours: 48 },
    });
    expect(response.status).toBe(201);
    const created = await json<{
      code: string;
      enrollUrl: string;
      uses: number;
      expiresAt: string;
    }>(response);
    expect(created.enrollUrl).toBe(
      `http://localhost/#/enroll?server=${encodeURIComponent('http://localhost')}&code=${created.code}`,
    );
    expect(Date.parse(created.expiresAt) - t.clock.now.getTime()).toBe(48 * 3_600_000);
    const codes = await json<{ usesLeft: number; expired: boolean }[]>(
      await call(t, 'GET', '/api/console/enrollment-codes', { cookie: admin }),
    );
    expect(codes).toEqual([expect.objectContaining({ usesLeft: 2, expired: false })]);
    expect(JSON.stringify(codes)).not.toContain(created.code.replace('-', ''));
  });
});

describe('directory and notices', () => {
  it('publishes the directory and a notice to phones', async () => {
    const phone = await enrollV2(t);
    const contacts = [
      {
        id: '0192f1a6-7a3b-7c00-8000-0000000000c1',
        category: 'uptd_ppa',
        name: 'UPTD PPA',
        phone: '0281 123456',
      },
    ];
    const put = await call(t, 'PUT', '/api/console/directory', {
      cookie: admin,
      body: { contacts },
    });
    expect(put.status).toBe(200);
    expect(
      await json(await call(t, 'GET', '/api/console/directory', { cookie: admin })),
    ).toMatchObject({
      contacts,
    });
    const notice = await call(t, 'POST', '/api/console/notices', {
      cookie: admin,
      body: { text: 'Rapat kader Sabtu pukul 09.00.' },
    });
    expect(notice.status).toBe(201);
    const items = (await feed(t.app, phone.token)).body.items as { type: string }[];
    expect(items.map((i) => i.type)).toEqual(['directory', 'notice']);
    const bad = await call(t, 'PUT', '/api/console/directory', {
      cookie: admin,
      body: { contacts: [{ name: 'no id' }] },
    });
    expect(bad.status).toBe(400);
  });
});

describe('district key', () => {
  it('registers a browser key, adds a holder, rotates (phones get a keys item), refuses non-holders', async () => {
    await makeAccount(t, 'dewi', ['coordinator']);
    const dewi = await login(t, 'dewi');
    const dewiId = (
      await json<{ id: string }>(await call(t, 'GET', '/api/console/me', { cookie: dewi }))
    ).id;
    const phone = await enrollV2(t);
    const first = await newKeyHolder();
    const registered = await call(t, 'POST', '/api/console/district-key', {
      cookie: coordinator,
      body: { publicKey: await exportPublicJwk(first.recipient.publicKey), wrapped },
    });
    expect(registered.status).toBe(201);
    expect(await json(registered)).toMatchObject({
      kid: first.kid,
      fingerprint: first.fingerprint,
      retired: [],
    });
    // Dewi holds nothing yet: she cannot replace the key.
    const second = await newKeyHolder();
    const refused = await call(t, 'POST', '/api/console/district-key', {
      cookie: dewi,
      body: { publicKey: await exportPublicJwk(second.recipient.publicKey), wrapped },
    });
    expect(refused.status).toBe(403);
    expect((await json<{ error: { code: string } }>(refused)).error.code).toBe('not_key_holder');
    const added = await call(t, 'POST', `/api/console/district-key/${first.kid}/holders`, {
      cookie: coordinator,
      body: { accountId: dewiId, wrapped: { ...wrapped, ct: 'b3RoZXI' } },
    });
    expect(added.status).toBe(201);
    expect(
      await json(await call(t, 'GET', '/api/console/district-key/wrapped', { cookie: dewi })),
    ).toEqual([{ kid: first.kid, wrapped: { ...wrapped, ct: 'b3RoZXI' } }]);
    t.advance(1_000);
    const rotated = await call(t, 'POST', '/api/console/district-key', {
      cookie: dewi,
      body: { publicKey: await exportPublicJwk(second.recipient.publicKey), wrapped },
    });
    expect(await json(rotated)).toMatchObject({ kid: second.kid, retired: [first.kid] });
    const state = await json<DistrictKeyState>(
      await call(t, 'GET', '/api/console/district-key', { cookie: admin }),
    );
    expect(state.keys.map((k) => [k.kid, k.retiredAt !== undefined])).toEqual([
      [first.kid, true],
      [second.kid, false],
    ]);
    expect(state.holders.map((h) => h.kid)).toEqual([first.kid, first.kid, second.kid]);
    const keysItems = (
      (await feed(t.app, phone.token)).body.items as { type: string; keys: { kid: string }[] }[]
    ).filter((i) => i.type === 'keys');
    expect(keysItems.at(-1)?.keys.map((k) => k.kid)).toEqual([second.kid]);
    const broken = await call(t, 'POST', '/api/console/district-key', {
      cookie: dewi,
      body: { publicKey: { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }, wrapped },
    });
    expect(broken.status).toBe(400);
  });
});
