// Issue 12's measure, side by side in one run: contract v2 ingest and 100-record pushes at 1, 10
// and 50 devices on SQLite, on PostgreSQL with one replica and with two (two server processes on
// one database, the client spreading pushes over both as a load balancer would), the raw
// PostgreSQL floor, 50 devices arriving at random at half capacity (SQLite), and one slow device's
// effect on the other devices' p99. Starts and removes its own throwaway PostgreSQL cluster.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/server/db';
import { registerDistrictKey } from '../../src/server/districtKeys';
import {
  findPostgresBin,
  POSTGRES_INSTALL_ADVICE,
  startPostgresCluster,
  type PostgresCluster,
} from '../../tests/setup/postgresCluster';
import { makeSealedEnvelopes, makeSealedKit, type SealedKit } from '../lib/sealed';
import { startServerChild, type EnrolledDevice, type ServerChild } from '../lib/serverProcess';
import { summarize, type Summary } from '../lib/stats';
import { benchSealedIngest, type SealedIngestResult } from './ingest';
import {
  benchSealedIngestPostgres,
  freshPostgresDatabase,
  type PostgresIngestResult,
} from './ingestPostgres';
import {
  benchOpenLoop,
  benchPush,
  pushOnce,
  PUSH_V2,
  type ConcurrencyLevelResult,
  type OpenLoopResult,
} from './push';

export interface ScaleBackend {
  name: string;
  engine: 'sqlite' | 'postgres';
  replicas: number;
  levels: ConcurrencyLevelResult[];
}

export interface SlowDeviceResult {
  devices: number;
  pushesPerDevice: number;
  /** The other devices' push latencies without, then with, one device trickling its bodies. */
  without: Summary;
  with: Summary;
  /** with.p99 / without.p99 − 1 (target ≤ 0.10). */
  p99Change: number;
  /** How long each slow body took to arrive, and how many the slow device completed. */
  slowBodySeconds: number;
  slowPushesStored: number;
}

export interface ScaleResult {
  recordsPerPush: number;
  postgres: { version: string; fsync: boolean };
  backends: ScaleBackend[];
  ingestSqlite?: SealedIngestResult;
  ingestPostgres?: PostgresIngestResult;
  /** 50 devices pushing at random times at half the 1-device capacity, SQLite. */
  openLoop?: OpenLoopResult;
  slowDevice?: SlowDeviceResult;
}

export const SCALE_LEVELS = [1, 10, 50] as const;

/** The advice printed when PostgreSQL is missing (the bench fails instead of leaving rows out). */
export const BENCH_POSTGRES_ADVICE = `The server-scale benchmark compares SQLite with PostgreSQL. ${POSTGRES_INSTALL_ADVICE}`;

/** Registers the kit's district key through one process's connection to the database. */
async function registerKey(server: ServerChild, databaseUrl: string, kit: SealedKit) {
  const opened = await openDatabase(server.dataDir, { databaseUrl });
  try {
    await registerDistrictKey(opened.db, kit.publicJwk);
  } finally {
    await opened.close();
  }
}

/**
 * `replicas` server processes on one database: SQLite in the first one's DATA_DIR (replicas = 1),
 * or the PostgreSQL database `databaseUrl`.
 */
async function startBackend(
  bundle: string,
  replicas: number,
  databaseUrl: string,
): Promise<ServerChild[]> {
  const dataKey = randomBytes(32);
  const servers: ServerChild[] = [];
  try {
    // One at a time: the first migrates, the next finds the schema ready.
    for (let i = 0; i < replicas; i += 1)
      servers.push(await startServerChild({ bundle, databaseUrl, dataKey }));
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
  return servers;
}

async function pushLevels(
  servers: ServerChild[],
  kit: SealedKit,
  n: number,
  recordsPerPush: number,
): Promise<ConcurrencyLevelResult[]> {
  const result = await benchPush(servers[0]!, n, {
    levels: SCALE_LEVELS,
    recordsPerPush,
    urls: servers.map((s) => s.url),
    endpoint: PUSH_V2,
    makeBatch: (count) => makeSealedEnvelopes(kit, count),
  });
  return result.levels;
}

/** A push whose body trickles in over `seconds` (a phone on a bad line); resolves with its status. */
function slowPush(url: string, device: EnrolledDevice, body: string, seconds: number) {
  return new Promise<number>((resolve, reject) => {
    const bytes = Buffer.from(body);
    const pieces = 20;
    const request = http.request(`${url}${PUSH_V2}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': String(bytes.length),
        Authorization: `Bearer ${device.token}`,
      },
    });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    let sent = 0;
    const step = Math.ceil(bytes.length / pieces);
    const tick = () => {
      request.write(bytes.subarray(sent, sent + step));
      sent += step;
      if (sent >= bytes.length) request.end();
      else setTimeout(tick, (seconds * 1000) / pieces);
    };
    tick();
  });
}

/**
 * Ten devices push back to back, twice without and twice with an eleventh device whose bodies
 * trickle in over several seconds (alternating, so drift in the machine's load hits both); the
 * others' latencies are pooled per condition.
 */
async function benchSlowDevice(
  server: ServerChild,
  kit: SealedKit,
  recordsPerPush: number,
  pushesPerDevice: number,
): Promise<SlowDeviceResult> {
  const devicesCount = 10;
  const slowBodySeconds = 4;
  const samples = { without: [] as number[], with: [] as number[] };
  let slowPushesStored = 0;
  for (const condition of ['without', 'with', 'without', 'with'] as const) {
    const devices = await server.enrollDevices(devicesCount, `steady-${condition}`);
    const [slow] = await server.enrollDevices(1, 'slow');
    const bodies = devices.map(() =>
      Array.from({ length: pushesPerDevice }, () => makeSealedEnvelopes(kit, recordsPerPush)),
    );
    let running = true;
    const slowLoop = (async () => {
      if (condition === 'without') return;
      while (running) {
        const body = JSON.stringify({ records: makeSealedEnvelopes(kit, recordsPerPush) });
        const status = await slowPush(server.url, slow!, body, slowBodySeconds);
        if (status === 200) slowPushesStored += 1;
        else throw new Error(`the slow device's push answered ${status}`);
      }
    })();
    // The slow device's first body is already arriving when the others start.
    if (condition === 'with') await new Promise((resolve) => setTimeout(resolve, 500));
    await Promise.all(
      devices.map(async (device, d) => {
        for (const batch of bodies[d]!) {
          const timing = await pushOnce(server.url, device, batch, PUSH_V2);
          samples[condition].push(timing.ms);
        }
      }),
    );
    running = false;
    await slowLoop;
  }
  const without = summarize(samples.without);
  const withSlow = summarize(samples.with);
  return {
    devices: devicesCount,
    pushesPerDevice,
    without,
    with: withSlow,
    p99Change: withSlow.p99 / without.p99 - 1,
    slowBodySeconds,
    slowPushesStored,
  };
}

