// The sync contract v1 (docs/sync-protocol-v1.md), endpoint by endpoint, status by status.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RECORD_KINDS, type RecordKind } from '../../src/domain';
import type { PushResponse } from '../../src/domain/envelope';
import { createEnrollmentCode, revokeDevice } from '../../src/server/devices';
import {
  createTestApp,
  TEST_DIALECT,
  enrollDevice,
  envelope,
  examplePayload,
  push,
  type TestApp,
} from './helpers';

// The machine is shared (2 cores): allow for slow fsyncs and process start-up under load.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

describe('GET /api/v1/health', () => {
  it('answers ok with the package version and storage, without auth', async () => {
    const response = await t.app.request('/api/v1/health');
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ status: 'ok', version: '0.1.0', storage: TEST_DIALECT });
  });
});

describe('GET /api/v1/schemas', () => {
  it('publishes every kind with its schema version and examples the push endpoint accepts', async () => {
    const response = await t.app.request('/api/v1/schemas');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      kinds: Record<
        string,
        { schemaVersion: number; jsonSchema: { examples?: unknown[]; type?: string } }
      >;
    };
    expect(Object.keys(body.kinds).sort()).toEqual([...RECORD_KINDS].sort());
    const { token } = await enrollDevice(t);
    const records = [];
    for (const kind of RECORD_KINDS) {
      const { schemaVersion, jsonSchema } = body.kinds[kind]!;
      expect(schemaVersion).toBeGreaterThanOrEqual(1);
      expect(jsonSchema.examples?.length).toBeGreaterThanOrEqual(1);
      for (const example of jsonSchema.examples ?? []) {
        records.push(
          envelope({
            kind: kind as RecordKind,
            schemaVersion,
            payload: example as Record<string, unknown>,
          }),
        );
      }
    }
    const result = await push(t.app, token, records);
    expect(result.status).toBe(200);
    expect(result.body.results.map((r) => r.status)).toEqual(records.map(() => 'stored'));
  });
});

