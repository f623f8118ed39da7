// Sign-in throttling per username and per client address, kept in the database so replicas on one
// PostgreSQL share it. A key may fail a few times freely; from then on every failure locks it for
// a growing time (doubling up to 15 minutes). While locked, sign-in answers 429 with Retry-After
// before any password is checked. Failures are forgotten an hour after the last one; a successful
// sign-in clears the username's count (not the address's: one good account must not unlock
// guessing at the others from the same address).
import { keyedHashHex, type DataKey } from '../crypto';
import type { ServerDb } from '../db';
import { withAppendRetry } from './retry';

export interface ThrottlePolicy {
  /** Failures a username may have before it is locked. */
  usernameFree: number;
  /** Failures one address may have (offices share one address behind NAT). */
  addressFree: number;
  /** First lock, in seconds; doubles with each further failure. */
  firstLockSeconds: number;
  maxLockSeconds: number;
  /** Failures older than this are forgotten. */
  forgetAfterMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  usernameFree: 5,
  addressFree: 20,
  firstLockSeconds: 15,
  maxLockSeconds: 900,
  forgetAfterMs: 3_600_000,
};

export interface ThrottleKeys {
  username: string;
  address: string;
}

export function throttleKeys(key: DataKey, username: string, address: string): ThrottleKeys {
  return {
    // Keyed hashes: the table does not keep usernames people mistyped, nor addresses.
    username: `u:${keyedHashHex(key, `console-login-user:${username.trim().toLowerCase()}`).slice(0, 40)}`,
    address: `a:${keyedHashHex(key, `console-login-address:${address}`).slice(0, 40)}`,
  };
}

/** Seconds until a sign-in may be tried again for these keys; 0 when allowed now. */
export async function lockedFor(db: ServerDb, keys: ThrottleKeys, now: Date): Promise<number> {
  const rows = await db
    .selectFrom('console_login_throttle')
    .select(['locked_until'])
    .where('key', 'in', [keys.username, keys.address])
    .execute();
  let wait = 0;
  for (const row of rows) {
    if (row.locked_until === null) continue;
    wait = Math.max(wait, Math.ceil((Date.parse(row.locked_until) - now.getTime()) / 1000));
  }
  return Math.max(0, wait);
}

async function failOne(
  db: ServerDb,
  key: string,
  free: number,
  policy: ThrottlePolicy,
  now: Date,
): Promise<void> {
  await withAppendRetry(() =>
    db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('console_login_throttle')
        .selectAll()
        .where('key', '=', key)
        .executeTakeFirst();
      const stale =
        row === undefined || now.getTime() - Date.parse(row.last_failure_at) > policy.forgetAfterMs;
      const failures = stale ? 1 : row.failures + 1;
      const over = failures - free;
      const lockedUntil =
        over >= 0
          ? new Date(
              now.getTime() +
                Math.min(policy.maxLockSeconds, policy.firstLockSeconds * 2 ** Math.min(over, 20)) *
                  1000,
            ).toISOString()
          : null;
      const values = { failures, last_failure_at: now.toISOString(), locked_until: lockedUntil };
      if (row === undefined)
        await trx
          .insertInto('console_login_throttle')
          .values({ key, ...values })
          .execute();
      else
        await trx
          .updateTable('console_login_throttle')
          .set(values)
          .where('key', '=', key)
          .execute();
    }),
  );
}

export async function recordFailure(
  db: ServerDb,
  keys: ThrottleKeys,
  now: Date,
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
): Promise<void> {
  await failOne(db, keys.username, policy.usernameFree, policy, now);
  await failOne(db, keys.address, policy.addressFree, policy, now);
}

export async function recordSuccess(db: ServerDb, keys: ThrottleKeys): Promise<void> {
  await db.deleteFrom('console_login_throttle').where('key', '=', keys.username).execute();
}
