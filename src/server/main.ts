// The coordinator's server process: configuration from the environment, the HTTP listener, the
// access log, and a graceful shutdown on SIGTERM/SIGINT. `npm start` runs this file.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { createServerApp, type RateLimits, type RequestLogEntry } from './httpApp';
import { dataKeyFromBytes, loadDataKey } from './crypto';
import { openDatabase, verifyDataKey } from './db';
import { ensureMapCatalogue } from './mapping/store';
import { REPO_ROOT } from './paths';
import type { PushAdmissionLimits } from './admission/pushAdmission';
import { DatabaseAdmissionStore, MemoryAdmissionStore } from './admission/store';
import { applyRetention } from './maintenance';

export type LogLevel = 'silent' | 'error' | 'warn' | 'info';

const LEVELS: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3 };

export interface StartServerOptions {
  dataDir: string;
  /** postgres://… for PostgreSQL; default process.env.DATABASE_URL, unset = SQLite in dataDir. */
  databaseUrl?: string;
  /** PostgreSQL connections this process keeps (PG_POOL_SIZE). */
  poolSize?: number;
  /** 0 picks a free port (tests). Default 8080. */
  port?: number;
  host?: string;
  /** Built PWA directory; default <repo>/dist. Pass null to serve only the API. */
  staticDir?: string | null;
  /** base64 of 32 bytes, or raw bytes; default: the key file outside DATA_DIR (crypto.ts). */
  dataKey?: string | Uint8Array;
  rateLimits?: Partial<RateLimits>;
  logLevel?: LogLevel;
  /** Reverse proxies in front (TRUST_PROXY=N); X-Forwarded-For is ignored without it. */
  trustProxy?: boolean | number;
  /** Behind a TLS-terminating proxy (TLS_PROXY=1): HSTS on every response. */
  tlsProxy?: boolean;
  /** OPS_TOKEN for /metrics and /api/v1/health/deep. */
  opsToken?: string;
  /** Milliseconds to wait for in-flight requests on close before cutting connections. */
  shutdownGraceMs?: number;
  /** Pushes handled at once before answering 429 (see httpApp.ts). Default 8. */
  maxConcurrentPushes?: number;
  /** Admission control's bounds (admission/pushAdmission.ts). */
  admission?: Partial<PushAdmissionLimits>;
  /**
   * Where admission counts live (ADMISSION_STORE). Default: 'database' on PostgreSQL, so that all
   * replicas share them; 'memory' on SQLite (one server per file).
   */
  admissionStore?: 'memory' | 'database';
  /** Days after which superseded revisions and deleted records lose their content (daily). */
  retentionDays?: number;
  /** POST /api/v1/sync/push: 'gone' answers 410 (see httpApp.ts). */
  v1Push?: 'accept' | 'gone';
  /** PUBLIC_URL: the public origin (console Origin check, setup and enroll links, passkeys). */
  publicUrl?: string;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish, then closes the database. Idempotent. */
  close(): Promise<void>;
}

export const DEFAULT_STATIC_DIR = path.join(REPO_ROOT, 'dist');

/** A logger that writes single-line JSON without personal data, filtered by level. */
function makeLogger(level: LogLevel) {
  const threshold = LEVELS[level];
  return {
    info(entry: object) {
      if (threshold >= LEVELS.info)
        console.info(JSON.stringify({ time: new Date().toISOString(), ...entry }));
    },
    warn(message: string) {
      if (threshold >= LEVELS.warn)
        console.warn(JSON.stringify({ time: new Date().toISOString(), warn: message }));
    },
    error(error: unknown) {
      if (threshold < LEVELS.error) return;
      // Stack traces name code, not data; messages of our own errors never include record content.
      const text =
        error instanceof Error
          ? (error.stack ?? `${error.name}: ${error.message}`)
          : 'non-Error thrown';
      console.error(JSON.stringify({ time: new Date().toISOString(), error: text }));
    },
  };
}

