// Server-side sessions of the console. The cookie holds a random 256-bit token; the database holds
// only its SHA-256. A session ends on sign-out, on "sign out everywhere", when the account is
// disabled, after 30 minutes without a request (idle) and 12 hours after sign-in (absolute).
import { SESSION_ABSOLUTE_HOURS, SESSION_IDLE_MINUTES } from '../../domain/console';
import { newToken, tokenHash } from '../crypto';
import type { ServerDb } from '../db';
import type { AccountRow } from './accounts';

export const IDLE_MS = SESSION_IDLE_MINUTES * 60_000;
export const ABSOLUTE_MS = SESSION_ABSOLUTE_HOURS * 3_600_000;
/** last_seen_at is written at most this often (a busy console does not write on every request). */
const TOUCH_MS = 30_000;

export interface SessionView {
  tokenHash: string;
  pending: boolean;
  account: AccountRow;
}

export async function createSession(
  db: ServerDb,
  accountId: string,
  now: Date,
  pending: boolean,
): Promise<string> {
  const token = newToken();
  await db
    .insertInto('console_sessions')
    .values({
      token_hash: tokenHash(token),
      account_id: accountId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + ABSOLUTE_MS).toISOString(),
      ended_at: null,
      pending: pending ? 1 : 0,
    })
    .execute();
  return token;
}

/** The live session of a cookie token, touched; undefined when unknown, ended or expired. */
export async function findSession(
  db: ServerDb,
  token: string,
  now: Date,
): Promise<SessionView | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const hash = tokenHash(token);
  const row = await db
    .selectFrom('console_sessions')
    .innerJoin('console_accounts', 'console_accounts.id', 'console_sessions.account_id')
    .select([
      'console_sessions.last_seen_at',
      'console_sessions.expires_at',
      'console_sessions.ended_at',
      'console_sessions.pending',
      'console_accounts.id',
      'console_accounts.username',
      'console_accounts.display_name',
      'console_accounts.roles',
      'console_accounts.password_hash',
      'console_accounts.created_at',
      'console_accounts.disabled_at',
    ])
    .where('console_sessions.token_hash', '=', hash)
    .executeTakeFirst();
  if (row === undefined || row.ended_at !== null) return undefined;
  const nowMs = now.getTime();
  const idle = nowMs - Date.parse(row.last_seen_at) > IDLE_MS;
  if (idle || nowMs >= Date.parse(row.expires_at) || row.disabled_at !== null) {
    await endSession(db, hash, now);
    return undefined;
  }
  if (nowMs - Date.parse(row.last_seen_at) > TOUCH_MS)
    await db
      .updateTable('console_sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('token_hash', '=', hash)
      .execute();
  return {
    tokenHash: hash,
    pending: row.pending === 1,
    account: {
      id: row.id,
      username: row.username,
      display_name: row.display_name,
      roles: row.roles,
      password_hash: row.password_hash,
      created_at: row.created_at,
      disabled_at: row.disabled_at,
    },
  };
}

export async function endSession(db: ServerDb, hash: string, now: Date): Promise<void> {
  await db
    .updateTable('console_sessions')
    .set({ ended_at: now.toISOString() })
    .where('token_hash', '=', hash)
    .where('ended_at', 'is', null)
    .execute();
}

/** Ends every session of an account; returns how many were live. */
export async function endAllSessions(db: ServerDb, accountId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('console_sessions')
    .set({ ended_at: now.toISOString() })
    .where('account_id', '=', accountId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The second factor was verified: the pending session becomes a full one. */
export async function completeSession(db: ServerDb, hash: string, now: Date): Promise<void> {
  await db
    .updateTable('console_sessions')
    .set({ pending: 0, last_seen_at: now.toISOString() })
    .where('token_hash', '=', hash)
    .execute();
}
