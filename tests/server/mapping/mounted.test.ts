// The map as httpApp.ts mounts it: behind the console's guard and requireRole. A signed-in viewer
// gets counts with small ones withheld, a coordinator exact counts and the record ids behind a
// cell, an administrator without a map role 403, and no session 401.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnvelopeV2 } from '../../../src/domain/contract';
import type { MapRecordsResponse, MapTableResponse } from '../../../src/domain/mapping';
import { createDistrictKey, enrollV2, pushV2, sealedEnvelope } from '../coordinator';
import {
  call,
  createConsoleApp,
  json,
  login,
  makeAccount,
  type ConsoleTestApp,
} from '../console/consoleHelpers';

let t: ConsoleTestApp;
const cookies: Record<'viewer' | 'coordinator' | 'admin', string> = {
  viewer: '',
  coordinator: '',
  admin: '',
};
/** Household visits per desa of kecamatan 33.01.01 (and one in 33.01.02), all in 2026-11. */
const VISITS: Record<string, number> = {
  '33.01.01.2001': 5,
  '33.01.01.2002': 2,
  '33.01.01.2003': 4,
  '33.01.02.2001': 3,
};
const idsOf: Record<string, string[]> = {};

beforeAll(async () => {
  t = await createConsoleApp();
  const holder = await createDistrictKey(t);
  const phone = await enrollV2(t);
  const template = await sealedEnvelope([holder.recipient], { kind: 'household_visit' });
  const envelopes: EnvelopeV2[] = [];
  for (const [village, n] of Object.entries(VISITS)) {
    const [p, r, d] = village.split('.');
    for (let i = 0; i < n; i += 1) {
      const id = crypto.randomUUID();
      (idsOf[village] ??= []).push(id);
      envelopes.push({
        ...template,
        id,
        meta: {
          eventMonth: '2026-11',
          provinceCode: p,
          regencyCode: `${p}.${r}`,
          districtCode: `${p}.${r}.${d}`,
          villageCode: village,
        },
      } as EnvelopeV2);
    }
  }
  const pushed = await pushV2(t.app, phone.token, envelopes);
  expect(pushed.status).toBe(200);
  for (const result of pushed.body.results) expect(result.status).toBe('stored');
  await makeAccount(t, 'viewer', ['viewer']);
  await makeAccount(t, 'coord', ['coordinator']);
  await makeAccount(t, 'admin', ['admin']);
  cookies.viewer = await login(t, 'viewer');
  cookies.coordinator = await login(t, 'coord');
  cookies.admin = await login(t, 'admin');
});
afterAll(async () => {
  await t.close();
});

const TABLE = '/api/console/map/table?level=village&parent=33.01.01&from=2026-11&to=2026-11';
const visitsOf = (table: MapTableResponse) =>
  Object.fromEntries(table.rows.map((row) => [row.code, row.cells.visits]));

describe('the map mounted in the server app', () => {
  it('gives a signed-in viewer counts with small ones withheld', async () => {
    const response = await call(t, 'GET', TABLE, { cookie: cookies.viewer });
    expect(response.status).toBe(200);
    const table = await json<MapTableResponse>(response);
    expect(table.audience).toBe('viewer');
    expect(visitsOf(table)).toEqual({
      '33.01.01.2001': { value: 5, suppressed: false },
      '33.01.01.2002': { value: null, suppressed: true },
      // Complementary: the kecamatan total (11) minus 5 would give 2002 away otherwise.
      '33.01.01.2003': { value: null, suppressed: true },
    });
    expect(table.total.cells.visits).toEqual({ value: 11, suppressed: false });
    const body = JSON.stringify(table);
    expect(body).not.toMatch(/"value":[12],/);
  });

  it('gives a coordinator exact counts and the record ids behind a cell', async () => {
    const table = await json<MapTableResponse>(
      await call(t, 'GET', TABLE, { cookie: cookies.coordinator }),
    );
    expect(table.audience).toBe('coordinator');
    expect(visitsOf(table)).toEqual({
      '33.01.01.2001': { value: 5, suppressed: false },
      '33.01.01.2002': { value: 2, suppressed: false },
      '33.01.01.2003': { value: 4, suppressed: false },
    });
    const records = await call(
      t,
      'GET',
      '/api/console/map/records?code=33.01.01.2002&indicator=visits&from=2026-11&to=2026-11',
      { cookie: cookies.coordinator },
    );
    expect(records.status).toBe(200);
    const body = await json<MapRecordsResponse>(records);
    expect([...body.ids].sort()).toEqual([...(idsOf['33.01.01.2002'] ?? [])].sort());
    expect(body.more).toBe(false);
  });

  it('refuses the record ids to a viewer, the map to an administrator, everything without a session', async () => {
    const records =
      '/api/console/map/records?code=33.01.01.2002&indicator=visits&from=2026-11&to=2026-11';
    const viewer = await call(t, 'GET', records, { cookie: cookies.viewer });
    expect(viewer.status).toBe(403);
    expect((await json<{ error: { code: string } }>(viewer)).error.code).toBe('forbidden');
    for (const path of [TABLE, '/api/console/map/indicators', records]) {
      const admin = await call(t, 'GET', path, { cookie: cookies.admin });
      expect(admin.status, path).toBe(403);
      const anonymous = await call(t, 'GET', path);
      expect(anonymous.status, path).toBe(401);
      expect((await json<{ error: { code: string } }>(anonymous)).error.code).toBe(
        'unauthenticated',
      );
    }
  });
});
