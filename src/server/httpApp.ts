// The coordinator's HTTP application: the sync contract v1 (shared/docs/sync-protocol.md) under
// /api/v1, the built PWA everywhere else, and the security headers on every response.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
import { kindJsonSchemas, validateRecordPayload } from '../domain';
import { MAX_PUSH_BYTES, MAX_PUSH_RECORDS } from '../domain/envelope';
import { readJsonBody } from './body';
import { keyedHashHex, newToken, tokenHash, type DataKey } from './crypto';
import { isBusyError, type DialectName, type ServerDb } from './db';
import { normalizeEnrollmentCode, redeemEnrollmentCode } from './devices';
import {
  DeviceRevokedError,
  hasRecordIdentity,
  ingestRecords,
  type PayloadValidator,
} from './ingest';
import { RateLimiter, type RateLimit } from './rateLimit';
import {
  admittedBody,
  BUSY_RETRY_AFTER_SECONDS,
  createPushAdmission,
  DEFAULT_PUSH_ADMISSION,
  type PushAdmission,
  type PushAdmissionLimits,
} from './admission/pushAdmission';
import {
  DatabaseAdmissionStore,
  MemoryAdmissionStore,
  type AdmissionStore,
} from './admission/store';
import { REPO_ROOT } from './paths';
import { serveStatic } from './static';

export interface RateLimits {
  /** Enrollment attempts per client address. */
  enroll: RateLimit;
  /** Push requests per device. */
  push: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  enroll: { limit: 10, windowMs: 60_000 },
  // A phone back online after weeks sends its queue in 200-record batches back to back.
  push: { limit: DEFAULT_PUSH_ADMISSION.pushesPerMinute, windowMs: 60_000 },
};

/**
 * Pushes validated and stored at once by one process (their bodies have fully arrived; see
 * admission/pushAdmission.ts). Ingest is serialised on one SQLite connection, so more would only
 * hold parsed bodies in memory; arrived pushes beyond it wait briefly in a FIFO queue, then 429.
 */
export const DEFAULT_MAX_CONCURRENT_PUSHES = DEFAULT_PUSH_ADMISSION.maxConcurrent;
export { BUSY_RETRY_AFTER_SECONDS };

/** One finished request, for the access log. Holds no personal data by construction. */
export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  ms: number;
  /** First 8 characters of the device id, when the request was authenticated. */
  device?: string;
}

