// Area "passkeys": register one (signed in), sign in with one as the second factor (pending
// session) or without a password.
import { Hono } from 'hono';
import {
  passkeyOptionsRequestSchema,
  passkeyRegisterRequestSchema,
  passkeyVerifyRequestSchema,
} from '../../../domain/console';
import { apiError, type AppEnv } from '../../http/common';
import { findAccount, meOf } from '../accounts';
import { appendAudit } from '../audit';
import { ownOrigin, requireSession } from '../guard';
import {
  authenticationOptions,
  PasskeyError,
  registerPasskey,
  registrationOptions,
  verifyPasskey,
  type RelyingParty,
} from '../passkeys';
import { completeSession } from '../sessions';
import { lockedFor, recordFailure, throttleKeys } from '../throttle';
import { signIn } from './auth';
import { actor, parseBody, type ConsoleDeps } from './common';
import type { Context } from 'hono';

export function passkeyRoutes(deps: ConsoleDeps): Hono<AppEnv> {
  const { db, now } = deps;
  const app = new Hono<AppEnv>();
  const rp = (c: Context<AppEnv>): RelyingParty => ({
    name: deps.rpName,
    origin: ownOrigin(c, deps),
  });

  app.post('/me/passkeys/options', requireSession(), async (c) => {
    const account = c.get('consoleSession')?.account;
    if (account === undefined) return apiError(c, 401, 'unauthenticated', 'Sign in again.');
    return c.json(await registrationOptions(db, rp(c), account, now()));
  });

  app.post('/me/passkeys', requireSession(), async (c) => {
    const body = await parseBody(c, passkeyRegisterRequestSchema, 'Send {"response", "label"?}');
    if (!body.ok) return body.response;
    const account = c.get('consoleSession')?.account;
    if (account === undefined) return apiError(c, 401, 'unauthenticated', 'Sign in again.');
    try {
      const added = await registerPasskey(
        db,
        rp(c),
        account,
        body.data.response,
        body.data.label ?? '',
        now(),
      );
      await appendAudit(db, { ...actor(c), action: 'passkey_added', detail: added.label }, now());
      return c.json(added, 201);
    } catch (error) {
      if (error instanceof PasskeyError)
        return apiError(
          c,
          400,
          'passkey_invalid',
          'The passkey could not be registered; try again.',
        );
      throw error;
    }
  });

  app.post('/auth/passkey/options', async (c) => {
    const body = await parseBody(c, passkeyOptionsRequestSchema, 'Send {} or {"username"}');
    if (!body.ok) return body.response;
    const session = c.get('consoleSession');
    const account = session?.pending === true ? session.account : undefined;
    return c.json(await authenticationOptions(db, rp(c), account, now()));
  });

  app.post('/auth/passkey/verify', async (c) => {
    const body = await parseBody(c, passkeyVerifyRequestSchema, 'Send {"response"}');
    if (!body.ok) return body.response;
    const session = c.get('consoleSession');
    const pending = session?.pending === true ? session : undefined;
    const keys = throttleKeys(
      deps.dataKey,
      pending?.account.username ?? '(passkey)',
      deps.clientAddress(c),
    );
    const wait = await lockedFor(db, keys, now());
    if (wait > 0)
      return apiError(c, 429, 'rate_limited', `Too many failed sign-ins; wait ${wait} seconds.`, {
        'Retry-After': String(wait),
      });
    let accountId: string;
    try {
      accountId = await verifyPasskey(db, rp(c), body.data.response, pending?.account.id, now());
    } catch (error) {
      if (!(error instanceof PasskeyError)) throw error;
      await recordFailure(db, keys, now(), deps.throttle);
      await appendAudit(
        db,
        {
          actorId: pending?.account.id ?? null,
          actorName: pending?.account.username ?? '',
          action: 'sign_in_failed',
          detail: 'passkey',
        },
        now(),
      );
      return apiError(
        c,
        401,
        'bad_credentials',
        'The passkey was not accepted. Try again or use another passkey.',
      );
    }
    const account = await findAccount(db, accountId);
    if (account === undefined || account.disabled_at !== null)
      return apiError(c, 403, 'account_disabled', 'This account was disabled.');
    if (pending !== undefined) {
      await completeSession(db, pending.tokenHash, now());
      await appendAudit(
        db,
        { ...actor(c), action: 'sign_in', detail: 'passkey (second factor)' },
        now(),
      );
      return c.json({ account: await meOf(db, account), needsSecondFactor: false });
    }
    return c.json(await signIn(c, deps, account, 'passkey', true));
  });

  return app;
}