describe('POST /api/v1/devices/enroll', () => {
  const enroll = (body: unknown, contentType = 'application/json') =>
    t.app.request('/api/v1/devices/enroll', {
      method: 'POST',
      headers: { 'Content-Type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('turns a valid code into a device id and a 256-bit token', async () => {
    const { code } = await createEnrollmentCode(t.opened.db, t.dataKey, {
      uses: 1,
      expiresInHours: 1,
    });
    const response = await enroll({ code, label: 'HP kader posyandu' });
    expect(response.status).toBe(201);
    const body = await json(response);
    expect(body.deviceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Buffer.from(String(body.token), 'base64url').length).toBeGreaterThanOrEqual(32);
  });

  it('accepts the code as people type it: lower case, without the dash, with spaces', async () => {
    const { code } = await createEnrollmentCode(t.opened.db, t.dataKey, {
      uses: 1,
      expiresInHours: 1,
    });
    const typed = ` ${code.replace('-', ' ').toLowerCase()} `;
    expect((await enroll({ code: typed, label: 'x' })).status).toBe(201);
  });

  it('refuses a used-up code', async () => {
    const { code } = await createEnrollmentCode(t.opened.db, t.dataKey, {
      uses: 2,
      expiresInHours: 1,
    });
    expect((await enroll({ code, label: 'a' })).status).toBe(201);
    expect((await enroll({ code, label: 'b' })).status).toBe(201);
    const third = await enroll({ code, label: 'c' });
    expect(third.status).toBe(403);
    expect(((await json(third)).error as { code: string }).code).toBe('enrollment_code_invalid');
  });

  it('refuses an expired code', async () => {
    const { code } = await createEnrollmentCode(t.opened.db, t.dataKey, {
      uses: 5,
      expiresInHours: 1,
      now: new Date(Date.now() - 2 * 3_600_000),
    });
    const response = await enroll({ code, label: 'a' });
    expect(response.status).toBe(403);
    expect(((await json(response)).error as { code: string }).code).toBe('enrollment_code_invalid');
  });

  it('refuses an unknown code', async () => {
    const response = await enroll({ code: 'AAAAA-BBBBB', label: 'a' });
    expect(response.status).toBe(403);
    expect(await json(response)).toEqual({
      error: { code: 'enrollment_code_invalid', message: expect.any(String) },
    });
  });

  it.each([
    ['malformed JSON', '{"code":', 'application/json', 400, 'malformed'],
    ['missing code', { label: 'a' }, 'application/json', 400, 'malformed'],
    ['code not a string', { code: 5, label: 'a' }, 'application/json', 400, 'malformed'],
    ['label not a string', { code: 'AAAAA-BBBBB', label: 3 }, 'application/json', 400, 'malformed'],
    [
      'overlong label',
      { code: 'AAAAA-BBBBB', label: 'x'.repeat(101) },
      'application/json',
      400,
      'malformed',
    ],
    ['not JSON content type', '{"code":"A"}', 'text/plain', 415, 'unsupported_media_type'],
    [
      'a body over the enrollment limit',
      { code: 'A', label: 'x'.repeat(5000) },
      'application/json',
      413,
      'payload_too_large',
    ],
  ])('answers %s with %s', async (_name, body, contentType, status, code) => {
    const response = await enroll(body, contentType);
    expect(response.status).toBe(status);
    expect(((await json(response)).error as { code: string }).code).toBe(code);
  });

  it('behind a proxy, counts per forwarded address and ignores addresses the client made up', async () => {
    await t.close();
    t = await createTestApp({ trustProxy: true });
    const from = (forwarded: string) =>
      t.app.request('/api/v1/devices/enroll', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwarded },
        body: JSON.stringify({ code: 'WRONG-CODE1', label: 'a' }),
      });
    for (let i = 0; i < 10; i += 1)
      expect((await from(`10.0.0.${i}, 203.0.113.7`)).status).toBe(403);
    expect((await from('10.9.9.9, 203.0.113.7')).status).toBe(429);
    expect((await from('203.0.113.8')).status).toBe(403);
  });

  it('is rate-limited per client address with Retry-After, and recovers with time', async () => {
    let now = Date.parse('2026-11-30T02:00:00Z');
    await t.close();
    t = await createTestApp({ now: () => new Date(now) });
    for (let i = 0; i < 10; i += 1)
      expect((await enroll({ code: 'WRONG-CODE1', label: 'a' })).status).toBe(403);
    const limited = await enroll({ code: 'WRONG-CODE1', label: 'a' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await json(limited)).error as { code: string }).code).toBe('rate_limited');
    // Even a valid code waits: the limit is per address, not per code.
    const { code } = await createEnrollmentCode(t.opened.db, t.dataKey, {
      uses: 1,
      expiresInHours: 1,
      now: new Date(now),
    });
    expect((await enroll({ code, label: 'a' })).status).toBe(429);
    now += 7_000;
    expect((await enroll({ code, label: 'a' })).status).toBe(201);
  });
});

