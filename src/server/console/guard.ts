// The console's authentication as middleware: the Origin check against cross-site request forgery,
// the session cookie, and role checks. `consoleGuard` runs on every /api/console/* request
// (mounted once in httpApp.ts, before the console's and the map's routes); `requireSession` and
// `requireRole` then only read what it found, so any area under /api/console/ can use them.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SESSION_COOKIE, type ConsoleRole } from '../../domain/console';
import type { ServerDb } from '../db';
import { apiError, type AppEnv } from '../http/common';
import { rolesOf } from './accounts';
import { ABSOLUTE_MS, findSession } from './sessions';

export interface ConsoleOriginOptions {
  /** PUBLIC_URL: the console's public origin; otherwise taken from the request. */
  publicOrigin?: string;
  /** Reverse proxies in front (their X-Forwarded-Proto is trusted). */
  proxies: number;
  /** Behind a TLS-terminating proxy. */
  tlsProxy: boolean;
}

/** Whether the request reached us over TLS (directly or through a trusted proxy). */
export function viaTls(c: Context, options: ConsoleOriginOptions): boolean {
  if (options.tlsProxy) return true;
  if (options.publicOrigin?.startsWith('https://')) return true;
  if (options.proxies > 0)
    return c.req.header('x-forwarded-proto')?.split(',').at(-1)?.trim() === 'https';
  return new URL(c.req.url).protocol === 'https:';
}

/** The origin the console is served from, which every state-changing request must carry. */
export function ownOrigin(c: Context, options: ConsoleOriginOptions): string {
  if (options.publicOrigin !== undefined) return new URL(options.publicOrigin).origin;
  const url = new URL(c.req.url);
  const scheme = viaTls(c, options) ? 'https:' : url.protocol;
  return `${scheme}//${url.host}`;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ConsoleGuardOptions extends ConsoleOriginOptions {
  db: ServerDb;
  now: () => Date;
}

export function consoleGuard(options: ConsoleGuardOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Cross-site request forgery: a state-changing request must come from the console's own
    // origin. SameSite=Strict already keeps the cookie off cross-site requests; this is the second
    // wall (and covers same-site sibling hosts, which SameSite does not).
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin');
      if (origin === undefined || origin !== ownOrigin(c, options))
        return apiError(
          c,
          403,
          'bad_origin',
          'This request did not come from the console page; reload the console and try again.',
        );
    }
    const token = getCookie(c, SESSION_COOKIE);
    if (token !== undefined) {
      const session = await findSession(options.db, token, options.now());
      if (session !== undefined) c.set('consoleSession', session);
    }
    await next();
    return undefined;
  };
}

/** Sets the session cookie (HttpOnly, SameSite=Strict, Path=/api/console, Secure behind TLS). */
export function setSessionCookie(c: Context, token: string, options: ConsoleOriginOptions): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/api/console',
    secure: viaTls(c, options),
    maxAge: Math.floor(ABSOLUTE_MS / 1000),
  });
}

export function clearSessionCookie(c: Context, options: ConsoleOriginOptions): void {
  deleteCookie(c, SESSION_COOKIE, {
    path: '/api/console',
    httpOnly: true,
    sameSite: 'Strict',
    secure: viaTls(c, options),
  });
}

/** Why the request has no full session, or undefined when it has one. */
function sessionProblem(c: Context<AppEnv>): Response | undefined {
  const session = c.get('consoleSession');
  if (session === undefined)
    return apiError(c, 401, 'unauthenticated', 'Your session has ended; sign in again.');
  if (session.pending)
    return apiError(
      c,
      401,
      'second_factor_required',
      'Confirm the sign-in with your passkey first.',
    );
  return undefined;
}

/** 401 without a full session (none, expired, ended, or the second factor still to come). */
export function requireSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const problem = sessionProblem(c);
    if (problem !== undefined) return problem;
    await next();
    return undefined;
  };
}

/**
 * A full session whose account holds at least one of `roles` (else 403 forbidden). Exported for
 * every console area, e.g. the map: `app.get('/api/console/map/table', requireRole('viewer',
 * 'coordinator'), handler)`.
 */
export function requireRole(...roles: ConsoleRole[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const problem = sessionProblem(c);
    if (problem !== undefined) return problem;
    const held = sessionRoles(c);
    if (!roles.some((role) => held.includes(role)))
      return apiError(
        c,
        403,
        'forbidden',
        'Your account does not have the role for this; ask an administrator.',
      );
    await next();
    return undefined;
  };
}

/** The roles of the request's account (after requireSession). */
export function sessionRoles(c: Context<AppEnv>): ConsoleRole[] {
  return rolesOf(c.get('consoleSession')?.account ?? { roles: '' });
}
