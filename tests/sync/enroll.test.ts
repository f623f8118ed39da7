import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDeviceKeyPair,
  getDeviceKey,
  getDistrict,
  getEnrollment,
  getSyncMeta,
  lockVault,
  saveSyncMeta,
} from '../../src/data';
import { enrollDeviceWith, normaliseServerUrl } from '../../src/sync/enroll';
import { enrollDevice, SyncError } from '../../src/sync/index';
import { TEST_PIN, unlockPhone } from './phone';
import { startRealServer, type RealServer } from './realServer';
import { unlockVault } from '../../src/data';

async function rejection(promise: Promise<unknown>): Promise<SyncError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SyncError);
    return error as SyncError;
  }
  throw new Error('expected a SyncError');
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('server address validation', () => {
  it.each([
    '',
    'not a url',
    'jejaring.kabupaten.go.id',
    'ftp://jejaring.go.id',
    'https://user:pw@x.id',
  ])('rejects %j as invalid_url before any request', async (serverUrl) => {
    const error = await rejection(enrollDevice({ serverUrl, code: 'ABC', label: 'HP' }));
    expect(error.code).toBe('invalid_url');
    expect(error.key).toBe('sync:errors.invalid_url');
  });

  it.each(['http://jejaring.kabupaten.go.id', 'http://192.168.1.10:8080'])(
    'rejects plain http to %s as insecure_url',
    async (serverUrl) => {
      const error = await rejection(enrollDevice({ serverUrl, code: 'ABC', label: 'HP' }));
      expect(error.code).toBe('insecure_url');
      expect(error.key).toBe('sync:errors.insecure_url');
    },
  );

  it('normalises: https or local http, no trailing slash, path kept', () => {
    expect(normaliseServerUrl('  https://Jejaring.Kabupaten.go.id/ ')).toBe(
      'https://jejaring.kabupaten.go.id',
    );
    expect(normaliseServerUrl('https://x.go.id/jejaring//')).toBe('https://x.go.id/jejaring');
    expect(normaliseServerUrl('http://localhost:8080')).toBe('http://localhost:8080');
    expect(normaliseServerUrl('http://127.0.0.1:9/')).toBe('http://127.0.0.1:9');
  });
});