/** Opens the database under dataDir and listens; resolves once the port is bound. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const log = makeLogger(options.logLevel ?? 'info');
  const dataDir = path.resolve(options.dataDir);
  const staticDir =
    options.staticDir === null ? undefined : path.resolve(options.staticDir ?? DEFAULT_STATIC_DIR);
  if (staticDir !== undefined && isInside(dataDir, staticDir)) {
    // Everything under STATIC_DIR is served to anyone: the database and key would be too.
    throw new Error(`DATA_DIR (${dataDir}) must not be inside STATIC_DIR (${staticDir}).`);
  }
  const opened = await openDatabase(dataDir, {
    databaseUrl: options.databaseUrl,
    poolSize: options.poolSize,
  });
  let dataKey;
  try {
    if (options.dataKey instanceof Uint8Array) {
      dataKey = dataKeyFromBytes(options.dataKey);
    } else {
      const loaded = loadDataKey(dataDir, options.dataKey);
      dataKey = loaded.key;
      if (loaded.source === 'legacy') {
        log.warn(
          `The server key is kept in ${loaded.file}, inside DATA_DIR: anyone who copies DATA_DIR can read ` +
            'device labels and v1 records. Move it out (SERVER_KEY_FILE, default ~/.config/jejaring/server.key) or pass DATA_KEY.',
        );
      } else if (loaded.source === 'created') {
        log.warn(
          `Created the server key ${loaded.file}. Back it up apart from DATA_DIR: without it device labels and v1 records cannot be read.`,
        );
      }
    }
    await verifyDataKey(opened.db, dataKey);
    // Counts made under an older indicator catalogue are recomputed from the stored meta.
    if (await ensureMapCatalogue(opened.db))
      log.info({ map: 'counts rebuilt for a new indicator catalogue' });
    // A damaged database must not keep answering `stored`: refuse to start, point to the tools.
    const problems = await opened.integrityProblems();
    if (problems.length > 0) {
      throw new Error(
        `The database failed its integrity check (${problems.slice(0, 3).join('; ')}). ` +
          'Run `npm run admin -- verify`, then restore the latest backup (README, "Backups").',
      );
    }
  } catch (error) {
    await opened.close();
    throw error;
  }

  const app = createServerApp({
    db: opened.db,
    storage: opened.dialect,
    dataKey,
    staticDir,
    rateLimits: options.rateLimits,
    trustProxy: options.trustProxy,
    tlsProxy: options.tlsProxy,
    maxConcurrentPushes: options.maxConcurrentPushes,
    admission: options.admission,
    // Default: in the database on PostgreSQL (replicas share the bounds), in memory on SQLite.
    admissionStore:
      (options.admissionStore ?? (opened.dialect === 'postgres' ? 'database' : 'memory')) ===
      'database'
        ? new DatabaseAdmissionStore(opened.bookkeepingDb)
        : new MemoryAdmissionStore(),
    v1Push: options.v1Push,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    onRequest: (entry: RequestLogEntry) => log.info(entry),
    onError: (error) => log.error(error),
    opsToken: options.opsToken,
    databaseSize: () => opened.sizeBytes(),
    integrityProblems: () => opened.integrityProblems(),
    // A phone losing signal mid-upload is normal: one line, no stack, nothing stored.
    onClientAbort: () => log.warn('client_aborted: a client closed its connection mid-upload'),
  });

  let retentionTimer: NodeJS.Timeout | undefined;
  if (options.retentionDays !== undefined) {
    const days = options.retentionDays;
    const prune = () =>
      applyRetention(opened.db, days).then(
        (result) => log.info({ retention: days, ...result }),
        (error: unknown) => log.error(error),
      );
    void prune();
    retentionTimer = setInterval(() => void prune(), 86_400_000);
    retentionTimer.unref();
  }

  const host = options.host ?? '127.0.0.1';
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const created = serve({ fetch: app.fetch, port: options.port ?? 8080, hostname: host }, () =>
        resolve(created as Server),
      ) as Server;
      created.once('error', reject);
    });
  } catch (error) {
    // e.g. EADDRINUSE: leave the database closed, not half-open.
    await opened.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => {
        const grace = setTimeout(
          () => server.closeAllConnections(),
          options.shutdownGraceMs ?? 10_000,
        );
        // Keep-alive connections become idle once their request is answered: close them as they do.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearTimeout(grace);
          clearInterval(idle);
          resolve();
        });
        server.closeIdleConnections();
      });
      clearInterval(retentionTimer);
      await opened.close();
    })();
    return closing;
  };

  return { url: `http://${urlHost}:${port}`, port, close };
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 8080;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got "${value}"`);
  }
  return port;
}

/** True when child is parent or a folder below it. */
function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Admission bounds an operator may set: PUSH_RATE_PER_MINUTE, PUSH_BYTES_PER_DAY, … */
function admissionFromEnv(env: NodeJS.ProcessEnv): Partial<PushAdmissionLimits> {
  const limits: Partial<PushAdmissionLimits> = {};
  const names = {
    PUSH_RATE_PER_MINUTE: 'pushesPerMinute',
    PUSH_BYTES_PER_DAY: 'bytesPerDay',
    PUSH_IN_FLIGHT_PER_DEVICE: 'perDeviceInFlight',
    MAX_CONCURRENT_PUSHES: 'maxConcurrent',
    PUSH_BODY_DEADLINE_MS: 'bodyDeadlineMs',
  } as const;
  for (const [variable, key] of Object.entries(names)) {
    const value = env[variable];
    if (value) limits[key] = parsePositive(value, variable);
  }
  return limits;
}

