// Devices and enrollment codes: how a phone gets its token, and how a coordinator lists and
// revokes phones. Shared by the HTTP app and the admin CLI.
import { randomInt, randomUUID } from 'node:crypto';
import { keyedHashHex, seal, unseal, type DataKey } from './crypto';
import type { ServerDb } from './db';
import { publicJwkSchema, type PublicJwk } from '../domain/contract';

/** Characters people can read aloud and type without confusing them (no 0/O, 1/I/L). */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_LENGTH = 10;

/** A new code such as `K7M2Q-9XHTA` (about 50 bits). */
export function newEnrollmentCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** The form that is hashed: upper case, without spaces or dashes, as people may type it. */
export function normalizeEnrollmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]+/g, '');
}

export interface CreatedEnrollmentCode {
  code: string;
  expiresAt: string;
}

/** Stores a new code (only its keyed hash) valid for `uses` enrollments until now + hours. */
export async function createEnrollmentCode(
  db: ServerDb,
  key: DataKey,
  options: { uses: number; expiresInHours: number; now?: Date },
): Promise<CreatedEnrollmentCode> {
  const now = options.now ?? new Date();
  const code = newEnrollmentCode();
  const expiresAt = new Date(now.getTime() + options.expiresInHours * 3_600_000).toISOString();
  await db
    .insertInto('enrollment_codes')
    .values({
      code_hash: keyedHashHex(key, normalizeEnrollmentCode(code)),
      uses_left: options.uses,
      expires_at: expiresAt,
      created_at: now.toISOString(),
    })
    .execute();
  return { code, expiresAt };
}

function labelContext(deviceId: string): string {
  return `device-label:${deviceId}`;
}

/**
 * Spends one use of a code and enrolls a device, atomically: the conditional decrement is the
 * first statement, so two phones racing for the last use cannot both win. Returns the new device
 * id, or undefined when the code is unknown, expired or used up.
 */
export async function redeemEnrollmentCode(
  db: ServerDb,
  key: DataKey,
  request: {
    codeHash: string;
    label: string;
    tokenHash: string;
    now: Date;
    /** v2: the device's public key (JWK JSON) and its kid, stored with the device. */
    publicKey?: { jwk: string; kid: string };
  },
): Promise<string | undefined> {
  const nowIso = request.now.toISOString();
  return db.transaction().execute(async (trx) => {
    const spent = await trx
      .updateTable('enrollment_codes')
      .set((eb) => ({ uses_left: eb('uses_left', '-', 1) }))
      .where('code_hash', '=', request.codeHash)
      .where('uses_left', '>', 0)
      .where('expires_at', '>', nowIso)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return undefined;
    const id = randomUUID();
    await trx
      .insertInto('devices')
      .values({
        id,
        label: seal(key, request.label, labelContext(id)),
        token_hash: request.tokenHash,
        enrolled_at: nowIso,
        last_seen_at: null,
        revoked_at: null,
      })
      .execute();
    if (request.publicKey !== undefined)
      await trx
        .insertInto('device_public_keys')
        .values({
          device_id: id,
          public_key: request.publicKey.jwk,
          kid: request.publicKey.kid,
          created_at: nowIso,
        })
        .execute();
    return id;
  });
}

export interface DeviceInfo {
  id: string;
  label: string;
  enrolledAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

/** Every device, oldest enrollment first, with labels decrypted. */
export async function listDevices(db: ServerDb, key: DataKey): Promise<DeviceInfo[]> {
  const rows = await db
    .selectFrom('devices')
    .select(['id', 'label', 'enrolled_at', 'last_seen_at', 'revoked_at'])
    .orderBy('enrolled_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    label: unseal(key, row.label, labelContext(row.id)),
    enrolledAt: row.enrolled_at,
    lastSeenAt: row.last_seen_at,
    revokedAt: row.revoked_at,
  }));
}

/** Revokes a device (its token is refused from now on). Undefined if no such device. */
export async function revokeDevice(
  db: ServerDb,
  deviceId: string,
  now: Date = new Date(),
): Promise<{ deviceId: string; revokedAt: string } | undefined> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('devices')
      .set({ revoked_at: now.toISOString() })
      .where('id', '=', deviceId)
      .where('revoked_at', 'is', null)
      .execute();
    const row = await trx
      .selectFrom('devices')
      .select(['id', 'revoked_at'])
      .where('id', '=', deviceId)
      .executeTakeFirst();
    return row?.revoked_at ? { deviceId: row.id, revokedAt: row.revoked_at } : undefined;
  });
}

