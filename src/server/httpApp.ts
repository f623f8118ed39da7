// The coordinator's HTTP application: the security headers and access log on every response, the
// API areas mounted from ./routes (system, devices, sync v1 and v2; see docs/), the built PWA
// everywhere else, and the error handler that keeps bad input from ever becoming a 5xx.
import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
import { validateRecordPayload } from '../domain';
import { MAX_PUSH_BYTES } from '../domain/envelope';
import type { DataKey } from './crypto';
import { isBusyError, type DialectName, type ServerDb } from './db';
import { apiError, type AppEnv, type RouteDeps } from './http/common';
import type { PayloadValidator } from './ingest';
import { RateLimiter, type RateLimit } from './rateLimit';
import { enrollRoutes } from './routes/enroll';
import { systemRoutes } from './routes/system';
import { syncV1Routes } from './routes/syncV1';
import { retiredV1PushRoutes, syncV2Routes } from './routes/syncV2';
import { serveStatic } from './static';
import {
  consoleGuard,
  consoleRoutes,
  DEFAULT_THROTTLE,
  requireRole,
  sessionRoles,
  type ConsoleDeps,
  type ThrottlePolicy,
} from './console';
import { mapRoutes } from './mapping/routes';
import { operatorAllowed, pushResultOf, ServerMetrics } from './metrics';
import {
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

export { BUSY_RETRY_AFTER_SECONDS };

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
  /**
   * Reverse proxies in front of the app (TRUST_PROXY): the client address is the entry that many
   * places from the end of X-Forwarded-For. `true` means 1. Unset: the header is never trusted.
   */
  trustProxy?: boolean | number;
  /** Behind a TLS-terminating proxy (TLS_PROXY=1): send HSTS on every response. */
  tlsProxy?: boolean;
  /** Enrollment attempts per minute from all addresses together (a distributed guesser). */
  enrollGlobalPerMinute?: number;
  /**
   * OPS_TOKEN: bearer token for /metrics and the deep health check. Without it /metrics answers
   * only direct clients on this host, and the deep health check is off.
   */
  opsToken?: string;
  /** Bytes the database takes (metrics). */
  databaseSize?: () => Promise<number>;
  /** The engine's integrity check (deep health check). */
  integrityProblems?: () => Promise<string[]>;
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
  /**
   * POST /api/v1/sync/push: 'gone' (the default) answers 410 upgrade_required — phones speak
   * contract v2; 'accept' keeps the v1 ingest (its own tests, and a district that still has
   * phones on an old app version).
   */
  v1Push?: 'accept' | 'gone';
  /**
   * PUBLIC_URL, e.g. https://jejaring.kab-contoh.go.id: the origin the console's Origin check,
   * setup links, enroll links and passkeys use. Unset: taken from each request's Host.
   */
  publicUrl?: string;
  /** The console's sign-in throttle (tests shorten it). */
  consoleThrottle?: Partial<ThrottlePolicy>;
}

/** Admission control of every push endpoint, from the app's options. */
function pushAdmissionFor(
  options: ServerAppOptions,
  push: RateLimit,
  clock: () => number,
  metrics: ServerMetrics,
): PushAdmission {
  const store =
    options.admissionStore ??
    (options.storage === 'postgres'
      ? new DatabaseAdmissionStore(options.db)
      : new MemoryAdmissionStore());
  const admission = createPushAdmission({
    store,
    maxBodyBytes: MAX_PUSH_BYTES,
    now: clock,
    limits: {
      pushesPerMinute: Math.max(1, Math.floor((push.limit * 60_000) / push.windowMs)),
      ...(options.maxConcurrentPushes !== undefined
        ? { maxConcurrent: options.maxConcurrentPushes }
        : {}),
      ...options.admission,
    },
    onRefused: (reason) => {
      metrics.refused(reason);
      if (reason === 'aborted') options.onClientAbort?.();
    },
    onAdmitted: (bytes) => metrics.bytes(bytes),
  });
  options.onAdmission?.(admission);
  return admission;
}

