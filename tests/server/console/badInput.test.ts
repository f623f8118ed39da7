// Bad input never gets a 5xx: arbitrary JSON, and valid bodies with one member replaced by
// arbitrary JSON, sent to every state-changing console endpoint (fast-check).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPublicJwk } from '../../../src/crypto/seal';
import { enrollV2, newKeyHolder, pushV2, sealedEnvelope } from '../coordinator';
import { call, createConsoleApp, login, makeAccount, type ConsoleTestApp } from './consoleHelpers';

let t: ConsoleTestApp;
let cookie: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createConsoleApp({ onError: (error) => console.error('unexpected', error) });
  ids.me = await makeAccount(t, 'both', ['admin', 'coordinator']);
  cookie = await login(t, 'both');
  ids.other = await makeAccount(t, 'other', ['coordinator']);
  const holder = await newKeyHolder();
  const publicKey = await exportPublicJwk(holder.recipient.publicKey);
  await call(t, 'POST', '/api/console/district-key', {
    cookie,
    body: { publicKey, wrapped: { v: 1 } },
  });
  ids.kid = holder.kid;
  const phone = await enrollV2(t);
  ids.device = phone.deviceId;
  const envelope = await sealedEnvelope([holder.recipient], { kind: 'screening' });
  await pushV2(t.app, phone.token, [envelope]);
  ids.record = envelope.id;
}, 60_000);
afterAll(async () => {
  await t.close();
});

const ENDPOINTS: [method: string, path: () => string, valid: () => Record<string, unknown>][] = [
  [
    'POST',
    () => '/api/console/auth/setup',
    () => ({ token: 'a'.repeat(43), password: 'x'.repeat(12) }),
  ],
  ['POST', () => '/api/console/me/password', () => ({ current: 'abc', next: 'def' })],
  ['POST', () => '/api/console/me/passkeys', () => ({ response: { id: 'x' } })],
  ['POST', () => '/api/console/auth/passkey/options', () => ({})],
  [
    'POST',
    () => '/api/console/auth/passkey/verify',
    () => ({ response: { id: 'x', response: {} } }),
  ],
  [
    'POST',
    () => '/api/console/accounts',
    () => ({ username: 'u1', displayName: 'U', roles: ['viewer'] }),
  ],
  ['PATCH', () => `/api/console/accounts/${ids.other}`, () => ({ roles: ['coordinator'] })],
  ['POST', () => '/api/console/district-key', () => ({ publicKey: {}, wrapped: { v: 1 } })],
  [
    'POST',
    () => `/api/console/district-key/${ids.kid}/holders`,
    () => ({ accountId: ids.other, wrapped: { v: 1 } }),
  ],
  ['POST', () => `/api/console/records/${ids.record}/open-audit`, () => ({ rev: 1 })],
  [
    'POST',
    () => `/api/console/records/${ids.record}/review`,
    () => ({ rev: 1, state: 'received', decision: { status: 'possible', decidedBy: 'polres' } }),
  ],
  [
    'POST',
    () => '/api/console/exports-audit',
    () => ({ kind: 'screening', count: 1, format: 'csv' }),
  ],
  ['POST', () => `/api/console/devices/${ids.device}/move`, () => ({ toDeviceId: ids.device })],
  ['POST', () => '/api/console/enrollment-codes', () => ({ uses: 1, ttlHours: 1 })],
  ['PUT', () => '/api/console/directory', () => ({ contacts: [] })],
  ['POST', () => '/api/console/notices', () => ({ text: 'halo' })],
];

describe('bad input never gets a 5xx', () => {
  it.each(ENDPOINTS.map(([m, p, v]) => [`${m} ${p()}`, m, p, v] as const))(
    '%s',
    async (_name, method, path, valid) => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.jsonValue(),
            // A valid body with one member replaced ({} has none: then add an unknown one).
            fc
              .tuple(
                Object.keys(valid()).length > 0
                  ? fc.constantFrom(...Object.keys(valid()))
                  : fc.string({ minLength: 1 }),
                fc.jsonValue(),
              )
              .map(([key, value]) => ({ ...valid(), [key]: value })),
            fc.string().map((raw) => `{"${raw}`),
          ),
          async (body) => {
            const response = await call(t, method, path(), {
              cookie,
              body: typeof body === 'string' ? body : JSON.stringify(body),
            });
            expect(response.status).toBeLessThan(500);
            if (response.status >= 400) {
              const error = (await response.json()) as { error: { code: string; message: string } };
              expect(error.error.message.length).toBeGreaterThan(0);
            }
          },
        ),
        { numRuns: 40 },
      );
    },
    60_000,
  );

  it('answers unknown ids, odd query strings and non-JSON bodies with 4xx', async () => {
    const probes: [string, string, string | undefined, Record<string, string>?][] = [
      ['GET', '/api/console/records/..%2F..%2Fetc/revisions', undefined],
      ['GET', `/api/console/records/${'x'.repeat(300)}/reviews`, undefined],
      ['GET', '/api/console/audit?limit=-1&from=yesterday', undefined],
      ['GET', '/api/console/records?limit=1e3&since=r' + '_'.repeat(400), undefined],
      [
        'POST',
        '/api/console/notices',
        'text=hello',
        { 'Content-Type': 'application/x-www-form-urlencoded' },
      ],
      ['POST', '/api/console/notices', '{"text": "' + 'a'.repeat(300_000) + '"}'],
      ['PATCH', '/api/console/accounts/nope', '{"disabled": true}'],
    ];
    for (const [method, path, body, headers] of probes) {
      const response = await t.app.request(path, {
        method,
        headers: {
          Cookie: cookie,
          Origin: 'http://localhost',
          'Content-Type': 'application/json',
          ...headers,
        },
        ...(body !== undefined ? { body } : {}),
      });
      expect(response.status, `${method} ${path.slice(0, 60)}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${method} ${path.slice(0, 60)}`).toBeLessThan(500);
    }
  });
});
