// Who holds which district key. The browser generates the key pair, wraps the private half with
// the holder's passphrase and sends the public key and the wrapped blob; the server stores both
// and never sees a private key. A holder re-wraps the key in the browser for a new holder.
import type { DistrictKeyState } from '../../domain/console';
import { publicJwkSchema, type PublicJwk } from '../../domain/contract';
import type { ServerDb } from '../db';
import { activeDistrictKeys, registerDistrictKey, retireDistrictKey } from '../districtKeys';

export async function districtKeyState(db: ServerDb): Promise<DistrictKeyState> {
  const keys = await db
    .selectFrom('district_keys')
    .selectAll()
    .orderBy('created_at')
    .orderBy('kid')
    .execute();
  const holders = await db
    .selectFrom('console_key_holders as h')
    .innerJoin('console_accounts as a', 'a.id', 'h.account_id')
    .select(['h.kid', 'h.account_id', 'h.created_at', 'a.display_name'])
    .orderBy('h.created_at')
    .execute();
  return {
    keys: keys.map((row) => ({
      kid: row.kid,
      publicKey: publicJwkSchema.parse(JSON.parse(row.public_key)),
      fingerprint: row.fingerprint,
      createdAt: row.created_at,
      ...(row.retired_at !== null ? { retiredAt: row.retired_at } : {}),
    })),
    holders: holders.map((row) => ({
      accountId: row.account_id,
      displayName: row.display_name,
      kid: row.kid,
      createdAt: row.created_at,
    })),
  };
}

/** The caller's wrapped keys (retired ones too: old records stay sealed to them). */
export async function wrappedKeysOf(
  db: ServerDb,
  accountId: string,
): Promise<{ kid: string; wrapped: Record<string, unknown> }[]> {
  const rows = await db
    .selectFrom('console_key_holders')
    .select(['kid', 'wrapped'])
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({
    kid: row.kid,
    wrapped: JSON.parse(row.wrapped) as Record<string, unknown>,
  }));
}

export async function isHolder(db: ServerDb, kid: string, accountId: string): Promise<boolean> {
  const row = await db
    .selectFrom('console_key_holders')
    .select('kid')
    .where('kid', '=', kid)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row !== undefined;
}

export class KeyHolderError extends Error {
  constructor(
    readonly code: 'not_key_holder' | 'retired_key' | 'already_holder' | 'not_found',
    message: string,
  ) {
    super(message);
    this.name = 'KeyHolderError';
  }
}

/**
 * Registers a new key generated in the browser with its first holder. When keys are active
 * already, only a holder of an active key may do this (rotation): the new key becomes active
 * first, then the previous ones are retired, so phones always have a key to seal to.
 */
export async function registerBrowserKey(
  db: ServerDb,
  input: { publicKey: PublicJwk; wrapped: Record<string, unknown>; accountId: string },
  now: Date,
): Promise<{ kid: string; fingerprint: string; retired: string[] }> {
  const previous = await activeDistrictKeys(db);
  if (previous.length > 0) {
    const held = await Promise.all(previous.map((k) => isHolder(db, k.kid, input.accountId)));
    if (!held.some(Boolean))
      throw new KeyHolderError(
        'not_key_holder',
        'Only a holder of the current district key can replace it.',
      );
  }
  let key;
  try {
    key = await registerDistrictKey(db, input.publicKey, now);
  } catch (error) {
    throw new KeyHolderError(
      'retired_key',
      error instanceof Error ? error.message : 'This key was retired.',
    );
  }
  if (previous.some((k) => k.kid === key.kid))
    throw new KeyHolderError('already_holder', 'This key is the active key already.');
  await db
    .insertInto('console_key_holders')
    .values({
      kid: key.kid,
      account_id: input.accountId,
      wrapped: JSON.stringify(input.wrapped),
      created_at: now.toISOString(),
    })
    .execute();
  const retired: string[] = [];
  for (const old of previous) if (await retireDistrictKey(db, old.kid, now)) retired.push(old.kid);
  return { kid: key.kid, fingerprint: key.fingerprint, retired };
}

/** Adds a holder of `kid` (the caller must hold it; the new holder must be a coordinator). */
export async function addHolder(
  db: ServerDb,
  input: { kid: string; accountId: string; wrapped: Record<string, unknown>; by: string },
  now: Date,
): Promise<void> {
  const key = await db
    .selectFrom('district_keys')
    .select(['kid'])
    .where('kid', '=', input.kid)
    .executeTakeFirst();
  if (key === undefined) throw new KeyHolderError('not_found', 'No such district key.');
  if (!(await isHolder(db, input.kid, input.by)))
    throw new KeyHolderError('not_key_holder', 'Only a holder of this key can add another.');
  if (await isHolder(db, input.kid, input.accountId))
    throw new KeyHolderError('already_holder', 'This account holds the key already.');
  await db
    .insertInto('console_key_holders')
    .values({
      kid: input.kid,
      account_id: input.accountId,
      wrapped: JSON.stringify(input.wrapped),
      created_at: now.toISOString(),
    })
    .execute();
}
