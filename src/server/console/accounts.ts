// Console accounts: creation with a one-time setup link, passwords, roles, disabling. Nothing is
// ever deleted: a disabled account keeps its history (audit, reviews) and can be enabled again.
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import {
  CONSOLE_ROLES,
  SETUP_TOKEN_HOURS,
  type Account,
  type ConsoleRole,
  type Me,
} from '../../domain/console';
import { newToken, tokenHash } from '../crypto';
import type { ServerDb } from '../db';
import type { Executor } from '../feed/store';
import type { ConsoleAccountTable } from './schema';

export class AccountError extends Error {
  constructor(
    readonly code: 'username_taken' | 'not_found' | 'last_admin' | 'setup_invalid',
    message: string,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}

export type AccountRow = Selectable<ConsoleAccountTable>;

export function rolesOf(row: Pick<AccountRow, 'roles'>): ConsoleRole[] {
  const roles = row.roles.split(',');
  return CONSOLE_ROLES.filter((role) => roles.includes(role));
}

async function passkeyCounts(db: Executor, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('console_passkeys')
    .select(['account_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('account_id', 'in', ids)
    .groupBy('account_id')
    .execute();
  return new Map(rows.map((row) => [row.account_id, Number(row.n)]));
}

export async function meOf(db: Executor, row: AccountRow): Promise<Me> {
  const counts = await passkeyCounts(db, [row.id]);
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: rolesOf(row),
    passkeys: counts.get(row.id) ?? 0,
  };
}

function accountOf(row: AccountRow, passkeys: number): Account {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: rolesOf(row),
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
    setupPending: row.password_hash === null,
    passkeys,
  };
}

export async function findAccountByUsername(
  db: Executor,
  username: string,
): Promise<AccountRow | undefined> {
  return db
    .selectFrom('console_accounts')
    .selectAll()
    .where('username', '=', username.trim().toLowerCase())
    .executeTakeFirst();
}

export async function findAccount(db: Executor, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('console_accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listAccounts(db: ServerDb): Promise<Account[]> {
  const rows = await db
    .selectFrom('console_accounts')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const counts = await passkeyCounts(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => accountOf(row, counts.get(row.id) ?? 0));
}

export async function accountView(db: Executor, row: AccountRow): Promise<Account> {
  const counts = await passkeyCounts(db, [row.id]);
  return accountOf(row, counts.get(row.id) ?? 0);
}

/** A new setup token for an account (the previous unused ones stay valid until they expire). */
export async function issueSetupToken(db: Executor, accountId: string, now: Date): Promise<string> {
  const token = newToken();
  await db
    .insertInto('console_setup_tokens')
    .values({
      token_hash: tokenHash(token),
      account_id: accountId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SETUP_TOKEN_HOURS * 3_600_000).toISOString(),
      used_at: null,
    })
    .execute();
  return token;
}

/** Creates an account without a password and returns it with its one-time setup token. */
export async function createAccount(
  db: ServerDb,
  input: { username: string; displayName: string; roles: readonly ConsoleRole[] },
  now: Date,
): Promise<{ account: AccountRow; token: string }> {
  return db.transaction().execute(async (trx) => {
    const username = input.username.trim().toLowerCase();
    if ((await findAccountByUsername(trx, username)) !== undefined)
      throw new AccountError('username_taken', `The username "${username}" is taken.`);
    const row: AccountRow = {
      id: randomUUID(),
      username,
      display_name: input.displayName.trim(),
      roles: CONSOLE_ROLES.filter((r) => input.roles.includes(r)).join(','),
      password_hash: null,
      created_at: now.toISOString(),
      disabled_at: null,
    };
    await trx.insertInto('console_accounts').values(row).execute();
    const token = await issueSetupToken(trx, row.id, now);
    return { account: row, token };
  });
}

/**
 * Spends a setup token: sets the password hash and marks the token used, atomically (the
 * conditional update is first, so two uses of one link cannot both win).
 */
export async function useSetupToken(
  db: ServerDb,
  token: string,
  passwordHash: string,
  now: Date,
): Promise<AccountRow> {
  return db.transaction().execute(async (trx) => {
    const nowIso = now.toISOString();
    const hash = tokenHash(token);
    const spent = await trx
      .updateTable('console_setup_tokens')
      .set({ used_at: nowIso })
      .where('token_hash', '=', hash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1)
      throw new AccountError('setup_invalid', 'This setup link was used already or has expired.');
    const row = await trx
      .selectFrom('console_setup_tokens')
      .select('account_id')
      .where('token_hash', '=', hash)
      .executeTakeFirstOrThrow();
    const account = await findAccount(trx, row.account_id);
    if (account === undefined || account.disabled_at !== null)
      throw new AccountError('setup_invalid', 'This setup link was used already or has expired.');
    await trx
      .updateTable('console_accounts')
      .set({ password_hash: passwordHash })
      .where('id', '=', account.id)
      .execute();
    return { ...account, password_hash: passwordHash };
  });
}

export async function setPasswordHash(db: ServerDb, id: string, hash: string): Promise<void> {
  await db
    .updateTable('console_accounts')
    .set({ password_hash: hash })
    .where('id', '=', id)
    .execute();
}

/** Active (not disabled) admins other than `exceptId`. */
async function otherActiveAdmins(db: Executor, exceptId: string): Promise<number> {
  const rows = await db
    .selectFrom('console_accounts')
    .select(['id', 'roles'])
    .where('disabled_at', 'is', null)
    .where('id', '!=', exceptId)
    .execute();
  return rows.filter((row) => rolesOf(row).includes('admin')).length;
}

/**
 * Changes roles and/or the disabled flag. Refuses to leave the district without an active
 * administrator (nobody could then manage accounts). Returns the account before and after.
 */
export async function patchAccount(
  db: ServerDb,
  id: string,
  patch: { roles?: readonly ConsoleRole[]; disabled?: boolean },
  now: Date,
): Promise<{ before: AccountRow; after: AccountRow }> {
  return db.transaction().execute(async (trx) => {
    const before = await findAccount(trx, id);
    if (before === undefined) throw new AccountError('not_found', 'No such account.');
    const roles =
      patch.roles === undefined
        ? before.roles
        : CONSOLE_ROLES.filter((r) => patch.roles?.includes(r)).join(',');
    const disabledAt =
      patch.disabled === undefined
        ? before.disabled_at
        : patch.disabled
          ? (before.disabled_at ?? now.toISOString())
          : null;
    const after: AccountRow = { ...before, roles, disabled_at: disabledAt };
    const stillAdmin = disabledAt === null && rolesOf(after).includes('admin');
    const wasAdmin = before.disabled_at === null && rolesOf(before).includes('admin');
    if (wasAdmin && !stillAdmin && (await otherActiveAdmins(trx, id)) === 0)
      throw new AccountError('last_admin', 'The district needs at least one active administrator.');
    await trx
      .updateTable('console_accounts')
      .set({ roles, disabled_at: disabledAt })
      .where('id', '=', id)
      .execute();
    if (disabledAt !== null)
      await trx
        .updateTable('console_sessions')
        .set({ ended_at: now.toISOString() })
        .where('account_id', '=', id)
        .where('ended_at', 'is', null)
        .execute();
    return { before, after };
  });
}
