// District public keys: phones seal every record to all active ones. Registering or retiring a
// key appends a `keys` feed item with the new active set in the same transaction, so phones learn
// of every change. Used by the admin CLI and (later) the coordinator console's key setup.
import {
  districtKeySchema,
  publicJwkSchema,
  type DistrictKey,
  type PublicJwk,
} from '../domain/contract';
import { describePublicKey } from '../crypto/seal';
import type { ServerDb } from './db';
import { appendFeedItemsIn, type Executor } from './feed/store';

/** Every active district key, oldest first. */
export async function activeDistrictKeys(db: Executor): Promise<DistrictKey[]> {
  const rows = await db
    .selectFrom('district_keys')
    .select(['kid', 'public_key', 'fingerprint'])
    .where('retired_at', 'is', null)
    .orderBy('created_at')
    .orderBy('kid')
    .execute();
  return rows.map((row) =>
    districtKeySchema.parse({
      kid: row.kid,
      publicKey: JSON.parse(row.public_key),
      fingerprint: row.fingerprint,
    }),
  );
}

/** Registers a public key as an active district key and tells every phone. Idempotent per kid. */
export async function registerDistrictKey(
  db: ServerDb,
  publicKey: PublicJwk,
  now: Date = new Date(),
): Promise<DistrictKey> {
  const jwk = publicJwkSchema.parse(publicKey);
  const clean: PublicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  const { kid, fingerprint } = await describePublicKey(clean);
  await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('district_keys')
      .select(['kid', 'retired_at'])
      .where('kid', '=', kid)
      .executeTakeFirst();
    if (existing !== undefined) {
      if (existing.retired_at !== null)
        throw new Error(`District key ${kid} was retired; a retired key is never used again.`);
      return;
    }
    await trx
      .insertInto('district_keys')
      .values({
        kid,
        public_key: JSON.stringify(clean),
        fingerprint,
        created_at: now.toISOString(),
        retired_at: null,
      })
      .execute();
    await announceKeys(trx, now);
  });
  return { kid, publicKey: clean, fingerprint };
}

/** Retires a key: phones stop sealing to it, and the server answers unknown_key for it. */
export async function retireDistrictKey(
  db: ServerDb,
  kid: string,
  now: Date = new Date(),
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('district_keys')
      .set({ retired_at: now.toISOString() })
      .where('kid', '=', kid)
      .where('retired_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await announceKeys(trx, now);
    return true;
  });
}

async function announceKeys(trx: Executor, now: Date): Promise<void> {
  const keys = await activeDistrictKeys(trx);
  await appendFeedItemsIn(trx, [{ item: { type: 'keys', keys } }], now);
}

/** The district's name as phones show it (server_meta `district_name`). */
export async function districtName(db: ServerDb): Promise<string> {
  const row = await db
    .selectFrom('server_meta')
    .select('value')
    .where('name', '=', 'district_name')
    .executeTakeFirst();
  return row?.value ?? '';
}

export async function setDistrictName(db: ServerDb, name: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('server_meta')
      .set({ value: name })
      .where('name', '=', 'district_name')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0)
      await trx.insertInto('server_meta').values({ name: 'district_name', value: name }).execute();
  });
}
