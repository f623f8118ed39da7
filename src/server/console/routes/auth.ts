// Area "console auth": sign-in with a password (throttled), the one-time setup link, sign-out
// (here or everywhere), the signed-in account and its password.
import { Hono } from 'hono';
import {
  loginRequestSchema,
  passwordChangeSchema,
  setupRequestSchema,
  type LoginResponse,
} from '../../../domain/console';
import { apiError, type AppEnv } from '../../http/common';
import {
  AccountError,
  findAccountByUsername,
  meOf,
  setPasswordHash,
  useSetupToken,
  type AccountRow,
} from '../accounts';
import { appendAudit } from '../audit';
import { clearSessionCookie, requireSession, setSessionCookie } from '../guard';
import { hashPassword, passwordProblem, verifyNothing, verifyPassword } from '../passwords';
import { createSession, endAllSessions, endSession } from '../sessions';
import { lockedFor, recordFailure, recordSuccess, throttleKeys } from '../throttle';
import { actor, parseBody, type ConsoleDeps } from './common';
import type { Context } from 'hono';

async function passkeyCount(deps: ConsoleDeps, accountId: string): Promise<number> {
  const row = await deps.db
    .selectFrom('console_passkeys')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Opens a session for the account (pending while a passkey must still confirm it). */
export async function signIn(
  c: Context<AppEnv>,
  deps: ConsoleDeps,
  account: AccountRow,
  how: string,
  secondFactorDone = false,
): Promise<LoginResponse> {
  const now = deps.now();
  const needsSecondFactor = !secondFactorDone && (await passkeyCount(deps, account.id)) > 0;
  const token = await createSession(deps.db, account.id, now, needsSecondFactor);
  setSessionCookie(c, token, deps);
  await appendAudit(
    deps.db,
    {
      actorId: account.id,
      actorName: account.username,
      action: 'sign_in',
      detail: needsSecondFactor ? `${how}; passkey to follow` : how,
    },
    now,
  );
  return { account: await meOf(deps.db, account), needsSecondFactor };
}

export function authRoutes(deps: ConsoleDeps): Hono<AppEnv> {
  const { db, now } = deps;
  const app = new Hono<AppEnv>();

  app.post('/auth/login', async (c) => {
    const body = await parseBody(c, loginRequestSchema, 'Send {"username", "password"}');
    if (!body.ok) return body.response;
    const { username, password } = body.data;
    const keys = throttleKeys(deps.dataKey, username, deps.clientAddress(c));
    const wait = await lockedFor(db, keys, now());
    if (wait > 0)
      return apiError(
        c,
        429,
        'rate_limited',
        `Too many failed sign-ins; wait ${wait} seconds and try again.`,
        { 'Retry-After': String(wait) },
      );
    const account = await findAccountByUsername(db, username);
    const ok =
      account?.password_hash != null
        ? await verifyPassword(password, account.password_hash)
        : await verifyNothing(password);
    if (!ok || account === undefined) {
      await recordFailure(db, keys, now(), deps.throttle);
      // The name as typed is not logged (people type passwords into the username field).
      await appendAudit(
        db,
        {
          actorId: account?.id ?? null,
          actorName: account?.username ?? '',
          action: 'sign_in_failed',
          detail: account === undefined ? 'unknown username' : 'wrong password',
        },
        now(),
      );
      return apiError(
        c,
        401,
        'bad_credentials',
        'The username or password is wrong. Check them and try again.',
      );
    }
    await recordSuccess(db, keys);
    if (account.disabled_at !== null) {
      await appendAudit(
        db,
        {
          actorId: account.id,
          actorName: account.username,
          action: 'sign_in_refused',
          detail: 'disabled',
        },
        now(),
      );
      return apiError(
        c,
        403,
        'account_disabled',
        'This account was disabled. Ask an administrator if you need it again.',
      );
    }
    return c.json(await signIn(c, deps, account, 'password'));
  });

  app.post('/auth/setup', async (c) => {
    const body = await parseBody(c, setupRequestSchema, 'Send {"token", "password"}');
    if (!body.ok) return body.response;
    const problem = passwordProblem(body.data.password);
    if (problem !== undefined) return apiError(c, 400, 'weak_password', problem);
    let account: AccountRow;
    try {
      account = await useSetupToken(
        db,
        body.data.token,
        await hashPassword(body.data.password),
        now(),
      );
    } catch (error) {
      if (error instanceof AccountError)
        return apiError(
          c,
          400,
          'setup_invalid',
          'This setup link was used already or has expired. Ask an administrator for a new one.',
        );
      throw error;
    }
    await appendAudit(
      db,
      { actorId: account.id, actorName: account.username, action: 'password_set' },
      now(),
    );
    return c.json(await signIn(c, deps, account, 'setup link'));
  });

  app.post('/auth/logout', async (c) => {
    const session = c.get('consoleSession');
    if (session !== undefined) {
      await endSession(db, session.tokenHash, now());
      await appendAudit(db, { ...actor(c), action: 'sign_out' }, now());
    }
    clearSessionCookie(c, deps);
    return c.body(null, 204);
  });

  app.post('/auth/logout-everywhere', requireSession(), async (c) => {
    const account = c.get('consoleSession')?.account as AccountRow;
    const ended = await endAllSessions(db, account.id, now());
    await appendAudit(
      db,
      { ...actor(c), action: 'sign_out_everywhere', detail: `${ended} sessions` },
      now(),
    );
    clearSessionCookie(c, deps);
    return c.json({ ended });
  });

  app.get('/me', requireSession(), async (c) =>
    c.json(await meOf(db, c.get('consoleSession')?.account as AccountRow)),
  );

  app.post('/me/password', requireSession(), async (c) => {
    const body = await parseBody(c, passwordChangeSchema, 'Send {"current", "next"}');
    if (!body.ok) return body.response;
    const session = c.get('consoleSession');
    const account = session?.account as AccountRow;
    const keys = throttleKeys(deps.dataKey, account.username, deps.clientAddress(c));
    const wait = await lockedFor(db, keys, now());
    if (wait > 0)
      return apiError(c, 429, 'rate_limited', `Too many wrong passwords; wait ${wait} seconds.`, {
        'Retry-After': String(wait),
      });
    if (
      account.password_hash === null ||
      !(await verifyPassword(body.data.current, account.password_hash))
    ) {
      await recordFailure(db, keys, now(), deps.throttle);
      return apiError(c, 400, 'wrong_password', 'Your current password is wrong; nothing changed.');
    }
    const problem = passwordProblem(body.data.next, [account.username, account.display_name]);
    if (problem !== undefined) return apiError(c, 400, 'weak_password', problem);
    await setPasswordHash(db, account.id, await hashPassword(body.data.next));
    // Every other session ends: whoever knew the old password is signed out.
    const ended = await endAllSessions(db, account.id, now());
    await appendAudit(db, { ...actor(c), action: 'password_changed' }, now());
    const response = await signIn(c, deps, account, 'password change', true);
    return c.json({ ...response, endedSessions: ended });
  });

  return app;
}
