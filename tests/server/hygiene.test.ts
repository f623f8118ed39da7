// Hygiene: no dotfile served; HSTS and Permissions-Policy behind TLS; the enrollment limit keys
// IPv6 by /64, has a global cap, and trusts X-Forwarded-For only as far as TRUST_PROXY says; files
// in DATA_DIR are created 0600; a client aborting an upload is logged as such, not as a 500.
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forwardedClient, rateLimitKey } from '../../src/server/httpApp';
import { parseTrustProxy, startServer } from '../../src/server/main';
import {
  createTestApp,
  enrollDevice,
  envelope,
  tempDir,
  TEST_DIALECT,
  type TestApp,
} from './helpers';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('static files', () => {
  it('never serves a dotfile or anything in a dot-folder', async () => {
    const web = tempDir('jejaring-web-');
    try {
      writeFileSync(path.join(web.dir, 'index.html'), '<!doctype html><title>app</title>');
      writeFileSync(path.join(web.dir, '.env'), 'SECRET=1');
      mkdirSync(path.join(web.dir, '.git'));
      writeFileSync(path.join(web.dir, '.git', 'config.json'), '{"secret":1}');
      t = await createTestApp({ staticDir: web.dir });
      for (const url of ['/.env', '/.git/config.json', '/%2eenv']) {
        const response = await t.app.request(url);
        expect(await response.text(), url).not.toContain('SECRET');
      }
      expect((await t.app.request('/.git/config.json')).status).toBe(404);
    } finally {
      web.remove();
    }
  });
});

describe('headers behind TLS', () => {
  it('always sends Permissions-Policy; HSTS only behind TLS', async () => {
    t = await createTestApp({ trustProxy: 1 });
    const plain = await t.app.request('/api/v1/health');
    expect(plain.headers.get('permissions-policy')).toContain('camera=()');
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const viaTls = await t.app.request('/api/v1/health', {
      headers: { 'X-Forwarded-Proto': 'https' },
    });
    expect(viaTls.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    await t.close();
    // Without a trusted proxy the header is the client's word: no HSTS from it.
    t = await createTestApp({});
    const untrusted = await t.app.request('/api/v1/health', {
      headers: { 'X-Forwarded-Proto': 'https' },
    });
    expect(untrusted.headers.get('strict-transport-security')).toBeNull();
    await t.close();
    t = await createTestApp({ tlsProxy: true });
    expect((await t.app.request('/')).headers.get('strict-transport-security')).not.toBeNull();
  });
});

describe('client addresses for rate limits', () => {
  it('keys IPv6 by /64 and IPv4 as is', () => {
    expect(rateLimitKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('2001:db8:1:2:ffff:ffff:ffff:fffe')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(rateLimitKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(rateLimitKey('192.0.2.7')).toBe('192.0.2.7');
    expect(rateLimitKey(undefined)).toBe('unknown');
  });

  it('takes X-Forwarded-For only as far as TRUST_PROXY proxies', () => {
    expect(forwardedClient('6.6.6.6, 1.1.1.1, 10.0.0.2', 1)).toBe('10.0.0.2');
    expect(forwardedClient('6.6.6.6, 1.1.1.1, 10.0.0.2', 2)).toBe('1.1.1.1');
    expect(forwardedClient(undefined, 1)).toBeUndefined();
    expect(parseTrustProxy(undefined)).toBe(0);
    expect(parseTrustProxy('true')).toBe(1);
    expect(parseTrustProxy('2')).toBe(2);
    expect(() => parseTrustProxy('many')).toThrow(/TRUST_PROXY/);
  });

  it('counts the addresses of one IPv6 /64 together, and caps all enrollments', async () => {
    t = await createTestApp({
      trustProxy: 1,
      rateLimits: { enroll: { limit: 2, windowMs: 60_000 } },
      enrollGlobalPerMinute: 5,
    });
    const enroll = (address: string) =>
      t!.app.request('/api/v1/devices/enroll', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address },
        body: JSON.stringify({ code: 'AAAAA-AAAAA' }),
      });
    expect((await enroll('2001:db8:1:2::1')).status).toBe(403);
    expect((await enroll('2001:db8:1:2::2')).status).toBe(403);
    // A third address of the same /64 is the same subscriber.
    expect((await enroll('2001:db8:1:2::3')).status).toBe(429);
    expect((await enroll('2001:db8:9:9::1')).status).toBe(403);
    expect((await enroll('192.0.2.1')).status).toBe(403);
    // The global cap (5 attempts per minute, refused ones included) holds whatever the address.
    expect((await enroll('192.0.2.3')).status).toBe(429);
  });
});

describe('DATA_DIR', () => {
  it('gets only files readable by the server user (0600)', async () => {
    t = await createTestApp();
    await enrollDevice(t);
    const files = readdirSync(t.dir).filter((name) => statSync(path.join(t!.dir, name)).isFile());
    if (TEST_DIALECT === 'sqlite') expect(files).toContain('jejaring.sqlite');
    for (const name of files) {
      expect(statSync(path.join(t.dir, name)).mode & 0o077, name).toBe(0);
    }
    expect(statSync(t.dir).mode & 0o077).toBe(0);
  });
});

describe('a client aborting an upload', () => {
  it('is logged as an abort, not as a 500 with a stack', async () => {
    const temp = tempDir();
    const logs: string[] = [];
    const spies = (['info', 'warn', 'error'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((line: unknown) => {
        logs.push(String(line));
      }),
    );
    const server = await startServer({
      dataDir: temp.dir,
      staticDir: null,
      port: 0,
      dataKey: Buffer.alloc(32, 4),
      logLevel: 'info',
      v1Push: 'accept',
    });
    try {
      const opened = (await import('../../src/server/db')).openDatabase;
      const db = await opened(temp.dir);
      const { createEnrollmentCode } = await import('../../src/server/devices');
      const { dataKeyFromBytes } = await import('../../src/server/crypto');
      const { code } = await createEnrollmentCode(db.db, dataKeyFromBytes(Buffer.alloc(32, 4)), {
        uses: 1,
        expiresInHours: 1,
      });
      await db.close();
      const enrolled = await fetch(`${server.url}/api/v1/devices/enroll`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code }),
      });
      const { token } = (await enrolled.json()) as { token: string };
      const body = Buffer.from(JSON.stringify({ records: [envelope(), envelope()] }));
      const url = new URL(`${server.url}/api/v1/sync/push`);
      await new Promise<void>((resolve) => {
        const request = http.request({
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': body.length,
            Authorization: `Bearer ${token}`,
          },
        });
        request.on('error', () => resolve());
        request.write(body.subarray(0, 100));
        setTimeout(() => {
          request.destroy();
          resolve();
        }, 300);
      });
      // Wait until the server noticed.
      for (let i = 0; i < 50 && !logs.some((l) => l.includes('client_aborted')); i += 1)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(logs.some((l) => l.includes('client_aborted'))).toBe(true);
      expect(logs.some((l) => l.includes('"status":500'))).toBe(false);
      expect(logs.some((l) => l.includes('"error"'))).toBe(false);
    } finally {
      await server.close();
      spies.forEach((spy) => spy.mockRestore());
      temp.remove();
    }
  });
});

