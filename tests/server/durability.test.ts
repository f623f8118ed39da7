// A record answered `stored` or `duplicate` is committed: it survives the server process being
// killed (SIGKILL) at any moment, with other pushes in flight. And SIGTERM shuts down gracefully.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PushResult, RecordEnvelope } from '../../src/domain/envelope';
import { dataKeyFromBytes, unseal } from '../../src/server/crypto';
import { openDatabase } from '../../src/server/db';
import { createEnrollmentCode } from '../../src/server/devices';
import { payloadContext } from '../../src/server/ingest';
import { envelope, examplePayload, tempDir } from './helpers';
import { spawnServer, type ServerProcess } from './processes';

// The machine is shared (2 cores): allow for slow fsyncs and process start-up under load.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let temp: ReturnType<typeof tempDir>;
let env: Record<string, string>;
const rawKey = randomBytes(32);
let running: ServerProcess | undefined;

beforeEach(() => {
  temp = tempDir();
  env = {
    DATA_DIR: temp.dir,
    DATA_KEY: rawKey.toString('base64'),
    // These tests push through the v1 ingest (the default answers 410 upgrade_required).
    SYNC_V1_PUSH: 'accept',
    // Not the data folder: a DATA_DIR inside STATIC_DIR is refused at start.
    STATIC_DIR: path.join(temp.dir, 'web'),
  };
});
afterEach(async () => {
  if (running && running.child.exitCode === null && running.child.signalCode === null) {
    running.child.kill('SIGKILL');
    await running.exit;
  }
  running = undefined;
  temp.remove();
});

/** Enrolls a device against a running server, creating the code directly in its database. */
async function enroll(url: string): Promise<string> {
  const opened = await openDatabase(temp.dir);
  const { code } = await createEnrollmentCode(opened.db, dataKeyFromBytes(rawKey), {
    uses: 1,
    expiresInHours: 1,
  });
  await opened.close();
  const response = await fetch(`${url}/api/v1/devices/enroll`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, label: 'durability' }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

describe('durability', () => {
  it(
    'keeps every acknowledged record across SIGKILLs at random moments during concurrent pushes',
    { timeout: 90_000 },
    async () => {
      const acknowledged = new Map<string, RecordEnvelope>();
      running = await spawnServer(env);
      const token = await enroll(running.url);
      const cycles = 2;
      const lanes = 4;
      let counter = 0;

      for (let cycle = 0; cycle < cycles; cycle += 1) {
        const server = running;
        // Kill right after a random one of the next acknowledgements (the 2nd to the 6th), while
        // other lanes are mid-push. Never the 1st: two cycles of one push each (10 + 10) would
        // leave too few acknowledgements for the check below to mean anything.
        const killAfter = 2 + Math.floor(Math.random() * 5);
        let acksThisCycle = 0;
        let killed = false;
        const lane = async () => {
          while (!killed) {
            const fresh = Array.from({ length: 10 }, () =>
              envelope({ payload: { ...examplePayload(), name: `Orang ${(counter += 1)}` } }),
            );
            // Resends of acknowledged records must stay answered as duplicates.
            const resends = [...acknowledged.values()].slice(-2);
            const records = [...fresh, ...resends];
            let results: PushResult[];
            try {
              const response = await fetch(`${server.url}/api/v1/sync/push`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
                body: JSON.stringify({ records }),
              });
              if (response.status !== 200) throw new Error(`status ${response.status}`);
              results = ((await response.json()) as { results: PushResult[] }).results;
            } catch {
              return; // The server died mid-request: this push's outcome is unknown, as on a phone.
            }
            results.forEach((result, index) => {
              expect(['stored', 'duplicate']).toContain(result.status);
              acknowledged.set(`${result.id}#${result.rev}`, records[index]!);
            });
            acksThisCycle += 1;
            if (acksThisCycle === killAfter && !killed) {
              killed = true;
              server.child.kill('SIGKILL');
            }
          }
        };
        await Promise.all(Array.from({ length: lanes }, lane));
        if (!killed) server.child.kill('SIGKILL');
        expect((await server.exit).signal).toBe('SIGKILL');
        running = await spawnServer(env);
      }

      // The last server is still up: read through a second connection, as the admin CLI would.
      const opened = await openDatabase(temp.dir);
      try {
        const key = dataKeyFromBytes(rawKey);
        const rows = await opened.db.selectFrom('record_revisions').selectAll().execute();
        const byKey = new Map(rows.map((row) => [`${row.id}#${Number(row.rev)}`, row]));
        expect(acknowledged.size).toBeGreaterThan(cycles * 10);
        for (const [ack, record] of acknowledged) {
          const row = byKey.get(ack);
          expect(row, `acknowledged ${ack} is missing after SIGKILL`).toBeDefined();
          const payload = JSON.parse(
            unseal(key, row!.payload, payloadContext(record.id, record.rev)),
          ) as { name: string };
          expect(payload.name).toBe(record.payload.name);
        }
      } finally {
        await opened.close();
      }
    },
  );
});

describe('graceful shutdown', () => {
  it(
    'on SIGTERM stops accepting, finishes the in-flight push, closes the database and exits 0',
    { timeout: 60_000 },
    async () => {
      running = await spawnServer(env);
      const server = running;
      const token = await enroll(server.url);
      const record = envelope();
      const body = Buffer.from(JSON.stringify({ records: [record] }));
      const url = new URL('/api/v1/sync/push', server.url);

      const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const request = http.request(
          url,
          {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              'Content-Length': String(body.length),
              Authorization: `Bearer ${token}`,
            },
          },
          (response) => {
            let text = '';
            response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
          },
        );
        request.on('error', reject);
        // Half the body now, the rest after SIGTERM: the request is in flight during shutdown.
        request.write(body.subarray(0, 100));
        setTimeout(() => {
          server.child.kill('SIGTERM');
          setTimeout(() => {
            // New connections are refused once shutdown began.
            fetch(`${server.url}/api/v1/health`).then(
              () => reject(new Error('the server still accepted a new connection')),
              () => request.end(body.subarray(100)),
            );
          }, 300);
        }, 300);
      });

      const { status, text } = await answer;
      expect(status).toBe(200);
      expect((JSON.parse(text) as { results: PushResult[] }).results[0]?.status).toBe('stored');
      expect(await server.exit).toEqual({ code: 0, signal: null });
      expect(server.output()).toMatch(/SIGTERM/);

      // The database was closed cleanly and holds the record.
      const opened = await openDatabase(temp.dir);
      const row = await opened.db
        .selectFrom('records_current')
        .select('id')
        .where('id', '=', record.id)
        .executeTakeFirst();
      await opened.close();
      expect(row?.id).toBe(record.id);
    },
  );
});
