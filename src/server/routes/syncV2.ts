// Area "sync v2" (docs/sync-protocol-v2.md): sealed push, the feed back to phones, v2
// enrollment with the device's public key, the OpenAPI description, and v1 push's retirement.
import { Hono } from 'hono';
import {
  FEED_LIMIT_DEFAULT,
  MAX_PUSH_BYTES_V2,
  MAX_PUSH_RECORDS_V2,
  enrollRequestV2Schema,
  feedQuerySchema,
  type EnrollResponseV2,
} from '../../domain/contract';
import { describePublicKey } from '../../crypto/seal';
import { readJsonBody } from '../body';
import { keyedHashHex, newToken, tokenHash } from '../crypto';
import { normalizeEnrollmentCode, redeemEnrollmentCode } from '../devices';
import { activeDistrictKeys, districtName } from '../districtKeys';
import { decodeCursor, readFeedPage } from '../feed/store';
import {
  apiError,
  isPlainObject,
  methodNotAllowed,
  type AppEnv,
  type RouteDeps,
} from '../http/common';
import { requireDevice } from '../http/deviceAuth';
import { DeviceRevokedError, hasRecordIdentity } from '../ingest';
import { openApiDocument } from '../../domain/contract/openapi';
import { RateLimiter, type RateLimit } from '../rateLimit';
import { ingestSealedRecords } from '../sealedIngest';
import { MAX_ENROLL_BYTES } from './enroll';
import { admittedBody, type PushAdmission } from '../admission/pushAdmission';

export interface SyncV2RouteOptions extends RouteDeps {
  pushLimit: RateLimit;
  enrollLimit: RateLimit;
  /** Shared with v1 push: one device's pushes are bounded together (admission/). */
  admission: PushAdmission;
}

export function syncV2Routes(options: SyncV2RouteOptions): Hono<AppEnv> {
  const { db, dataKey, now } = options;
  const clock = () => now().getTime();
  const feedLimiter = new RateLimiter(options.pushLimit, clock);
  const enrollLimiter = new RateLimiter(options.enrollLimit, clock);
  const app = new Hono<AppEnv>();

  let openApi: object | undefined;
  app.get('/api/v2/openapi.json', (c) => c.json((openApi ??= openApiDocument())));

  app.post('/api/v2/devices/enroll', async (c) => {
    const allowed = enrollLimiter.take(options.clientAddress(c));
    if (!allowed.ok)
      return apiError(c, 429, 'rate_limited', 'Too many enrollment attempts; wait and try again.', {
        'Retry-After': String(allowed.retryAfterSeconds),
      });
    const body = await readJsonBody(c.req.raw, MAX_ENROLL_BYTES);
    if (!body.ok) return apiError(c, body.status, body.code, body.message);
    const parsed = enrollRequestV2Schema.safeParse(body.value);
    if (!parsed.success)
      return apiError(
        c,
        400,
        'malformed',
        'Send {"code": string, "label": string (≤ 100), "devicePublicKey": P-256 public JWK}.',
      );
    const { code, label, devicePublicKey } = parsed.data;
    let kid: string;
    try {
      ({ kid } = await describePublicKey(devicePublicKey));
    } catch {
      // Well-formed base64url that is not a point on P-256.
      return apiError(c, 400, 'malformed', 'devicePublicKey is not a valid P-256 public key.');
    }
    const token = newToken();
    const jwk = {
      kty: devicePublicKey.kty,
      crv: devicePublicKey.crv,
      x: devicePublicKey.x,
      y: devicePublicKey.y,
    };
    const deviceId = await redeemEnrollmentCode(db, dataKey, {
      codeHash: keyedHashHex(dataKey, normalizeEnrollmentCode(code)),
      label: label.trim(),
      tokenHash: tokenHash(token),
      now: now(),
      publicKey: { jwk: JSON.stringify(jwk), kid },
    });
    if (deviceId === undefined)
      return apiError(
        c,
        403,
        'enrollment_code_invalid',
        'This enrollment code is unknown, expired or used up; ask the coordinator for a new one.',
      );
    c.set('deviceId', deviceId);
    const response: EnrollResponseV2 = {
      deviceId,
      token,
      district: { name: await districtName(db), keys: await activeDistrictKeys(db) },
    };
    return c.json(response, 201);
  });

  // Authentication, then admission (per-device bound, quotas, body deadline, shape, slot).
  const admitPush = options.admission.middlewareFor(MAX_PUSH_BYTES_V2);
  app.post('/api/v2/sync/push', requireDevice({ db }), admitPush, async (c) => {
    const deviceId = c.get('deviceId') as string;
    const value = admittedBody(c);
    if (!isPlainObject(value) || !Array.isArray(value.records))
      return apiError(c, 400, 'malformed', 'Send {"records": [sealed envelope, …]}.');
    const records: unknown[] = value.records;
    if (records.length > MAX_PUSH_RECORDS_V2)
      return apiError(
        c,
        413,
        'payload_too_large',
        `At most ${MAX_PUSH_RECORDS_V2} records per request; split the batch.`,
      );
    if (records.length === 0) return apiError(c, 400, 'malformed', 'Send at least one record.');
    if (!records.every(hasRecordIdentity))
      // Without an id and rev a record cannot get its own answer.
      return apiError(
        c,
        400,
        'malformed',
        'Every record needs a string "id" and an integer "rev" >= 1.',
      );
    try {
      const results = await ingestSealedRecords({ db, now }, deviceId, records);
      return c.json({ results, serverTime: now().toISOString() });
    } catch (error) {
      if (error instanceof DeviceRevokedError)
        return apiError(c, 403, 'device_revoked', 'This device was revoked; enroll it again.');
      throw error;
    }
  });

  app.get('/api/v2/sync/feed', requireDevice({ db }), async (c) => {
    const deviceId = c.get('deviceId') as string;
    const allowed = feedLimiter.take(deviceId);
    if (!allowed.ok)
      return apiError(c, 429, 'rate_limited', 'Too many requests; wait and try again.', {
        'Retry-After': String(allowed.retryAfterSeconds),
      });
    const query = feedQuerySchema.safeParse({
      after: c.req.query('after'),
      limit: c.req.query('limit') ?? FEED_LIMIT_DEFAULT,
    });
    const afterSeq = query.success ? decodeCursor(query.data.after) : undefined;
    if (!query.success || afterSeq === undefined)
      return apiError(
        c,
        400,
        'malformed',
        'Use ?after=<cursor from an earlier page>&limit=<1..500> (both optional).',
      );
    return c.json(await readFeedPage(db, deviceId, afterSeq, query.data.limit));
  });

  app.all('/api/v2/openapi.json', methodNotAllowed('GET'));
  app.all('/api/v2/devices/enroll', methodNotAllowed('POST'));
  app.all('/api/v2/sync/push', methodNotAllowed('POST'));
  app.all('/api/v2/sync/feed', methodNotAllowed('GET'));
  return app;
}

/** POST /api/v1/sync/push once v1 is retired: 410 upgrade_required, nothing read or stored. */
export function retiredV1PushRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/api/v1/sync/push', (c) =>
    apiError(
      c,
      410,
      'upgrade_required',
      'This server speaks sync contract v2 only; update the app (it updates itself when online).',
    ),
  );
  app.all('/api/v1/sync/push', methodNotAllowed('POST'));
  return app;
}