describe('enrollment against the real server', () => {
  let server: RealServer;

  beforeAll(async () => {
    server = await startRealServer();
    await unlockPhone();
  });

  afterAll(async () => {
    await server?.close();
  });

  it('an unreachable server (closed port) is reported as unreachable', async () => {
    const port = await closedPort();
    const error = await rejection(
      enrollDevice({ serverUrl: `http://127.0.0.1:${port}`, code: 'ABCD', label: 'HP' }),
    );
    expect(error.code).toBe('unreachable');
  });

  it('a server that never answers times out as unreachable', async () => {
    const hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', () => resolve()));
    const { port } = hanging.address() as AddressInfo;
    try {
      const error = await rejection(
        enrollDeviceWith(
          {
            fetch,
            timeoutMs: 100,
            createDeviceKey: createDeviceKeyPair,
            saveEnrollment: async () => undefined,
            clearPause: async () => undefined,
          },
          { serverUrl: `http://127.0.0.1:${port}`, code: 'ABCD', label: 'HP' },
        ),
      );
      expect(error.code).toBe('unreachable');
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });

  it('an unknown, used or expired code is enrollment_code_invalid and stores nothing', async () => {
    const before = await getEnrollment();
    const unknown = await rejection(
      enrollDevice({ serverUrl: server.url, code: 'NOPE2345', label: 'HP' }),
    );
    expect(unknown.code).toBe('enrollment_code_invalid');

    const expired = await rejection(
      enrollDevice({
        serverUrl: server.url,
        code: await server.expiredEnrollmentCode(),
        label: 'HP',
      }),
    );
    expect(expired.code).toBe('enrollment_code_invalid');
    expect(expired.key).toBe('sync:errors.enrollment_code_invalid');
    expect(await getEnrollment()).toEqual(before);
  });

  it('success stores the normalised address, device id and token, and clears the pause', async () => {
    await saveSyncMeta({ paused: 'needs_enrollment', lastSyncAt: '2026-11-29T01:00:00.000Z' });
    const code = await server.enrollmentCode(1);
    const enrollment = await enrollDevice({ serverUrl: `${server.url}/`, code, label: 'HP kader' });
    expect(enrollment.serverUrl).toBe(server.url);
    expect(enrollment.deviceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(enrollment.token.length).toBeGreaterThanOrEqual(43);
    const { district, ...stored } = enrollment;
    expect(await getEnrollment()).toEqual(stored);
    expect(await getSyncMeta()).toEqual({ lastSyncAt: '2026-11-29T01:00:00.000Z' });
    // The device key was made here and kept (private half encrypted); the server answered the
    // district's keys (none registered on this server yet).
    const deviceKey = await getDeviceKey();
    expect(deviceKey?.privateJwk.d).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(district.keys).toEqual([]);
    expect(await getDistrict()).toEqual(district);

    // The code was single-use: a second phone cannot reuse it.
    const used = await rejection(enrollDevice({ serverUrl: server.url, code, label: 'HP 2' }));
    expect(used.code).toBe('enrollment_code_invalid');
  });

  it('while the vault is locked nothing is sent, so the code is not spent', async () => {
    const code = await server.enrollmentCode(1);
    lockVault();
    try {
      const error = await rejection(enrollDevice({ serverUrl: server.url, code, label: 'HP' }));
      expect(error.code).toBe('vault_locked');
    } finally {
      await unlockVault(TEST_PIN);
    }
    await expect(enrollDevice({ serverUrl: server.url, code, label: 'HP' })).resolves.toMatchObject(
      {
        serverUrl: server.url,
      },
    );
  });
});

describe('server answers mapped to SyncError codes', () => {
  const ports = (status: number, body: string, headers: Record<string, string> = {}) => ({
    fetch: (async () => new Response(body, { status, headers })) as typeof fetch,
    createDeviceKey: createDeviceKeyPair,
    saveEnrollment: async () => {
      throw new Error('must not store');
    },
    clearPause: async () => undefined,
  });
  const input = { serverUrl: 'https://jejaring.kabupaten.go.id', code: 'ABCD', label: 'HP' };

  it.each([
    [403, '{"error":{"code":"enrollment_code_invalid","message":"x"}}', 'enrollment_code_invalid'],
    [429, '{"error":{"code":"rate_limited","message":"x"}}', 'rate_limited'],
    [500, 'oops', 'server_error'],
    [503, '', 'server_error'],
    [404, 'not found', 'server_error'],
    [201, '<html>captive portal</html>', 'server_error'],
    [201, '{"deviceId":"d"}', 'server_error'],
    // A v1 answer (no district): a server that does not speak contract v2.
    [201, '{"deviceId":"d","token":"t"}', 'server_error'],
  ])('%i %s → %s', async (status, body, code) => {
    const error = await rejection(enrollDeviceWith(ports(status, body), input));
    expect(error.code).toBe(code);
  });
});

describe('the v2 enroll body', () => {
  it('carries the public half of a key made on the phone, never the private half', async () => {
    let sent: Record<string, unknown> | undefined;
    const pair = await createDeviceKeyPair();
    const saved: unknown[] = [];
    const result = await enrollDeviceWith(
      {
        fetch: (async (_url: string, init?: RequestInit) => {
          sent = JSON.parse(String(init?.body)) as Record<string, unknown>;
          return new Response(
            JSON.stringify({
              deviceId: 'dev-1',
              token: 'tok',
              district: { name: 'Kabupaten Contoh', keys: [] },
            }),
            { status: 201 },
          );
        }) as typeof fetch,
        createDeviceKey: async () => pair,
        saveEnrollment: async (e, device) => void saved.push(e, device),
        clearPause: async () => undefined,
      },
      { serverUrl: 'https://jejaring.kabupaten.go.id', code: ' K7M2Q ', label: ' HP ' },
    );
    expect(sent).toEqual({
      code: 'K7M2Q',
      label: 'HP',
      devicePublicKey: { kty: 'EC', crv: 'P-256', x: pair.publicJwk.x, y: pair.publicJwk.y },
    });
    expect(JSON.stringify(sent)).not.toContain(String(pair.privateJwk.d));
    expect(result.district.name).toBe('Kabupaten Contoh');
    expect(saved[1]).toEqual({ key: pair, district: { name: 'Kabupaten Contoh', keys: [] } });
  });
});
