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
import { REPO_ROOT } from './paths';
import type { PushAdmissionLimits } from './admission/pushAdmission';

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
  trustProxy?: boolean;
  /** Milliseconds to wait for in-flight requests on close before cutting connections. */
  shutdownGraceMs?: number;
  /** Pushes handled at once before answering 429 (see httpApp.ts). Default 8. */
  maxConcurrentPushes?: number;
  /** Admission control's bounds (admission/pushAdmission.ts). */
  admission?: Partial<PushAdmissionLimits>;
  /** POST /api/v1/sync/push: 'gone' answers 410 (see httpApp.ts). */
  v1Push?: 'accept' | 'gone';
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
  } catch (error) {
    await opened.close();
    throw error;
  }

  const app = createServerApp({
    db: opened.db,
    storage: opened.dialect,
    dataKey,
    staticDir: options.staticDir === null ? undefined : (options.staticDir ?? DEFAULT_STATIC_DIR),
    rateLimits: options.rateLimits,
    trustProxy: options.trustProxy,
    maxConcurrentPushes: options.maxConcurrentPushes,
    admission: options.admission,
    v1Push: options.v1Push,
    onRequest: (entry: RequestLogEntry) => log.info(entry),
    onError: (error) => log.error(error),
  });

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
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    v1Push: env.SYNC_V1_PUSH === 'gone' ? 'gone' : 'accept',
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
