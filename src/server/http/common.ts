// What every route module of the HTTP app shares: the Hono environment (per-request variables),
// the dependencies handed to each area, and the contract's error body.
import type { Context } from 'hono';
import type { DataKey } from '../crypto';
import type { ServerDb } from '../db';
import type { SessionView } from '../console/sessions';

export type AppEnv = {
  Bindings: { incoming?: { socket?: { remoteAddress?: string } } };
  Variables: {
    /** The authenticated device (set by requireDevice); the access log shows its first 8 chars. */
    deviceId?: string;
    /** The console session of the request (set by the console's session middleware). */
    consoleSession?: SessionView;
  };
};

/** Dependencies of the route modules, built once by createServerApp. */
export interface RouteDeps {
  db: ServerDb;
  dataKey: DataKey;
  now: () => Date;
  /** The client's address for rate limits (honours TRUST_PROXY). */
  clientAddress: (c: Context<AppEnv>) => string;
}

export type ErrorStatus =
  400 | 401 | 403 | 404 | 405 | 408 | 409 | 410 | 413 | 415 | 429 | 500 | 503;

/** `{"error":{"code","message"}}` with a status: every whole-request error of the API. */
export function apiError(
  c: Context,
  status: ErrorStatus,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Response {
  return c.json({ error: { code, message } }, status, headers);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** 405 with Allow for every other method on a path. */
export function methodNotAllowed(allow: string) {
  return (c: Context) => apiError(c, 405, 'method_not_allowed', `Use ${allow}.`, { Allow: allow });
}