export interface ServerAppOptions {
  db: ServerDb;
  /** Which engine holds the data, as the health check reports it. Default 'sqlite'. */
  storage?: DialectName;
  dataKey: DataKey;
  /** Directory of the built PWA; without it only /api is served. */
  staticDir?: string;
  now?: () => Date;
  rateLimits?: Partial<RateLimits>;
  /** Behind one reverse proxy: take the client address from the last X-Forwarded-For entry. */
  trustProxy?: boolean;
  onRequest?: (entry: RequestLogEntry) => void;
  /** Unexpected errors (bugs), for the server log; never sent to the client. */
  onError?: (error: unknown) => void;
  validatePayload?: PayloadValidator;
  /** Pushes handled at once; more are answered 429 with Retry-After. Default 8. */
  maxConcurrentPushes?: number;
  /** Admission control's bounds (per device in flight, quotas, body deadline, queue). */
  admission?: Partial<PushAdmissionLimits>;
  /**
   * Where admission counts live. Default: the database on PostgreSQL (shared by replicas), this
   * process's memory on SQLite (one server per file).
   */
  admissionStore?: AdmissionStore;
  /** Hands the push admission out (metrics read its queue depth). */
  onAdmission?: (admission: PushAdmission) => void;
  /** Pushes that ended in the client aborting its upload (logged without a stack). */
  onClientAbort?: () => void;
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  // The app may sync with a coordinator server at another origin the user types in.
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const PACKAGE_VERSION = ((): string => {
  try {
    const pkg: unknown = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const version = (pkg as { version?: unknown }).version;
    return typeof version === 'string' ? version : '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

const MAX_ENROLL_BYTES = 4 * 1024;
const MAX_LABEL_LENGTH = 100;

type Env = {
  Bindings: { incoming?: { socket?: { remoteAddress?: string } } };
  Variables: { deviceId?: string };
};

function apiError(
  c: Context,
  status: 400 | 401 | 403 | 404 | 405 | 408 | 413 | 415 | 429 | 500 | 503,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Response {
  return c.json({ error: { code, message } }, status, headers);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Builds the Hono application (no listening; see main.ts). Testable with app.request(). */
export function createServerApp(options: ServerAppOptions): Hono<Env> {
  const { db, dataKey } = options;
  const now = options.now ?? (() => new Date());
  const clock = () => now().getTime();
  const limits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const enrollLimiter = new RateLimiter(limits.enroll, clock);
  const admissionStore =
    options.admissionStore ??
    (options.storage === 'postgres' ? new DatabaseAdmissionStore(db) : new MemoryAdmissionStore());
  const admission = createPushAdmission({
    store: admissionStore,
    maxBodyBytes: MAX_PUSH_BYTES,
    now: clock,
    limits: {
      pushesPerMinute: Math.max(1, Math.floor((limits.push.limit * 60_000) / limits.push.windowMs)),
      ...(options.maxConcurrentPushes !== undefined
        ? { maxConcurrent: options.maxConcurrentPushes }
        : {}),
      ...options.admission,
    },
    onRefused: (reason) => {
      if (reason === 'aborted') options.onClientAbort?.();
    },
  });
  options.onAdmission?.(admission);
  const ingest = {
    db,
    dataKey,
    now,
    validatePayload: options.validatePayload ?? validateRecordPayload,
  };
  let schemas: unknown;

  const app = new Hono<Env>();

  const clientAddress = (c: Context<Env>): string => {
    if (options.trustProxy) {
      // The last address is the one our own proxy saw; earlier ones are whatever the client claimed.
      const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
      if (forwarded) return forwarded;
    }
    return c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
  };

  // Access log and headers for every response, including errors.
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const headers = c.res.headers;
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
    headers.set('X-Frame-Options', 'DENY');
    if (c.req.path.startsWith('/api/')) {
      // The app may be served from another origin than its coordinator's API. Bearer tokens, not
      // cookies, authenticate, so any origin may call without credentials.
      headers.set('Access-Control-Allow-Origin', '*');
      headers.set('Access-Control-Expose-Headers', 'Retry-After');
      if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
    }
    const deviceId = c.get('deviceId');
    options.onRequest?.({
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ...(deviceId ? { device: deviceId.slice(0, 8) } : {}),
    });
  });

  // Phones on slow links: gzip text (the app shell, locales, the schemas) when the client accepts it.
  app.use('*', compress());

  app.options('/api/*', (c) =>
    c.body(null, 204, {
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      'Access-Control-Max-Age': '600',
    }),
  );

  app.get('/api/v1/health', (c) =>
    c.json({ status: 'ok', version: PACKAGE_VERSION, storage: options.storage ?? 'sqlite' }),
  );

  app.get('/api/v1/schemas', (c) => {
    schemas ??= { kinds: kindJsonSchemas() };
    return c.json(schemas as object);
  });

  app.post('/api/v1/devices/enroll', async (c) => {
    const allowed = enrollLimiter.take(clientAddress(c));
    if (!allowed.ok) {
      return apiError(c, 429, 'rate_limited', 'Too many enrollment attempts; wait and try again.', {
        'Retry-After': String(allowed.retryAfterSeconds),
      });
    }
    const body = await readJsonBody(c.req.raw, MAX_ENROLL_BYTES);
    if (!body.ok) return apiError(c, body.status, body.code, body.message);
    const value = body.value;
    if (
      !isPlainObject(value) ||
      typeof value.code !== 'string' ||
      value.code.length > 64 ||
      (value.label !== undefined && typeof value.label !== 'string')
    ) {
      return apiError(c, 400, 'malformed', 'Send {"code": string, "label": string}.');
    }
    const label = typeof value.label === 'string' ? value.label.trim() : '';
    if (label.length > MAX_LABEL_LENGTH) {
      return apiError(
        c,
        400,
        'malformed',
        `The label may have at most ${MAX_LABEL_LENGTH} characters.`,
      );
    }
    const token = newToken();
    const deviceId = await redeemEnrollmentCode(db, dataKey, {
      codeHash: keyedHashHex(dataKey, normalizeEnrollmentCode(value.code)),
      label,
      tokenHash: tokenHash(token),
      now: now(),
    });
    if (deviceId === undefined) {
      return apiError(
        c,
        403,
        'enrollment_code_invalid',
        'This enrollment code is unknown, expired or used up; ask the coordinator for a new one.',
      );
    }
    c.set('deviceId', deviceId);
    return c.json({ deviceId, token }, 201);
  });

  // Authentication sets deviceId; admission then bounds the device, reads the body and takes a
  // processing slot; the handler only sees pushes whose body has fully arrived.
  const requireDevice = async (c: Context<Env>, next: () => Promise<void>) => {
    const match = /^Bearer\s+([A-Za-z0-9_-]{16,256})\s*$/i.exec(
      c.req.header('authorization') ?? '',
    );
    if (match?.[1] === undefined) {
      return apiError(
        c,
        401,
        'unauthorized',
        'Missing or malformed bearer token; enroll this device.',
      );
    }
    const device = await db
      .selectFrom('devices')
      .select(['id', 'revoked_at'])
      .where('token_hash', '=', tokenHash(match[1]))
      .executeTakeFirst();
    if (device === undefined) {
      return apiError(c, 401, 'unauthorized', 'Unknown token; enroll this device again.');
    }
    c.set('deviceId', device.id);
    if (device.revoked_at !== null) {
      return apiError(c, 403, 'device_revoked', 'This device was revoked; enroll it again.');
    }
    await next();
    return undefined;
  };

  app.post('/api/v1/sync/push', requireDevice, admission.middleware, async (c) => {
    const deviceId = c.get('deviceId') as string;
    const value = admittedBody(c);
    if (!isPlainObject(value) || !Array.isArray(value.records)) {
      return apiError(c, 400, 'malformed', 'Send {"records": [envelope, …]}.');
    }
    const records: unknown[] = value.records;
    if (records.length > MAX_PUSH_RECORDS) {
      return apiError(
        c,
        413,
        'payload_too_large',
        `At most ${MAX_PUSH_RECORDS} records per request; split the batch.`,
      );
    }
    if (records.length === 0) {
      return apiError(c, 400, 'malformed', 'Send at least one record.');
    }
    if (!records.every(hasRecordIdentity)) {
      // Without an id and rev a record cannot get its own answer.
      return apiError(
        c,
        400,
        'malformed',
        'Every record needs a string "id" and an integer "rev" >= 1.',
      );
    }
    try {
      const results = await ingestRecords(ingest, deviceId, records);
      return c.json({ results, serverTime: now().toISOString() });
    } catch (error) {
      if (error instanceof DeviceRevokedError) {
        return apiError(c, 403, 'device_revoked', 'This device was revoked; enroll it again.');
      }
      throw error;
    }
  });

  app.all('/api/v1/health', (c) =>
    apiError(c, 405, 'method_not_allowed', 'Use GET.', { Allow: 'GET' }),
  );
  app.all('/api/v1/schemas', (c) =>
    apiError(c, 405, 'method_not_allowed', 'Use GET.', { Allow: 'GET' }),
  );
  app.all('/api/v1/devices/enroll', (c) =>
    apiError(c, 405, 'method_not_allowed', 'Use POST.', { Allow: 'POST' }),
  );
  app.all('/api/v1/sync/push', (c) =>
    apiError(c, 405, 'method_not_allowed', 'Use POST.', { Allow: 'POST' }),
  );
  app.all('/api/*', (c) => apiError(c, 404, 'not_found', 'No such API endpoint.'));
  app.all('/api', (c) => apiError(c, 404, 'not_found', 'No such API endpoint.'));

  app.on(['GET', 'HEAD'], '*', async (c) => {
    if (options.staticDir !== undefined) {
      const response = await serveStatic(c, options.staticDir);
      if (response !== undefined) return response;
    }
    return c.text('Not found', 404);
  });

  app.notFound((c) => c.text('Not found', 404));

  app.onError((error, c) => {
    if (isBusyError(error)) {
      // Another process (the admin CLI) held the database longer than busy_timeout: retry later.
      return apiError(c, 503, 'busy', 'The server is busy; try again shortly.', {
        'Retry-After': '2',
      });
    }
    options.onError?.(error);
    return apiError(c, 500, 'internal', 'Internal server error.');
  });

  return app;
}
