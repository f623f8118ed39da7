// Two server processes on one database behave as one server: a record pushed to both at once is
// stored once; the per-device push rate and in-flight bound hold across them (admission counts in
// the database); a SIGKILL of one replica mid-push loses no acknowledged record. The PostgreSQL run
// is the deployment this is for; the SQLite run checks the same on one file shared by two
// processes (WAL), with ADMISSION_STORE=database as an operator would set it there.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PushResult, RecordEnvelope } from '../../src/domain/envelope';
import { dataKeyFromBytes } from '../../src/server/crypto';
import { openDatabase } from '../../src/server/db';
import { createEnrollmentCode } from '../../src/server/devices';
import type { EnvelopeV2, PushResultV2 } from '../../src/domain/contract';
import { exportPublicJwk } from '../../src/crypto/seal';
import { registerDistrictKey } from '../../src/server/districtKeys';
import { newKeyHolder, sealedEnvelope } from './coordinator';
import { envelope, tempDir } from './helpers';
import { spawnServer, type ServerProcess } from './processes';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

let temp: ReturnType<typeof tempDir>;
let env: Record<string, string>;
const rawKey = randomBytes(32);
let replicas: ServerProcess[] = [];

beforeEach(() => {
  temp = tempDir();
  env = {
    DATA_DIR: temp.dir,
    DATA_KEY: rawKey.toString('base64'),
    STATIC_DIR: path.join(temp.dir, 'web'),
    LOG_LEVEL: 'warn',
    ADMISSION_STORE: 'database',
  };
});
afterEach(async () => {
  for (const replica of replicas) {
    if (replica.child.exitCode === null && replica.child.signalCode === null) {
      replica.child.kill('SIGKILL');
      await replica.exit;
    }
  }
  replicas = [];
  temp.remove();
});

async function startReplicas(count: number, extra: Record<string, string> = {}) {
  // One at a time: the first migrates the database, the next finds it migrated.
  for (let i = 0; i < count; i += 1) replicas.push(await spawnServer({ ...env, ...extra }));
  return replicas;
}