/** TRUST_PROXY: how many reverse proxies stand in front ('true' = 1); unset or 0 = none. */
export function parseTrustProxy(value: string | undefined): number {
  if (value === undefined || value === '' || value === 'false') return 0;
  if (value === 'true') return 1;
  const count = Number(value);
  if (!Number.isSafeInteger(count) || count < 0 || count > 10) {
    throw new Error(`TRUST_PROXY must be the number of proxies in front (0-10), got "${value}"`);
  }
  return count;
}

function parsePositive(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new Error(`${name} must be a whole number of at least 1, got "${value}"`);
  }
  return number;
}

function parseLogLevel(value: string | undefined): LogLevel {
  if (value === undefined || value === '') return 'info';
  if (value in LEVELS) return value as LogLevel;
  throw new Error(`LOG_LEVEL must be one of ${Object.keys(LEVELS).join(', ')}`);
}

async function main(): Promise<void> {
  const env = process.env;
  const logLevel = parseLogLevel(env.LOG_LEVEL);
  const running = await startServer({
    dataDir: env.DATA_DIR || './data',
    databaseUrl: env.DATABASE_URL || '',
    poolSize: env.PG_POOL_SIZE ? parsePositive(env.PG_POOL_SIZE, 'PG_POOL_SIZE') : undefined,
    port: parsePort(env.PORT),
    host: env.HOST || '127.0.0.1',
    staticDir: env.STATIC_DIR || DEFAULT_STATIC_DIR,
    dataKey: env.DATA_KEY,
    logLevel,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    tlsProxy: env.TLS_PROXY === '1' || env.TLS_PROXY === 'true',
    opsToken: env.OPS_TOKEN || undefined,
    v1Push: env.SYNC_V1_PUSH === 'accept' ? 'accept' : 'gone',
    ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
    admission: admissionFromEnv(env),
    ...(env.ADMISSION_STORE
      ? { admissionStore: env.ADMISSION_STORE === 'database' ? 'database' : 'memory' }
      : {}),
    ...(env.RETENTION_DAYS
      ? { retentionDays: parsePositive(env.RETENTION_DAYS, 'RETENTION_DAYS') }
      : {}),
  });
  if (logLevel !== 'silent') console.info(`Jejaring server listening on ${running.url}`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    if (LEVELS[logLevel] >= LEVELS.info)
      console.info(`${signal}: finishing requests, then stopping`);
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href
) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : 'The server could not start');
    process.exit(1);
  });
}