describe('operators', () => {
  it('/metrics: Prometheus text with pushes by result, latency, bytes, queue, DB size; token-protected', async () => {
    t = await createTestApp({ opsToken: 'ops-secret-token-123' });
    const { token } = await enrollDevice(t);
    const pushed = await t.app.request('/api/v1/sync/push', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ records: [envelope()] }),
    });
    expect(pushed.status).toBe(200);
    expect((await t.app.request('/metrics')).status).toBe(404);
    const scraped = await t.app.request('/metrics', {
      headers: { Authorization: 'Bearer ops-secret-token-123' },
    });
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    expect(text).toContain('jejaring_pushes_total{result="ok"} 1');
    expect(text).toMatch(/jejaring_push_duration_seconds_bucket\{le="\+Inf"\} 1/);
    expect(text).toMatch(/jejaring_push_bytes_total [1-9]\d*/);
    expect(text).toContain('jejaring_push_queue_depth 0');
    expect(text).toMatch(/jejaring_database_size_bytes \d+/);
    expect(text).not.toContain(token);
  });

  it('deep health check: integrity and counts, only with the operator token', async () => {
    t = await createTestApp({
      opsToken: 'ops-secret-token-123',
      integrityProblems: async () => [],
    });
    expect((await t.app.request('/api/v1/health/deep')).status).toBe(401);
    const deep = await t.app.request('/api/v1/health/deep', {
      headers: { Authorization: 'Bearer ops-secret-token-123' },
    });
    expect(deep.status).toBe(200);
    expect(await deep.json()).toMatchObject({ status: 'ok', integrity: 'ok', records: 0 });
    await t.close();
    t = await createTestApp({
      opsToken: 'ops-secret-token-123',
      integrityProblems: async () => ['page 7: btree corrupt'],
    });
    const failing = await t.app.request('/api/v1/health/deep', {
      headers: { Authorization: 'Bearer ops-secret-token-123' },
    });
    expect(failing.status).toBe(503);
  });
});
