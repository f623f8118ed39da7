// Device bearer-token authentication as Hono middleware, for every endpoint a phone calls with
// its token (push v1/v2, feed). The token's format is checked first and costs nothing; the
// database is asked only after the optional `admit` gate let the request in.
import type { Context, MiddlewareHandler, Next } from 'hono';
import { tokenHash } from '../crypto';
import { findDeviceByTokenHash } from '../devices';
import type { ServerDb } from '../db';
import { apiError, type AppEnv } from './common';

const BEARER = /^Bearer\s+([A-Za-z0-9_-]{16,256})\s*$/i;

export interface RequireDeviceOptions {
  db: ServerDb;
  /**
   * Runs after the token's format was accepted and before the database is asked; returns a
   * response to turn the request away (e.g. 429 when busy) or calls next.
   */
  admit?: (c: Context<AppEnv>, next: () => Promise<void>) => Promise<Response | void>;
}

/** 401 for a missing, malformed or unknown token, 403 for a revoked device; sets `deviceId`. */
export function requireDevice(options: RequireDeviceOptions): MiddlewareHandler<AppEnv> {
  return async (c: Context<AppEnv>, next: Next) => {
    const match = BEARER.exec(c.req.header('authorization') ?? '');
    if (match?.[1] === undefined) {
      return apiError(
        c,
        401,
        'unauthorized',
        'Missing or malformed bearer token; enroll this device.',
      );
    }
    const token = match[1];
    const authenticate = async (): Promise<Response | void> => {
      const device = await findDeviceByTokenHash(options.db, tokenHash(token));
      if (device === undefined) {
        return apiError(c, 401, 'unauthorized', 'Unknown token; enroll this device again.');
      }
      c.set('deviceId', device.id);
      if (device.revokedAt !== null) {
        return apiError(c, 403, 'device_revoked', 'This device was revoked; enroll it again.');
      }
      await next();
    };
    if (options.admit === undefined) return authenticate();
    let refused: Response | void = undefined;
    const admitted = await options.admit(c, async () => {
      refused = await authenticate();
    });
    return admitted ?? refused;
  };
}
