// Area "devices": enrollment of a phone with a code from the coordinator (v1).
import { Hono } from 'hono';
import { readJsonBody } from '../body';
import { keyedHashHex, newToken, tokenHash } from '../crypto';
import { normalizeEnrollmentCode, redeemEnrollmentCode } from '../devices';
import {
  apiError,
  isPlainObject,
  methodNotAllowed,
  type AppEnv,
  type RouteDeps,
} from '../http/common';
import { RateLimiter, type RateLimit } from '../rateLimit';

export const MAX_ENROLL_BYTES = 4 * 1024;
const MAX_LABEL_LENGTH = 100;

export interface EnrollRouteOptions extends RouteDeps {
  /** Enrollment attempts per client address. */
  limit: RateLimit;
}

export function enrollRoutes(options: EnrollRouteOptions): Hono<AppEnv> {
  const { db, dataKey, now } = options;
  const limiter = new RateLimiter(options.limit, () => now().getTime());
  const app = new Hono<AppEnv>();

  app.post('/api/v1/devices/enroll', async (c) => {
    const allowed = limiter.take(options.clientAddress(c));
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

  app.all('/api/v1/devices/enroll', methodNotAllowed('POST'));
  return app;
}