/**
 * Hands every record owned by one device to another, e.g. when a phone was revoked and enrolled
 * again, or a volunteer's records were restored from a backup onto a new phone: without this the
 * new device's edits of those records are rejected as `forbidden`. History rows keep the device
 * that actually sent them. Returns the number of records moved.
 */
export async function reassignRecords(
  db: ServerDb,
  fromDeviceId: string,
  toDeviceId: string,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const devices = await trx
      .selectFrom('devices')
      .select(['id', 'revoked_at'])
      .where('id', 'in', [fromDeviceId, toDeviceId])
      .execute();
    const from = devices.find((d) => d.id === fromDeviceId);
    const to = devices.find((d) => d.id === toDeviceId);
    if (from === undefined) throw new Error(`No device with id ${fromDeviceId}`);
    if (to === undefined) throw new Error(`No device with id ${toDeviceId}`);
    if (to.revoked_at !== null) throw new Error(`Device ${toDeviceId} is revoked`);
    const moved = await trx
      .updateTable('records_current')
      .set({ device_id: toDeviceId })
      .where('device_id', '=', fromDeviceId)
      .executeTakeFirst();
    // Sealed (v2) records too: the new phone may push their next revisions, and review answers
    // reach it. History rows (sealed_revisions) keep the device that actually sent them.
    const movedSealed = await trx
      .updateTable('sealed_current')
      .set({ device_id: toDeviceId })
      .where('device_id', '=', fromDeviceId)
      .executeTakeFirst();
    return Number(moved.numUpdatedRows) + Number(movedSealed.numUpdatedRows);
  });
}

/** The device a bearer token (by its hash) belongs to, revoked or not; undefined if none. */
export async function findDeviceByTokenHash(
  db: ServerDb,
  hash: string,
): Promise<{ id: string; revokedAt: string | null } | undefined> {
  const row = await db
    .selectFrom('devices')
    .select(['id', 'revoked_at'])
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  return row === undefined ? undefined : { id: row.id, revokedAt: row.revoked_at };
}

/** The public key a device sent at v2 enrollment (to seal review notes to it); undefined if none. */
export async function devicePublicKey(
  db: ServerDb,
  deviceId: string,
): Promise<{ jwk: PublicJwk; kid: string } | undefined> {
  const row = await db
    .selectFrom('device_public_keys')
    .select(['public_key', 'kid'])
    .where('device_id', '=', deviceId)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { jwk: publicJwkSchema.parse(JSON.parse(row.public_key)), kid: row.kid };
}

/** The public keys of the given devices (those enrolled with contract v2), by device id. */
export async function devicePublicKeys(
  db: ServerDb,
  deviceIds: readonly string[],
): Promise<Map<string, PublicJwk>> {
  const keys = new Map<string, PublicJwk>();
  const unique = [...new Set(deviceIds)];
  if (unique.length === 0) return keys;
  const rows = await db
    .selectFrom('device_public_keys')
    .select(['device_id', 'public_key'])
    .where('device_id', 'in', unique)
    .execute();
  for (const row of rows)
    keys.set(row.device_id, publicJwkSchema.parse(JSON.parse(row.public_key)));
  return keys;
}

/** Labels of the given devices (decrypted), for the console's record rows. */
export async function deviceLabels(
  db: ServerDb,
  key: DataKey,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('devices')
    .select(['id', 'label'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((row) => [row.id, unseal(key, row.label, labelContext(row.id))]));
}

/** Current records (v1 and sealed v2) each device owns. */
export async function recordCountsByDevice(db: ServerDb): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const table of ['records_current', 'sealed_current'] as const) {
    const rows = await db
      .selectFrom(table)
      .select(['device_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy('device_id')
      .execute();
    for (const row of rows)
      counts.set(row.device_id, (counts.get(row.device_id) ?? 0) + Number(row.n));
  }
  return counts;
}

/** Whether a device exists (revoked or not). */
export async function deviceExists(db: ServerDb, id: string): Promise<boolean> {
  const row = await db.selectFrom('devices').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

export interface EnrollmentCodeInfo {
  /** First 12 hex characters of the code's keyed hash: names it without revealing it. */
  id: string;
  createdAt: string;
  expiresAt: string;
  usesLeft: number;
}

/** Every enrollment code (newest first), without the codes themselves. */
export async function listEnrollmentCodes(db: ServerDb): Promise<EnrollmentCodeInfo[]> {
  const rows = await db
    .selectFrom('enrollment_codes')
    .select(['code_hash', 'created_at', 'expires_at', 'uses_left'])
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
  return rows.map((row) => ({
    id: row.code_hash.slice(0, 12),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usesLeft: Number(row.uses_left),
  }));
}