function postgresVersion(bin: string): string {
  try {
    return execFileSync(path.join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export interface ScaleOptions {
  /** Sections to run (all by default); the smoke test runs a few at tiny sizes. */
  recordsPerPush?: number;
  progress?: (message: string) => void;
  /** Records per device and level scale with n as in benchPush (n = 10,000: 100, 10, 4 pushes). */
  slowPushesPerDevice?: number;
  openLoopPushes?: number;
}

/** Runs the whole comparison; throws with install advice when PostgreSQL is missing. */
export async function benchServerScale(
  bundle: string,
  n: number,
  options: ScaleOptions = {},
): Promise<ScaleResult> {
  const bin = findPostgresBin();
  if (bin === undefined) throw new Error(BENCH_POSTGRES_ADVICE);
  const say = options.progress ?? (() => undefined);
  const recordsPerPush = options.recordsPerPush ?? 100;
  const kit = await makeSealedKit();
  // Durable like the SQLite server (synchronous = FULL): every commit waits for its WAL flush.
  const cluster: PostgresCluster = await startPostgresCluster({ fsync: true, maxConnections: 100 });
  const scratch = mkdtempSync(path.join(tmpdir(), 'jejaring-bench-scale-'));
  const result: ScaleResult = {
    recordsPerPush,
    postgres: { version: postgresVersion(bin), fsync: true },
    backends: [],
  };
  try {
    const plans = [
      { name: 'SQLite', engine: 'sqlite', replicas: 1 },
      { name: 'PostgreSQL, 1 replica', engine: 'postgres', replicas: 1 },
      { name: 'PostgreSQL, 2 replicas', engine: 'postgres', replicas: 2 },
    ] as const;
    for (const plan of plans) {
      say(`pushes at ${SCALE_LEVELS.join(', ')} devices: ${plan.name}`);
      const url = plan.engine === 'postgres' ? await freshPostgresDatabase(cluster, scratch) : '';
      const servers = await startBackend(bundle, plan.replicas, url);
      try {
        await registerKey(servers[0]!, url, kit);
        const levels = await pushLevels(servers, kit, n, recordsPerPush);
        result.backends.push({ ...plan, levels });
        if (plan.engine === 'sqlite') {
          const capacity = levels[0]!.recordsPerSecond;
          say('50 devices arriving at random at half capacity (SQLite)');
          result.openLoop = await benchOpenLoop(servers[0]!, capacity, {
            pushes:
              options.openLoopPushes ?? Math.max(20, Math.round(100 * Math.min(1, n / 10_000))),
            recordsPerPush,
            endpoint: PUSH_V2,
            makeBatch: (count) => makeSealedEnvelopes(kit, count),
          });
          say('one slow device among ten (SQLite)');
          result.slowDevice = await benchSlowDevice(
            servers[0]!,
            kit,
            recordsPerPush,
            options.slowPushesPerDevice ?? Math.max(2, Math.round(10 * Math.min(1, n / 10_000))),
          );
        }
      } finally {
        await Promise.all(servers.map((s) => s.stop()));
      }
    }
    say(`sealed ingest vs raw SQLite (N=${n})`);
    result.ingestSqlite = await benchSealedIngest(n);
    say(`sealed ingest vs raw PostgreSQL INSERT … ON CONFLICT (N=${n})`);
    result.ingestPostgres = await benchSealedIngestPostgres(cluster, kit, n);
    return result;
  } finally {
    cluster.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
