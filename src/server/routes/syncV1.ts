// Area "sync v1": POST /api/v1/sync/push with clear payloads (the server validates and encrypts
// them at rest). Kept until phones speak v2.
import { Hono, type Context } from 'hono';
import { MAX_PUSH_BYTES, MAX_PUSH_RECORDS } from '../../domain/envelope';
import { readJsonBody } from '../body';
import {
  apiError,
  isPlainObject,
  methodNotAllowed,
  type AppEnv,
  type RouteDeps,
} from '../http/common';
import { requireDevice } from '../http/deviceAuth';
import {
  DeviceRevokedError,
  hasRecordIdentity,
  ingestRecords,
  type PayloadValidator,
} from '../ingest';
import { RateLimiter, type RateLimit } from '../rateLimit';

/** Seconds a phone turned away for load waits before its retry (plus its own jitter). */
export const BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * Counts pushes in flight across the push endpoints; beyond `max` the server answers 429 before
 * touching the database (turning a phone away must cost almost nothing).
 */
export function pushAdmission(max: number) {
  if (!(max >= 1)) throw new Error('maxConcurrentPushes must be at least 1');
  let inFlight = 0;
  return async (c: Context<AppEnv>, next: () => Promise<void>): Promise<Response | void> => {
    if (inFlight >= max) {
      return apiError(c, 429, 'busy', 'The server is busy with other phones; wait and try again.', {
        'Retry-After': String(BUSY_RETRY_AFTER_SECONDS),
      });
    }
    inFlight += 1;
    try {
      await next();
    } finally {
      inFlight -= 1;
    }
  };
}

export interface SyncV1RouteOptions extends RouteDeps {
  limit: RateLimit;
  admit: ReturnType<typeof pushAdmission>;
  validatePayload: PayloadValidator;
}

export function syncV1Routes(options: SyncV1RouteOptions): Hono<AppEnv> {
  const { db, dataKey, now } = options;
  const limiter = new RateLimiter(options.limit, () => now().getTime());
  const ingest = { db, dataKey, now, validatePayload: options.validatePayload };
  const app = new Hono<AppEnv>();

  app.post('/api/v1/sync/push', requireDevice({ db, admit: options.admit }), async (c) => {
    const deviceId = c.get('deviceId') as string;
    const allowed = limiter.take(deviceId);
    if (!allowed.ok) {
      return apiError(c, 429, 'rate_limited', 'Too many requests; wait and try again.', {
        'Retry-After': String(allowed.retryAfterSeconds),
      });
    }
    const body = await readJsonBody(c.req.raw, MAX_PUSH_BYTES);
    if (!body.ok) return apiError(c, body.status, body.code, body.message);
    const value = body.value;
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

  app.all('/api/v1/sync/push', methodNotAllowed('POST'));
  return app;
}