/** Enrollment attempts per minute from all addresses together. */
export const DEFAULT_ENROLL_GLOBAL_PER_MINUTE = 120;

/** Powerful features the app never uses, switched off for it and anything it might embed. */
export const PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()';

/** The address `proxies` hops from the end of X-Forwarded-For (the one our own outermost proxy saw). */
export function forwardedClient(header: string | undefined, proxies: number): string | undefined {
  if (header === undefined) return undefined;
  const hops = header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  return hops.at(-proxies) ?? hops[0];
}

/** Rate-limit key of an address: IPv6 by its /64 (one subscriber gets a whole /64), IPv4 as is. */
export function rateLimitKey(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  const bare = address.replace(/^\[|\]$/g, '').split('%')[0] ?? '';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped?.[1]) return mapped[1];
  if (!bare.includes(':')) return bare;
  // Expand '::' to full groups, then keep the first four (64 bits).
  const [head = '', tail = ''] = bare.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = bare.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const fill = bare.includes('::') ? 8 - headGroups.length - tailGroups.length : 0;
  const groups = [...headGroups, ...Array<string>(Math.max(0, fill)).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((g) => (g.includes('.') ? g : (parseInt(g, 16) || 0).toString(16)))
    .join(':')}::/64`;
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' lets the phone compile Argon2id's WebAssembly (hash-wasm); JavaScript
  // eval stays forbidden.
  "script-src 'self' 'wasm-unsafe-eval'",
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

/** Builds the Hono application (no listening; see main.ts). Testable with app.request(). */
export function createServerApp(options: ServerAppOptions): Hono<AppEnv> {
  const { db, dataKey } = options;
  const now = options.now ?? (() => new Date());
  const limits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const metrics = new ServerMetrics();
  const admission = pushAdmissionFor(options, limits.push, () => now().getTime(), metrics);

  const app = new Hono<AppEnv>();

  const proxies = options.trustProxy === true ? 1 : Number(options.trustProxy || 0);
  const clientAddress = (c: Context<AppEnv>): string =>
    rateLimitKey(
      proxies > 0
        ? (forwardedClient(c.req.header('x-forwarded-for'), proxies) ??
            c.env?.incoming?.socket?.remoteAddress)
        : c.env?.incoming?.socket?.remoteAddress,
    );

  // Access log and headers for every response, including errors.
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const headers = c.res.headers;
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
    headers.set('X-Frame-Options', 'DENY');
    headers.set('Permissions-Policy', PERMISSIONS_POLICY);
    const viaTls =
      options.tlsProxy === true ||
      (proxies > 0 && c.req.header('x-forwarded-proto')?.split(',').at(-1)?.trim() === 'https');
    if (viaTls) headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (c.req.path.startsWith('/api/')) {
      // The app may be served from another origin than its coordinator's API. Bearer tokens, not
      // cookies, authenticate, so any origin may call without credentials. The console (cookies)
      // is same-origin only: no CORS headers there.
      if (!c.req.path.startsWith('/api/console/')) {
        headers.set('Access-Control-Allow-Origin', '*');
        headers.set('Access-Control-Expose-Headers', 'Retry-After');
      }
      if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
    }
    if (c.req.method === 'POST' && /^\/api\/v\d\/sync\/push$/.test(c.req.path)) {
      metrics.push(pushResultOf(c.res.status, undefined), (performance.now() - started) / 1000);
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

  // Operators: Prometheus metrics and the deep health check (never through the public proxy).
  app.get('/metrics', async (c) => {
    if (!operatorAllowed(c, options.opsToken, c.env?.incoming?.socket?.remoteAddress))
      return c.text('Not found', 404);
    const stats = admission.stats();
    const size = options.databaseSize ? await options.databaseSize() : 0;
    const text = metrics.render({
      jejaring_push_queue_depth: {
        help: 'Arrived pushes waiting for a slot.',
        value: stats.queued,
      },
      jejaring_push_processing: {
        help: 'Pushes being validated and stored.',
        value: stats.processing,
      },
      jejaring_push_receiving: { help: 'Pushes whose body is arriving.', value: stats.reading },
      jejaring_database_size_bytes: { help: 'Bytes the database takes.', value: size },
    });
    return c.text(text, 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
  app.get('/api/v1/health/deep', async (c) => {
    if (!operatorAllowed(c, options.opsToken, undefined, { requireToken: true }))
      return apiError(
        c,
        401,
        'unauthorized',
        'Send the operator token (OPS_TOKEN) as a bearer token.',
      );
    const problems = options.integrityProblems ? await options.integrityProblems() : [];
    const records = await db
      .selectFrom('records_current')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirst();
    const body = {
      status: problems.length === 0 ? 'ok' : 'failing',
      storage: options.storage ?? 'sqlite',
      integrity: problems.length === 0 ? 'ok' : problems,
      records: Number(records?.n ?? 0),
    };
    return c.json(body, problems.length === 0 ? 200 : 503);
  });

  // Beyond the per-address limit, a cap on all enrollment attempts together: addresses are cheap
  // (IPv6), guessing codes from many of them must still stay slow.
  const enrollCap = new RateLimiter(
    { limit: options.enrollGlobalPerMinute ?? DEFAULT_ENROLL_GLOBAL_PER_MINUTE, windowMs: 60_000 },
    () => now().getTime(),
  );
  for (const enrollPath of ['/api/v1/devices/enroll', '/api/v2/devices/enroll']) {
    app.post(enrollPath, async (c, next) => {
      const allowed = enrollCap.take('all');
      if (!allowed.ok) {
        return apiError(
          c,
          429,
          'rate_limited',
          'Too many enrollment attempts; wait and try again.',
          {
            'Retry-After': String(allowed.retryAfterSeconds),
          },
        );
      }
      await next();
      return undefined;
    });
  }

  const deps: RouteDeps = { db, dataKey, now, clientAddress };
  // Areas, each in its own module under ./routes; every path answers 405 for other methods there.
  app.route('/', systemRoutes({ storage: options.storage ?? 'sqlite' }));
  app.route('/', enrollRoutes({ ...deps, limit: limits.enroll }));
  // One admission for both push versions: a device's v1 and v2 pushes share its bounds.
  app.route(
    '/',
    (options.v1Push ?? 'gone') === 'gone'
      ? retiredV1PushRoutes()
      : syncV1Routes({
          ...deps,
          admission,
          validatePayload: options.validatePayload ?? validateRecordPayload,
        }),
  );
  app.route(
    '/',
    syncV2Routes({ ...deps, pushLimit: limits.push, enrollLimit: limits.enroll, admission }),
  );

  // The coordinator console: the guard (Origin check, session) on every /api/console/* path, then
  // its areas. Other console areas (the map) mount after it and use requireRole.
  const consoleDeps: ConsoleDeps = {
    ...deps,
    ...(options.publicUrl !== undefined ? { publicOrigin: options.publicUrl } : {}),
    proxies,
    tlsProxy: options.tlsProxy === true,
    throttle: { ...DEFAULT_THROTTLE, ...options.consoleThrottle },
    rpName: 'Jejaring',
  };
  app.use('/api/console/*', consoleGuard(consoleDeps));
  app.route('/api/console', consoleRoutes(consoleDeps));
  // The map (docs/console-api.md, roles): viewers and coordinators read counts, coordinators alone
  // get exact small counts and the record ids behind a cell; an administrator needs one of those.
  app.route(
    '/',
    mapRoutes({
      db,
      readers: requireRole('viewer', 'coordinator'),
      coordinators: requireRole('coordinator'),
      audienceOf: (c) => (sessionRoles(c).includes('coordinator') ? 'coordinator' : 'viewer'),
    }),
  );

  app.all('/api/*', (c) => apiError(c, 404, 'not_found', 'No such API endpoint.'));
  app.all('/api', (c) => apiError(c, 404, 'not_found', 'No such API endpoint.'));

  // The coordinator console's entry needs its trailing slash (its assets are relative to it).
  app.on(['GET', 'HEAD'], '/koordinator', (c) => c.redirect('/koordinator/', 301));
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
