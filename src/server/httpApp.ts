// The coordinator's HTTP application: the security headers and access log on every response, the
// API areas mounted from ./routes (system, devices, sync v1 and v2; see docs/), the built PWA
// everywhere else, and the error handler that keeps bad input from ever becoming a 5xx.
import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
import { validateRecordPayload } from '../domain';
import type { DataKey } from './crypto';
import { isBusyError, type ServerDb } from './db';
import { apiError, type AppEnv, type RouteDeps } from './http/common';
import type { PayloadValidator } from './ingest';
import type { RateLimit } from './rateLimit';
import { enrollRoutes } from './routes/enroll';
import { systemRoutes } from './routes/system';
import { pushAdmission, syncV1Routes } from './routes/syncV1';
import { retiredV1PushRoutes, syncV2Routes } from './routes/syncV2';
import { serveStatic } from './static';

export { BUSY_RETRY_AFTER_SECONDS } from './routes/syncV1';

export interface RateLimits {
  /** Enrollment attempts per client address. */
  enroll: RateLimit;
  /** Push requests per device. */
  push: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  enroll: { limit: 10, windowMs: 60_000 },
  // Generous: a phone back online after weeks sends its queue in 200-record batches back to back.
  push: { limit: 600, windowMs: 60_000 },
};

/**
 * Pushes read, parsed, validated or waiting for the database at once. Ingest is serialised on one
 * SQLite connection, so more would only queue (each holding its parsed body in memory) and make
 * every phone wait longer; beyond this the server answers 429 and phones back off with jitter.
 */
export const DEFAULT_MAX_CONCURRENT_PUSHES = 8;

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
  /**
   * POST /api/v1/sync/push: 'gone' answers 410 upgrade_required (contract v2); 'accept' keeps the
   * v1 ingest while phones still speak v1. Default 'accept' until src/sync pushes v2.
   */
  v1Push?: 'accept' | 'gone';
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
  const maxConcurrentPushes = options.maxConcurrentPushes ?? DEFAULT_MAX_CONCURRENT_PUSHES;

  const app = new Hono<AppEnv>();

  const clientAddress = (c: Context<AppEnv>): string => {
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

  const deps: RouteDeps = { db, dataKey, now, clientAddress };
  // Areas, each in its own module under ./routes; every path answers 405 for other methods there.
  app.route('/', systemRoutes());
  app.route('/', enrollRoutes({ ...deps, limit: limits.enroll }));
  // One admission gate for both push versions: together they share the database.
  const admit = pushAdmission(maxConcurrentPushes);
  app.route(
    '/',
    (options.v1Push ?? 'accept') === 'gone'
      ? retiredV1PushRoutes()
      : syncV1Routes({
          ...deps,
          limit: limits.push,
          admit,
          validatePayload: options.validatePayload ?? validateRecordPayload,
        }),
  );
  app.route(
    '/',
    syncV2Routes({ ...deps, pushLimit: limits.push, enrollLimit: limits.enroll, admit }),
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