describe('POST /api/v1/sync/push: per-record results', () => {
  let device: { deviceId: string; token: string };
  beforeEach(async () => {
    device = await enrollDevice(t);
  });

  it('stores a new record and answers in request order', async () => {
    const records = [envelope(), envelope(), envelope()];
    const { status, body } = await push(t.app, device.token, records);
    expect(status).toBe(200);
    expect(body.results).toEqual(records.map((r) => ({ id: r.id, rev: 1, status: 'stored' })));
    expect(Number.isNaN(Date.parse(body.serverTime))).toBe(false);
  });

  it('answers duplicate for the same (id, rev) with the same content, even in one batch', async () => {
    const record = envelope();
    const first = await push(t.app, device.token, [record, record]);
    expect(first.body.results.map((r) => r.status)).toEqual(['stored', 'duplicate']);
    const again = await push(t.app, device.token, [record]);
    expect(again.body.results[0]).toEqual({ id: record.id, rev: 1, status: 'duplicate' });
    // Key order and unknown keys dropped by the schema do not make it a different content.
    const reordered = Object.fromEntries(Object.entries(record).reverse());
    expect((await push(t.app, device.token, [reordered])).body.results[0]?.status).toBe(
      'duplicate',
    );
  });

  it('rejects the same (id, rev) with different content as a conflict', async () => {
    const record = envelope();
    await push(t.app, device.token, [record]);
    const changed = { ...record, updatedAt: '2026-11-30T10:00:00+07:00' };
    const { body } = await push(t.app, device.token, [changed]);
    expect(body.results[0]).toMatchObject({
      id: record.id,
      rev: 1,
      status: 'rejected',
      error: { code: 'conflict' },
    });
  });

  it('answers stale for a lower rev than the current one, keeping the current view', async () => {
    const id = randomUUID();
    expect(
      (await push(t.app, device.token, [envelope({ id, rev: 3 })])).body.results[0]?.status,
    ).toBe('stored');
    const late = envelope({ id, rev: 2, updatedAt: '2026-11-30T09:18:00+07:00' });
    expect((await push(t.app, device.token, [late])).body.results[0]?.status).toBe('stale');
    // Resending the stale revision is a duplicate of the history entry it made.
    expect((await push(t.app, device.token, [late])).body.results[0]?.status).toBe('duplicate');
    const current = await t.opened.db
      .selectFrom('records_current')
      .select('rev')
      .where('id', '=', id)
      .execute();
    expect(current.map((r) => Number(r.rev))).toEqual([3]);
    const history = await t.opened.db
      .selectFrom('record_revisions')
      .select('rev')
      .where('id', '=', id)
      .orderBy('rev')
      .execute();
    expect(history.map((r) => Number(r.rev))).toEqual([2, 3]);
  });

  it('stores a higher rev as the new current version', async () => {
    const id = randomUUID();
    await push(t.app, device.token, [envelope({ id, rev: 1 })]);
    const { body } = await push(t.app, device.token, [
      envelope({ id, rev: 2, updatedAt: '2026-12-01T08:00:00+07:00' }),
    ]);
    expect(body.results[0]?.status).toBe('stored');
    const current = await t.opened.db
      .selectFrom('records_current')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(current.rev)).toBe(2);
    expect(current.updated_at).toBe('2026-12-01T08:00:00+07:00');
  });

  it('forbids writing a record that another device owns', async () => {
    const other = await enrollDevice(t, 'other');
    const record = envelope();
    await push(t.app, device.token, [record]);
    const { body } = await push(t.app, other.token, [{ ...record, rev: 2 }, record]);
    expect(body.results.map((r) => r.error?.code)).toEqual(['forbidden', 'forbidden']);
  });

  it('rejects an invalid payload with field issues in English from the locale file', async () => {
    const payload = examplePayload();
    delete payload.name;
    const { body } = await push(t.app, device.token, [envelope({ payload })]);
    const result = body.results[0]!;
    expect(result.status).toBe('rejected');
    expect(result.error?.code).toBe('invalid');
    expect(result.error?.issues).toContainEqual({
      path: 'name',
      message: 'This is required.',
    });
  });

  it('fills message parameters from the locale template', async () => {
    const payload = { ...examplePayload(), name: 'x'.repeat(500) };
    const { body } = await push(t.app, device.token, [envelope({ payload })]);
    expect(body.results[0]?.error?.issues).toContainEqual({
      path: 'name',
      message: 'Too long: at most 200 characters.',
    });
  });

  it('rejects an invalid envelope (bad timestamp, missing fields) without blocking the others', async () => {
    const good = envelope();
    const badTime = { ...envelope(), createdAt: 'yesterday' };
    const noPayload = { ...envelope(), payload: undefined };
    const { body } = await push(t.app, device.token, [badTime, good, noPayload]);
    expect(body.results.map((r) => r.status)).toEqual(['rejected', 'stored', 'rejected']);
    expect(body.results[0]?.error?.issues?.map((i) => i.path)).toEqual(['createdAt']);
    expect(body.results[2]?.error?.issues?.map((i) => i.path)).toEqual(['payload']);
  });

  it('rejects an unknown kind and an unknown schema version', async () => {
    const unknownKind = { ...envelope(), kind: 'pet_registry' };
    const futureVersion = envelope({ schemaVersion: 99 });
    const { body } = await push(t.app, device.token, [unknownKind, futureVersion]);
    expect(body.results[0]?.error?.code).toBe('unknown_kind');
    expect(body.results[1]?.error?.code).toBe('invalid');
    expect(body.results[1]?.error?.issues?.[0]?.path).toBe('schemaVersion');
  });

  it('accepts a tombstone with an empty payload as a new rev', async () => {
    const id = randomUUID();
    await push(t.app, device.token, [envelope({ id })]);
    const { body } = await push(t.app, device.token, [
      envelope({ id, rev: 2, deleted: true, payload: {} }),
    ]);
    expect(body.results[0]?.status).toBe('stored');
    const current = await t.opened.db
      .selectFrom('records_current')
      .select('deleted')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(current.deleted)).toBe(1);
  });

  it('updates the device last_seen_at', async () => {
    await push(t.app, device.token, [envelope()]);
    const row = await t.opened.db
      .selectFrom('devices')
      .select('last_seen_at')
      .where('id', '=', device.deviceId)
      .executeTakeFirstOrThrow();
    expect(row.last_seen_at).not.toBeNull();
  });
});

