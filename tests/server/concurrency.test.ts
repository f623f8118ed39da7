// Many overlapping pushes at once over a real HTTP listener: several devices resend the same
// (id, rev)s, older revs arrive after newer ones, some push ids they do not own. Each (id, rev) is
// stored exactly once, the current view is the highest rev, and every answer agrees with that.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PushResult } from '../../src/domain/envelope';
import { dataKeyFromBytes } from '../../src/server/crypto';
import { DATABASE_FILE_NAME, openDatabase, type OpenedDatabase } from '../../src/server/db';
import { createEnrollmentCode } from '../../src/server/devices';
import { startServer, type RunningServer } from '../../src/server/main';
import { envelope, tempDir, TEST_DIALECT } from './helpers';

// The machine is shared (2 cores): allow for slow fsyncs and process start-up under load.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const DEVICES = 4;
const IDS_PER_DEVICE = 12;
const MAX_REV = 4;
const PUSHES = 80;

let temp: ReturnType<typeof tempDir>;
let server: RunningServer;
const rawKey = randomBytes(32);

beforeAll(async () => {
  temp = tempDir();
  server = await startServer({
    dataDir: temp.dir,
    port: 0,
    staticDir: null,
    dataKey: rawKey,
    logLevel: 'silent',
    v1Push: 'accept',
    rateLimits: { push: { limit: 100_000, windowMs: 60_000 } },
    // All PUSHES race at once here to test ingest's isolation, not the 429 for load (contract.test.ts).
    maxConcurrentPushes: PUSHES,
    // Each device here sends a fifth of all pushes at once: lift the per-device bound too.
    admission: { perDeviceInFlight: PUSHES },
  });
});
afterAll(async () => {
  await server.close();
  temp.remove();
});