async function enroll(url: string, label: string): Promise<string> {
  const opened = await openDatabase(temp.dir);
  const { code } = await createEnrollmentCode(opened.db, dataKeyFromBytes(rawKey), {
    uses: 1,
    expiresInHours: 1,
  });
  await opened.close();
  const response = await fetch(`${url}/api/v1/devices/enroll`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, label }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

async function pushTo(
  url: string,
  token: string,
  records: RecordEnvelope[],
): Promise<{ status: number; results: PushResult[]; code?: string }> {
  const response = await fetch(`${url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ records }),
  });
  const body = (await response.json()) as { results?: PushResult[]; error?: { code: string } };
  return { status: response.status, results: body.results ?? [], code: body.error?.code };
}

/** An upload that sends a few bytes and then holds its connection open until finish(). */
function stalledUpload(url: string, token: string, records: RecordEnvelope[]) {
  const body = Buffer.from(JSON.stringify({ records }));
  const target = new URL(`${url}/api/v1/sync/push`);
  let request!: http.ClientRequest;
  const answer = new Promise<number>((resolve, reject) => {
    request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': body.length,
          Authorization: `Bearer ${token}`,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
  });
  request.write(body.subarray(0, 10));
  return { answer, finish: () => request.end(body.subarray(10)) };
}

async function revisionCounts(): Promise<Map<string, number>> {
  const opened = await openDatabase(temp.dir);
  try {
    const rows = await opened.db.selectFrom('record_revisions').select(['id', 'rev']).execute();
    const counts = new Map<string, number>();
    for (const row of rows) {
      const key = `${row.id}#${Number(row.rev)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  } finally {
    await opened.close();
  }
}

async function pushV2To(url: string, token: string, records: EnvelopeV2[]) {
  const response = await fetch(`${url}/api/v2/sync/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ records }),
  });
  const body = (await response.json()) as { results?: PushResultV2[] };
  return { status: response.status, results: body.results ?? [] };
}

describe('two replicas on one database', () => {
  it('store a sealed (v2) record pushed to both at once exactly once', async () => {
    const [a, b] = await startReplicas(2);
    const district = await newKeyHolder();
    const opened = await openDatabase(temp.dir);
    await registerDistrictKey(opened.db, await exportPublicJwk(district.recipient.publicKey));
    await opened.close();
    const token = await enroll(a!.url, 'ganda v2');
    const otherToken = await enroll(b!.url, 'lain v2');
    const sent: EnvelopeV2[] = [];
    for (let round = 0; round < 4; round += 1) {
      const batch = await Promise.all(
        Array.from({ length: 30 }, () => sealedEnvelope([district.recipient])),
      );
      sent.push(...batch);
      const [fromA, fromB, fromOther] = await Promise.all([
        pushV2To(a!.url, token, batch),
        pushV2To(b!.url, token, batch),
        pushV2To(b!.url, otherToken, batch.slice(0, 5)),
      ]);
      expect([fromA.status, fromB.status, fromOther.status]).toEqual([200, 200, 200]);
      batch.forEach((_record, i) => {
        const answers = [fromA.results[i]?.status, fromB.results[i]?.status];
        const other = i < 5 ? fromOther.results[i] : undefined;
        const all = other === undefined ? answers : [...answers, other.status];
        expect(all.filter((status) => status === 'stored')).toHaveLength(1);
        // Whoever lost saw the winner's row: the owner's second push a duplicate (never a
        // conflict), the other device forbidden — or the owner forbidden if the other won.
        const otherWon = other?.status === 'stored';
        for (const result of [fromA.results[i], fromB.results[i]]) {
          if (otherWon)
            expect(result?.status === 'rejected' && result.error.code).toBe('forbidden');
          else expect(['stored', 'duplicate']).toContain(result?.status);
        }
        if (other !== undefined && !otherWon) {
          expect(other.status === 'rejected' && other.error.code).toBe('forbidden');
        }
      });
    }
    const check = await openDatabase(temp.dir);
    try {
      const rows = await check.db.selectFrom('sealed_revisions').select(['id', 'rev']).execute();
      const current = await check.db.selectFrom('sealed_current').select('id').execute();
      expect(rows).toHaveLength(sent.length);
      expect(new Set(rows.map((row) => row.id))).toEqual(new Set(sent.map((e) => e.id)));
      expect(current).toHaveLength(sent.length);
    } finally {
      await check.close();
    }
  });

  it('store a record pushed to both at once exactly once, and answer duplicate to the second', async () => {
    const [a, b] = await startReplicas(2);
    const token = await enroll(a!.url, 'ganda');
    const otherToken = await enroll(b!.url, 'lain');
    const sent: RecordEnvelope[] = [];
    for (let round = 0; round < 5; round += 1) {
      const batch = Array.from({ length: 40 }, () => envelope());
      sent.push(...batch);
      const [fromA, fromB, fromOther] = await Promise.all([
        pushTo(a!.url, token, batch),
        pushTo(b!.url, token, batch),
        // Another device racing for the same new ids: it must never become their owner twice.
        pushTo(b!.url, otherToken, batch.slice(0, 5)),
      ]);
      expect([fromA.status, fromB.status, fromOther.status]).toEqual([200, 200, 200]);
      batch.forEach((_record, i) => {
        const answers = [fromA.results[i]?.status, fromB.results[i]?.status];
        const other = i < 5 ? fromOther.results[i]?.status : undefined;
        const all = other === undefined ? answers : [...answers, other];
        // Exactly one push stored it; the others saw it already there.
        expect(all.filter((s) => s === 'stored')).toHaveLength(1);
        if (other !== undefined && other !== 'stored') expect(other).toBe('rejected');
      });
    }
    const counts = await revisionCounts();
    for (const record of sent) expect(counts.get(`${record.id}#1`)).toBe(1);
    expect(counts.size).toBe(sent.length);
  });

  it('share one push rate and one in-flight bound per device', async () => {
    // The rate counts per clock minute: start early in one, so the test does not straddle two.
    while (new Date().getSeconds() > 40) await new Promise((resolve) => setTimeout(resolve, 500));
    const [a, b] = await startReplicas(2, {
      PUSH_RATE_PER_MINUTE: '6',
      PUSH_IN_FLIGHT_PER_DEVICE: '2',
    });
    const token = await enroll(a!.url, 'kuota');
    // In flight: two uploads held open on A leave no place for a third on B.
    const held = [
      stalledUpload(a!.url, token, [envelope()]),
      stalledUpload(a!.url, token, [envelope()]),
    ];
    await new Promise((resolve) => setTimeout(resolve, 500));
    const third = await pushTo(b!.url, token, [envelope()]);
    expect(third.status).toBe(429);
    expect(third.code).toBe('device_busy');
    held.forEach((upload) => upload.finish());
    expect(await Promise.all(held.map((upload) => upload.answer))).toEqual([200, 200]);
    // Rate: 6 per minute in total, whichever replica is asked (the 2 held ones counted; the
    // refused third did not get that far).
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      statuses.push((await pushTo(i % 2 === 0 ? b!.url : a!.url, token, [envelope()])).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('lose no acknowledged record when one replica is SIGKILLed mid-push', async () => {
    const [a, b] = await startReplicas(2);
    const token = await enroll(a!.url, 'tahan');
    const acknowledged = new Set<string>();
    let killed = false;
    const pushLoop = async (url: string, rounds: number) => {
      for (let i = 0; i < rounds; i += 1) {
        const batch = Array.from({ length: 20 }, () => envelope());
        try {
          const answer = await pushTo(url, token, batch);
          if (answer.status !== 200) continue;
          answer.results.forEach((result) => {
            if (result.status === 'stored' || result.status === 'duplicate')
              acknowledged.add(`${result.id}#${result.rev}`);
          });
        } catch {
          // The killed replica's connection dropped: nothing was acknowledged by it.
          if (!killed) throw new Error('push failed before the kill');
        }
      }
    };
    const loops = [pushLoop(a!.url, 30), pushLoop(b!.url, 30)];
    await new Promise((resolve) => setTimeout(resolve, 400 + Math.random() * 800));
    killed = true;
    a!.child.kill('SIGKILL');
    await a!.exit;
    await Promise.all(loops);
    expect(acknowledged.size).toBeGreaterThan(0);
    // The surviving replica still serves pushes.
    expect((await pushTo(b!.url, token, [envelope()])).status).toBe(200);
    const counts = await revisionCounts();
    for (const key of acknowledged) expect(counts.get(key), key).toBe(1);
  });
});