describe('POST /api/v1/sync/push: whole-request errors store nothing', () => {
  let device: { deviceId: string; token: string };
  beforeEach(async () => {
    device = await enrollDevice(t);
  });

  const oneRecord = () => JSON.stringify({ records: [envelope()] });
  type Case = {
    name: string;
    status: number;
    code: string;
    headers?: (token: string) => Record<string, string>;
    body?: () => string | ReadableStream<Uint8Array>;
    setup?: () => Promise<void>;
  };
  const auth = (token: string) => ({
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
  });
  const cases: Case[] = [
    { name: 'malformed JSON', status: 400, code: 'malformed', body: () => '{"records": [' },
    { name: 'not an object', status: 400, code: 'malformed', body: () => '[1,2]' },
    { name: 'records missing', status: 400, code: 'malformed', body: () => '{"recs": []}' },
    { name: 'records not an array', status: 400, code: 'malformed', body: () => '{"records": {}}' },
    { name: 'no records', status: 400, code: 'malformed', body: () => '{"records": []}' },
    {
      name: 'a record without id',
      status: 400,
      code: 'malformed',
      body: () => JSON.stringify({ records: [envelope(), { rev: 1 }] }),
    },
    {
      name: 'a record with rev 0',
      status: 400,
      code: 'malformed',
      body: () => JSON.stringify({ records: [{ ...envelope(), rev: 0 }] }),
    },
    {
      name: 'a record that is not an object',
      status: 400,
      code: 'malformed',
      body: () => JSON.stringify({ records: [envelope(), 'x'] }),
    },
    {
      name: 'invalid UTF-8',
      status: 400,
      code: 'malformed',
      body: () =>
        new ReadableStream({
          start(c) {
            c.enqueue(new Uint8Array([0x7b, 0xff, 0x7d]));
            c.close();
          },
        }),
    },
    {
      name: 'JSON nested too deeply',
      status: 400,
      code: 'malformed',
      body: () => `{"records":[${'['.repeat(100)}${']'.repeat(100)}]}`,
    },
    {
      name: 'no token',
      status: 401,
      code: 'unauthorized',
      headers: () => ({ 'Content-Type': 'application/json' }),
    },
    {
      name: 'a non-bearer scheme',
      status: 401,
      code: 'unauthorized',
      headers: (token) => ({ Authorization: `Basic ${token}`, 'Content-Type': 'application/json' }),
    },
    {
      name: 'an unknown token',
      status: 401,
      code: 'unauthorized',
      headers: () => auth('A'.repeat(43)),
    },
    {
      name: 'a revoked device',
      status: 403,
      code: 'device_revoked',
      setup: async () => void (await revokeDevice(t.opened.db, device.deviceId)),
    },
    {
      name: 'over 200 records',
      status: 413,
      code: 'payload_too_large',
      body: () => JSON.stringify({ records: Array.from({ length: 201 }, () => envelope()) }),
    },
    {
      name: 'a declared Content-Length over 1 MiB',
      status: 413,
      code: 'payload_too_large',
      headers: (token) => ({ ...auth(token), 'Content-Length': String(1024 * 1024 + 1) }),
    },
    {
      name: 'a streamed body over 1 MiB without Content-Length',
      status: 413,
      code: 'payload_too_large',
      body: () => {
        const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
        let sent = 0;
        return new ReadableStream({
          pull(c) {
            if (sent++ < 17) c.enqueue(chunk);
            else c.close();
          },
        });
      },
    },
    {
      name: 'text/plain',
      status: 415,
      code: 'unsupported_media_type',
      headers: (token) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' }),
    },
    {
      name: 'no content type',
      status: 415,
      code: 'unsupported_media_type',
      headers: (token) => ({ Authorization: `Bearer ${token}` }),
    },
    {
      name: 'a non-UTF-8 charset',
      status: 415,
      code: 'unsupported_media_type',
      headers: (token) => ({
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json; charset=latin1',
      }),
    },
  ];

  it.each(cases)('$name → $status $code', async ({ status, code, headers, body, setup }) => {
    await setup?.();
    const response = await t.app.request('/api/v1/sync/push', {
      method: 'POST',
      headers: headers ? headers(device.token) : auth(device.token),
      body: body ? body() : oneRecord(),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(status);
    expect(await json(response)).toEqual({ error: { code, message: expect.any(String) } });
    const stored = await t.opened.db.selectFrom('record_revisions').select('id').execute();
    expect(stored).toEqual([]);
  });

  it('accepts application/json with a UTF-8 charset', async () => {
    const response = await t.app.request('/api/v1/sync/push', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${device.token}`,
        'Content-Type': 'application/json; charset=UTF-8',
      },
      body: oneRecord(),
    });
    expect(response.status).toBe(200);
  });

  it('limits pushes per device with 429 and Retry-After', async () => {
    await t.close();
    t = await createTestApp({ rateLimits: { push: { limit: 2, windowMs: 60_000 } } });
    const a = await enrollDevice(t, 'a');
    const b = await enrollDevice(t, 'b');
    expect((await push(t.app, a.token, [envelope()])).status).toBe(200);
    expect((await push(t.app, a.token, [envelope()])).status).toBe(200);
    const response = await t.app.request('/api/v1/sync/push', {
      method: 'POST',
      headers: { Authorization: `Bearer ${a.token}`, 'Content-Type': 'application/json' },
      body: oneRecord(),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await json(response)).toEqual({
      error: { code: 'rate_limited', message: expect.any(String) },
    });
    // Another device has its own budget.
    expect((await push(t.app, b.token, [envelope()])).status).toBe(200);
  });
});

describe('other API requests', () => {
  it.each([
    ['GET', '/api/v1/nothing', 404, 'not_found'],
    ['POST', '/api/v3/sync/push', 404, 'not_found'],
    ['GET', '/api', 404, 'not_found'],
    ['GET', '/api/v1/sync/push', 405, 'method_not_allowed'],
    ['DELETE', '/api/v1/health', 405, 'method_not_allowed'],
  ])('%s %s → %s JSON', async (method, url, status, code) => {
    const response = await t.app.request(url, { method });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await json(response)).error as { code: string }).code).toBe(code);
  });

  it('allows cross-origin calls with a bearer token (CORS preflight and responses)', async () => {
    const preflight = await t.app.request('/api/v1/sync/push', {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://app.example.org',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Content-Type/);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const error = await t.app.request('/api/v1/sync/push', {
      method: 'POST',
      headers: { Origin: 'https://x.example' },
    });
    expect(error.status).toBe(401);
    expect(error.headers.get('access-control-allow-origin')).toBe('*');
    expect(error.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
  });

  it('answers a real bug with a bare 500 and reports it to the log hook', async () => {
    const errors: unknown[] = [];
    await t.close();
    t = await createTestApp({
      onError: (error) => errors.push(error),
      validatePayload: () => {
        throw new Error('secret internals');
      },
    });
    const { token } = await enrollDevice(t);
    const response = await t.app.request('/api/v1/sync/push', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ records: [envelope()] }),
    });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('secret');
    expect(JSON.parse(text)).toEqual({
      error: { code: 'internal', message: 'Internal server error.' },
    });
    expect(errors).toHaveLength(1);
  });

  it('logs one line per request with method, path, status, time and at most a device id prefix', async () => {
    const lines: unknown[] = [];
    await t.close();
    t = await createTestApp({ onRequest: (entry) => lines.push(entry) });
    const { deviceId, token } = await enrollDevice(t, 'HP Bu Siti');
    const result: { body: PushResponse } = await push(t.app, token, [envelope()]);
    expect(result.body.results[0]?.status).toBe('stored');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toEqual({
      method: 'POST',
      path: '/api/v1/sync/push',
      status: 200,
      ms: expect.any(Number),
      device: deviceId.slice(0, 8),
    });
    expect(JSON.stringify(lines)).not.toMatch(/Siti|Bu Siti|token/);
  });
});