/** Deterministic PRNG so a failure can be replayed from the printed seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe('concurrent overlapping pushes', () => {
  it(
    'store each (id, rev) exactly once and keep the highest rev current',
    { timeout: 30_000 },
    async () => {
      const seed = Date.now() % 1_000_000;
      const random = prng(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

      // Enroll devices in the same database while the server runs (as the admin CLI would).
      const enrolling = await openDatabase(temp.dir);
      const tokens: string[] = [];
      for (let i = 0; i < DEVICES; i += 1) {
        const { code } = await createEnrollmentCode(enrolling.db, dataKeyFromBytes(rawKey), {
          uses: 1,
          expiresInHours: 1,
        });
        const response = await fetch(`${server.url}/api/v1/devices/enroll`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ code, label: `device ${i}` }),
        });
        expect(response.status).toBe(201);
        tokens.push(((await response.json()) as { token: string }).token);
      }
      await enrolling.close();

      // Each (id, rev) has one fixed content, so every resend is an exact duplicate.
      const ids = Array.from({ length: DEVICES }, () =>
        Array.from({ length: IDS_PER_DEVICE }, () => randomUUID()),
      );
      const versions = new Map<string, ReturnType<typeof envelope>>();
      const versionOf = (id: string, rev: number) => {
        const key = `${id}#${rev}`;
        let value = versions.get(key);
        if (!value) {
          value = envelope({
            id,
            rev,
            updatedAt: `2026-11-30T10:${String(rev).padStart(2, '0')}:00+07:00`,
          });
          versions.set(key, value);
        }
        return value;
      };

      const pushes = Array.from({ length: PUSHES }, () => {
        const device = Math.floor(random() * DEVICES);
        const records = Array.from({ length: 1 + Math.floor(random() * 15) }, () => {
          // Mostly own ids; sometimes another device's (must be forbidden once owned).
          const owner = random() < 0.9 ? device : Math.floor(random() * DEVICES);
          return versionOf(pick(ids[owner]!), 1 + Math.floor(random() * MAX_REV));
        });
        return { device, records };
      });

      const answers = await Promise.all(
        pushes.map(async ({ device, records }) => {
          const response = await fetch(`${server.url}/api/v1/sync/push`, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              Authorization: `Bearer ${tokens[device]}`,
            },
            body: JSON.stringify({ records }),
          });
          expect(response.status, `seed ${seed}`).toBe(200);
          const { results } = (await response.json()) as { results: PushResult[] };
          return { device, records, results };
        }),
      );

      const admin: OpenedDatabase = await openDatabase(temp.dir);
      const db = admin.db;
      try {
        const revisions = await db
          .selectFrom('record_revisions')
          .select(['id', 'rev', 'device_id', 'content_hash'])
          .execute();
        const current = await db
          .selectFrom('records_current')
          .select(['id', 'rev', 'device_id'])
          .execute();
        const deviceIds = await db
          .selectFrom('devices')
          .select('id')
          .orderBy('enrolled_at')
          .execute();
        expect(deviceIds).toHaveLength(DEVICES);

        const revisionKeys = revisions.map((r) => `${r.id}#${Number(r.rev)}`);
        expect(new Set(revisionKeys).size, `seed ${seed}`).toBe(revisionKeys.length);

        // Who answered what, per (id, rev).
        const firstAccepts = new Map<string, number>();
        const tokenDevice = new Map<number, string>();
        for (const { device, records, results } of answers) {
          expect(results.map((r) => [r.id, r.rev])).toEqual(records.map((r) => [r.id, r.rev]));
          for (const result of results) {
            const key = `${result.id}#${result.rev}`;
            if (result.status === 'stored' || result.status === 'stale') {
              firstAccepts.set(key, (firstAccepts.get(key) ?? 0) + 1);
            }
            if (result.status !== 'rejected') {
              const owner = current.find((c) => c.id === result.id)!.device_id;
              const known = tokenDevice.get(device);
              if (known) expect(known).toBe(owner);
              tokenDevice.set(device, owner);
            } else {
              expect(result.error?.code, `seed ${seed}`).toBe('forbidden');
            }
          }
        }
        // Every stored revision was announced as new exactly once, and nothing else was.
        expect([...firstAccepts.keys()].sort()).toEqual([...revisionKeys].sort());
        expect(
          [...firstAccepts.values()].every((count) => count === 1),
          `seed ${seed}`,
        ).toBe(true);

        for (const row of current) {
          const own = revisions.filter((r) => r.id === row.id);
          expect(Number(row.rev)).toBe(Math.max(...own.map((r) => Number(r.rev))));
          expect(new Set(own.map((r) => r.device_id))).toEqual(new Set([row.device_id]));
        }
        // Every acknowledged (id, rev) is in the history.
        for (const { results } of answers) {
          for (const result of results) {
            if (result.status !== 'rejected')
              expect(revisionKeys).toContain(`${result.id}#${result.rev}`);
          }
        }
      } finally {
        await admin.close();
      }
    },
  );
});

describe('a body over 1 MiB over real HTTP', () => {
  /** Sends a body with or without Content-Length (chunked) and returns the status and JSON answer. */
  function send(
    body: Buffer,
    withLength: boolean,
    token: string,
  ): Promise<{ status: number; json: unknown }> {
    return new Promise((resolve, reject) => {
      const request = http.request(new URL('/api/v1/sync/push', server.url), {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
          ...(withLength ? { 'Content-Length': String(body.length) } : {}),
        },
      });
      request.on('response', (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, json: JSON.parse(text) }),
        );
      });
      request.on('error', reject);
      for (let offset = 0; offset < body.length; offset += 64 * 1024)
        request.write(body.subarray(offset, offset + 64 * 1024));
      request.end();
    });
  }

  it(
    'is answered 413 that the client can read, declared or streamed',
    { timeout: 30_000 },
    async () => {
      const enrolling = await openDatabase(temp.dir);
      const { code } = await createEnrollmentCode(enrolling.db, dataKeyFromBytes(rawKey), {
        uses: 1,
        expiresInHours: 1,
      });
      await enrolling.close();
      const enrolled = await fetch(`${server.url}/api/v1/devices/enroll`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code, label: 'big' }),
      });
      const { token } = (await enrolled.json()) as { token: string };
      const records = Array.from({ length: 150 }, () =>
        envelope({ payload: { note: 'x'.repeat(8000) } }),
      );
      const body = Buffer.from(JSON.stringify({ records }));
      expect(body.length).toBeGreaterThan(1024 * 1024);
      for (const withLength of [true, false]) {
        const answer = await send(body, withLength, token);
        expect(answer.status).toBe(413);
        expect(answer.json).toEqual({
          error: { code: 'payload_too_large', message: expect.any(String) },
        });
      }
      // An unknown token is refused before the body is read, whatever its size.
      expect((await send(body, false, 'x'.repeat(43))).status).toBe(401);
    },
  );
});

describe('startServer', () => {
  it('rejects when the port is taken, closing the database it opened', async () => {
    const other = tempDir();
    try {
      const port = Number(new URL(server.url).port);
      await expect(
        startServer({
          dataDir: other.dir,
          port,
          staticDir: null,
          dataKey: rawKey,
          logLevel: 'silent',
        }),
      ).rejects.toThrow(/EADDRINUSE/);
      if (TEST_DIALECT === 'sqlite') {
        // Closed cleanly: closing checkpoints and removes the WAL; a half-open connection keeps it.
        expect(existsSync(path.join(other.dir, `${DATABASE_FILE_NAME}-wal`))).toBe(false);
        expect(existsSync(path.join(other.dir, DATABASE_FILE_NAME))).toBe(true);
      } else {
        // Closed cleanly: no connection of the failed start is left on the database.
        const probe = new pg.Client({ connectionString: other.databaseUrl });
        await probe.connect();
        try {
          const { rows } = await probe.query<{ n: string }>(
            'select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
          );
          expect(Number(rows[0]?.n)).toBe(0);
        } finally {
          await probe.end();
        }
      }
    } finally {
      other.remove();
    }
  });
});
