// The real coordinator server (src/server/main.ts) as a child process, the way `npm start` runs
// it, so its memory (VmRSS / VmHWM) can be read from /proc and the benchmark shares no heap with
// it. Devices are enrolled through the server's own code path (enrollment code + redemption) on
// the same database, as the admin CLI would do.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { dataKeyFromBytes, newToken, tokenHash } from '../../src/server/crypto';
import { openDatabase } from '../../src/server/db';
import {
  createEnrollmentCode,
  normalizeEnrollmentCode,
  redeemEnrollmentCode,
} from '../../src/server/devices';
import { keyedHashHex } from '../../src/server/crypto';
import { registerDistrictKey } from '../../src/server/districtKeys';
import type { PublicJwk } from '../../src/domain/contract';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface EnrolledDevice {
  deviceId: string;
  token: string;
}

export interface ServerChild {
  url: string;
  pid: number;
  dataDir: string;
  /** Current and peak resident memory of the server process, in MiB. */
  memory(): { rssMb: number; peakRssMb: number };
  /** Enrolls `count` devices with one multi-use code, through the server's enrollment code path. */
  enrollDevices(count: number, label?: string): Promise<EnrolledDevice[]>;
  /** A fresh enrollment code for `uses` phones (contract v2: the phone enrolls itself with it). */
  enrollmentCode(uses?: number): Promise<string>;
  /** Registers an active district key (as the admin CLI does): phones seal to it. */
  registerDistrictKey(publicKey: PublicJwk): Promise<void>;
  /** SIGTERM (graceful), SIGKILL after 10 s; removes the data directory. */
  stop(): Promise<void>;
}

/** Reads a `Vm*:` line of /proc/<pid>/status in MiB. */
export function procStatusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(match[1]) / 1024;
}

/**
 * src/server/main.ts bundled to one JavaScript file (dependencies stay in node_modules), i.e.
 * the server without tsx's TypeScript loader, as a compiled deployment would run it.
 */
export async function bundleServer(): Promise<string> {
  const outfile = path.join(REPO_ROOT, '.bench-tmp/server-bundle/main.mjs');
  await build({
    entryPoints: [path.join(REPO_ROOT, 'src/server/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * Starts the server on 127.0.0.1 with a free port and a fresh DATA_DIR: src/server/main.ts
 * through tsx (as `npm start` does), or `bundle`, a file made by bundleServer().
 */
export async function startServerChild(
  options: {
    staticDir?: string;
    bundle?: string;
    /** postgres://… runs the server on PostgreSQL (replicas: the same URL and dataKey). */
    databaseUrl?: string;
    /** The server key (32 bytes); replicas of one database must share it. Random by default. */
    dataKey?: Uint8Array;
    /** More environment (ADMISSION_STORE, PG_POOL_SIZE…). */
    env?: Record<string, string>;
  } = {},
): Promise<ServerChild> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jejaring-bench-server-'));
  const keyBytes = Buffer.from(options.dataKey ?? randomBytes(32));
  const databaseUrl = options.databaseUrl ?? '';
  const child: ChildProcess = spawn(
    process.execPath,
    options.bundle
      ? [options.bundle]
      : ['--import', 'tsx', path.join(REPO_ROOT, 'src/server/main.ts')],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DATA_KEY: keyBytes.toString('base64'),
        PORT: '0',
        HOST: '127.0.0.1',
        // "warn" prints the listening line but no access log (which would cost time per request).
        LOG_LEVEL: 'warn',
        // bench/node/push.ts measures the v1 ingest (the default answers 410 upgrade_required).
        SYNC_V1_PUSH: 'accept',
        ...(options.staticDir ? { STATIC_DIR: options.staticDir } : {}),
        // Empty = SQLite in DATA_DIR, even when the bench itself runs with DATABASE_URL set.
        DATABASE_URL: databaseUrl,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The server did not start within 30 s. ${stderr}`));
    }, 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (${code}) before listening. ${stderr}`));
    });
  });
  const pid = child.pid!;
  const key = dataKeyFromBytes(keyBytes);

  return {
    url,
    pid,
    dataDir,
    memory: () => ({ rssMb: procStatusMb(pid, 'VmRSS'), peakRssMb: procStatusMb(pid, 'VmHWM') }),
    async enrollDevices(count, label = 'bench') {
      const opened = await openDatabase(dataDir, { databaseUrl });
      try {
        const { code } = await createEnrollmentCode(opened.db, key, {
          uses: count,
          expiresInHours: 1,
        });
        const devices: EnrolledDevice[] = [];
        for (let i = 0; i < count; i++) {
          const token = newToken();
          const deviceId = await redeemEnrollmentCode(opened.db, key, {
            codeHash: keyedHashHex(key, normalizeEnrollmentCode(code)),
            label: `${label} ${i + 1}`,
            tokenHash: tokenHash(token),
            now: new Date(),
          });
          if (!deviceId) throw new Error('enrollment code was refused');
          devices.push({ deviceId, token });
        }
        return devices;
      } finally {
        await opened.close();
      }
    },
    async enrollmentCode(uses = 1) {
      const opened = await openDatabase(dataDir, { databaseUrl });
      try {
        const { code } = await createEnrollmentCode(opened.db, key, { uses, expiresInHours: 1 });
        return code;
      } finally {
        await opened.close();
      }
    },
    async registerDistrictKey(publicKey) {
      const opened = await openDatabase(dataDir, { databaseUrl });
      try {
        await registerDistrictKey(opened.db, publicKey);
      } finally {
        await opened.close();
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        });
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
